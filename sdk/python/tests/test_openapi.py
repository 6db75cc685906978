import json
import re
import unittest
import urllib.request
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import trustvault.models as models
from trustvault import HttpRequest, TrustVaultClient

from .live import BASE_URL, live
from .stub import ScriptedTransport, ok

# Checks the client against the platform API's OpenAPI document as the running app serves it: every request it sends
# matches a documented operation, the client covers every operation, and every field of its answer types is in the
# documented schema, required ones all present.

TYPES_BY_SCHEMA: dict[str, type] = {
    "OrganizationMembership": models.Organization,
    "PlatformListOfOrganizationMembership": models.ListPage,
    "ApiKeyView": models.ApiKey,
    "PlatformListOfApiKeyView": models.ListPage,
    "IssuedApiKey": models.IssuedApiKey,
    "BillingPeriod": models.BillingPeriod,
    "SubscriptionView": models.Subscription,
    "PlatformListOfSubscriptionView": models.ListPage,
    "DailyUsage": models.DailyUsage,
    "UsageSummary": models.UsageSummary,
    "SubscriptionQuota": models.SubscriptionQuota,
    "UsageReport": models.UsageReport,
    "UsageGroup": models.UsageGroup,
    "PlatformListOfUsageGroup": models.ListPage,
    "FailedCall": models.FailedCall,
    "PlatformListOfFailedCall": models.ListPage,
    "CallDetails": models.CallDetails,
    "InvoiceSummary": models.InvoiceSummary,
    "PlatformListOfInvoiceSummary": models.ListPage,
    "InvoiceLine": models.InvoiceLine,
    "InvoiceDetail": models.Invoice,
    "ListingSummary": models.ListingSummary,
    "ListingStats": models.ListingStats,
    "ProviderListing": models.ProviderListing,
    "PlatformListOfProviderListing": models.ListPage,
    "WebhookEndpointView": models.WebhookEndpoint,
    "PlatformListOfWebhookEndpointView": models.ListPage,
    "CreatedWebhookEndpoint": models.CreatedWebhookEndpoint,
    "WebhookDeliveryView": models.WebhookDelivery,
    "PlatformListOfWebhookDeliveryView": models.ListPage,
    "ListingReviewStatus": models.ListingReviewStatus,
    "ListingRevisionView": models.ListingRevision,
    "ListingInput": models.ListingFields,
    "ProposedChange": models.ProposedChange,
    "ImportedOpenApi": models.ImportedOpenApi,
    "CreatedPlan": models.CreatedPlan,
    "PlanQuote": models.PlanQuote,
    "SubscriptionOutcome": models.SubscriptionOutcome,
    "CanceledSubscription": models.CanceledSubscription,
    "PrivacyDatasetView": models.PrivacyDataset,
    "PrivacyMonthView": models.PrivacyMonth,
    "PlatformListOfPrivacyDatasetView": models.ListPage,
    "PrivacyBudgetStatus": models.PrivacyBudget,
    "CatalogListing": models.CatalogListing,
    "CatalogPlan": models.CatalogPlan,
}

ORG = "01a2145e-88eb-785b-b999-d7ed15a837ab"
OTHER = "01a2145e-88fc-7c74-ad73-84ab00f41103"
EVERY_PLATFORM_CALL: list[Callable[[TrustVaultClient], Any]] = [
    lambda c: c.list_organizations(2, 10),
    lambda c: c.list_keys(ORG),
    lambda c: c.create_key(ORG, "name", expires_at=datetime.now(timezone.utc), test=True),
    lambda c: c.rotate_key(ORG, OTHER, 2),
    lambda c: c.revoke_key(ORG, OTHER),
    lambda c: c.list_subscriptions(ORG),
    lambda c: c.get_usage(ORG, 7),
    lambda c: c.list_invoices(ORG, 2, 10),
    lambda c: c.get_invoice(ORG, OTHER),
    lambda c: c.list_listings(ORG, 7),
    lambda c: c.list_webhooks(ORG),
    lambda c: c.create_webhook(ORG, "https://hooks.example.com/tv", ["key.created"], "CI"),
    lambda c: c.delete_webhook(ORG, OTHER),
    lambda c: c.send_test_webhook(ORG, OTHER),
    lambda c: c.list_webhook_deliveries(ORG, 2, 10, OTHER),
    lambda c: c.resend_webhook_delivery(ORG, OTHER),
    lambda c: c.get_usage_groups(
        ORG, 2, 10, from_day="2026-10-01", to_day="2026-10-30", key_id=OTHER, listing_id=OTHER, route="/x/v1", status_class="4xx"
    ),
    lambda c: c.list_failed_calls(ORG, from_day="2026-10-01"),
    lambda c: c.get_call(ORG, "0190aabbccdd"),
    lambda c: c.get_listing_call(ORG, "0190aabbccdd"),
    lambda c: c.create_listing(ORG, {"name": "Tides", "slug": "tides", "summary": "Tides.", "category": "Weather"}),
    lambda c: c.update_listing(ORG, OTHER, {"version": "2.0.0"}),
    lambda c: c.import_openapi(ORG, OTHER, "openapi: 3.0.3"),
    lambda c: c.create_plan(ORG, OTHER, {"name": "Free"}),
    lambda c: c.retire_plan(ORG, OTHER),
    lambda c: c.submit_listing(ORG, OTHER),
    lambda c: c.get_listing_review(ORG, OTHER),
    lambda c: c.subscribe(ORG, OTHER, True),
    lambda c: c.change_plan(ORG, OTHER, OTHER),
    lambda c: c.cancel_subscription(ORG, OTHER),
    lambda c: c.withdraw_scheduled_change(ORG, OTHER),
    lambda c: c.list_privacy_datasets(ORG),
    lambda c: c.create_privacy_dataset(ORG, "orders", "Shop orders", 5, 0),
    lambda c: c.archive_privacy_dataset(ORG, OTHER),
    lambda c: c.get_privacy_budget(ORG, OTHER),
    lambda c: c.get_catalog_listing("ai-analytics"),
]


def requests_of_every_platform_call() -> list[HttpRequest]:
    transport = ScriptedTransport(*[ok({"eventId": "e"}) for _ in EVERY_PLATFORM_CALL])
    client = TrustVaultClient("http://trustvault.test", personal_access_token="tvp_abc_def", transport=transport)
    for call in EVERY_PLATFORM_CALL:
        call(client)
    return transport.requests


def operation(document: dict[str, Any], request: HttpRequest) -> str | None:
    """The documented path template the request matches, its query parameters included, if any."""
    url = urlsplit(request.url)
    for template, operations in document["paths"].items():
        documented = operations.get(request.method.lower())
        if documented and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), url.path):
            names = {p["name"] for p in documented.get("parameters", []) if p["in"] == "query"}
            return template if set(parse_qs(url.query)) <= names else None
    return None


@live
class OpenApiDocumentTests(unittest.TestCase):
    document: dict[str, Any]

    @classmethod
    def setUpClass(cls) -> None:
        with urllib.request.urlopen(f"{BASE_URL}/api/docs/platform.json", timeout=60) as answer:
            cls.document = json.load(answer)

    def test_documents_every_operation_and_query_parameter_the_client_calls_and_the_client_calls_them_all(self) -> None:
        requests = requests_of_every_platform_call()

        undocumented = [f"{r.method} {r.url}" for r in requests if operation(self.document, r) is None]
        used = {f"{r.method.lower()} {operation(self.document, r)}" for r in requests}
        documented = [f"{method} {path}" for path, operations in self.document["paths"].items() for method in operations]

        self.assertEqual(undocumented, [])
        self.assertEqual([o for o in documented if o not in used], [])

    def test_documents_the_request_bodies_the_client_sends(self) -> None:
        requests = requests_of_every_platform_call()

        for name, request in [
            ("CreateKeyRequest", requests[2]),
            ("RotateKeyRequest", requests[3]),
            ("CreateEndpointRequest", requests[11]),
            ("CreateDatasetRequest", requests[32]),
        ]:
            schema = self.document["components"]["schemas"][name]
            sent = json.loads(request.body or b"{}")
            with self.subTest(name):
                self.assertEqual([f for f in sent if f not in schema.get("properties", {})], [])
                self.assertEqual([f for f in schema.get("required", []) if f not in sent], [])

    def test_has_every_field_of_the_answer_types_in_their_schemas_and_the_types_have_every_required_field(self) -> None:
        for name, answer_type in TYPES_BY_SCHEMA.items():
            schema = self.document["components"]["schemas"].get(name)
            with self.subTest(name):
                self.assertIsNotNone(schema, f"schema {name}")
                fields = set(answer_type.__annotations__)
                self.assertEqual(sorted(fields - set(schema.get("properties", {}))), [], "fields not in the document")
                # InvoiceLine's extra ids (invoiceId, providerOrganizationId) are server detail the clients leave out.
                self.assertEqual([f for f in schema.get("required", []) if f not in fields], [], "required fields missing")
