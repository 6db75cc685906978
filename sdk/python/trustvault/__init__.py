"""TrustVault's Python client: the platform API, calls through the gateway, webhook signatures and Paillier sums.

The standard library only; Python 3.11 or later.
"""

from .client import (
    API_KEY_HEADER,
    PRIVACY_LISTING,
    QUOTA_REMAINING_HEADER,
    HttpRequest,
    HttpResponse,
    Transport,
    TrustVaultClient,
    urllib_transport,
)
from .errors import ProblemDetails, TrustVaultApiError
from .models import (
    ApiKey,
    BillingPeriod,
    CreatedWebhookEndpoint,
    DailyUsage,
    Invoice,
    InvoiceLine,
    InvoiceList,
    InvoiceSummary,
    IssuedApiKey,
    ListingStats,
    ListingSummary,
    Money,
    Organization,
    ProviderListing,
    Subscription,
    SubscriptionQuota,
    UsageReport,
    UsageSummary,
    WebhookDelivery,
    WebhookDeliveryList,
    WebhookEndpoint,
)
from .paillier import PaillierKeyPair, PaillierPublicKey
from .webhooks import WEBHOOK_SIGNATURE_HEADER, verify_webhook_signature

__all__ = [
    "API_KEY_HEADER",
    "PRIVACY_LISTING",
    "QUOTA_REMAINING_HEADER",
    "WEBHOOK_SIGNATURE_HEADER",
    "ApiKey",
    "BillingPeriod",
    "CreatedWebhookEndpoint",
    "DailyUsage",
    "HttpRequest",
    "HttpResponse",
    "Invoice",
    "InvoiceLine",
    "InvoiceList",
    "InvoiceSummary",
    "IssuedApiKey",
    "ListingStats",
    "ListingSummary",
    "Money",
    "Organization",
    "PaillierKeyPair",
    "PaillierPublicKey",
    "ProblemDetails",
    "ProviderListing",
    "Subscription",
    "SubscriptionQuota",
    "Transport",
    "TrustVaultApiError",
    "TrustVaultClient",
    "UsageReport",
    "UsageSummary",
    "WebhookDelivery",
    "WebhookDeliveryList",
    "WebhookEndpoint",
    "urllib_transport",
    "verify_webhook_signature",
]
