"""The TrustVault platform API and calls to any listing through the gateway."""

from __future__ import annotations

import email.utils
import json as jsonlib
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Literal, cast

from .errors import ProblemDetails, TrustVaultApiError
from .models import (
    ApiKey,
    CanceledSubscription,
    CatalogListing,
    CreatedPlan,
    ImportedOpenApi,
    ListingChanges,
    ListingReviewStatus,
    NewPlan,
    SubscriptionOutcome,
    CallDetails,
    CreatedWebhookEndpoint,
    FailedCall,
    Invoice,
    InvoiceSummary,
    IssuedApiKey,
    ListPage,
    Organization,
    PrivacyBudget,
    PrivacyDataset,
    ProviderListing,
    Subscription,
    UsageGroup,
    UsageReport,
    WebhookDelivery,
    WebhookEndpoint,
)
from .paillier import PaillierPublicKey, from_base64, to_base64

API_KEY_HEADER = "X-Api-Key"
QUOTA_REMAINING_HEADER = "X-Quota-Remaining"
PRIVACY_LISTING = "privacy-analytics"
USER_AGENT = "trustvault-python/0.1.0"


@dataclass(frozen=True)
class HttpRequest:
    """What the client sends; a transport turns it into an :class:`HttpResponse`."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None


@dataclass(frozen=True)
class HttpResponse:
    """An answer, read whole. Header names are kept in lower case; :meth:`header` looks them up in any case."""

    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; numbers with a fraction as ``Decimal``, so money stays exact."""
        return jsonlib.loads(self.body, parse_float=Decimal)


Transport = Callable[[HttpRequest], HttpResponse]


def urllib_transport(timeout: float = 100.0) -> Transport:
    """Sends with the standard library's urllib, which honours the usual proxy environment variables."""

    def send(request: HttpRequest) -> HttpResponse:
        sent = urllib.request.Request(request.url, data=request.body, headers=request.headers, method=request.method)
        try:
            with urllib.request.urlopen(sent, timeout=timeout) as answer:
                return HttpResponse(answer.status, answer.reason, _lower_case(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as answer:
            # urllib raises for any error status; the client wants the answer itself, problem body included.
            with answer:
                return HttpResponse(answer.code, answer.reason, _lower_case(answer.headers.items()), answer.read())

    return send


class TrustVaultClient:
    """The platform API (``/api/v1``, with a personal access token ``tvp_…``) and any listing through the gateway
    (``/gw/{listing}/{path}``, with an API key).

    Every error answer raises :class:`TrustVaultApiError` carrying its problem details; a 429 is retried after its
    Retry-After, within the bounds below, unless it reports a used-up monthly quota, which no wait short of the next
    month cures.

    :param base_url: where TrustVault runs, e.g. ``https://trustvault.example.com`` (a path prefix is kept).
    :param personal_access_token: for the platform API: ``tvp_…`` from Account settings → Personal access tokens.
    :param api_key: for calls through the gateway: an API key of a subscribed organization.
    :param max_attempts: attempts per call, the first included; 1 turns retrying off.
    :param max_retry_wait: the longest single wait in seconds; a 429 asking for more is raised at once rather than
        blocking the caller.
    :param default_retry_wait: the wait in seconds when a 429 names none.
    :param timeout: seconds the default transport waits for an answer.
    :param transport: sends a request and returns the answer; tests pass a scripted one.
    :param sleep: how to wait; tests replace it to record the waits instead of sleeping.
    :param now: the clock for Retry-After given as an HTTP date.
    """

    def __init__(
        self,
        base_url: str,
        *,
        personal_access_token: str | None = None,
        api_key: str | None = None,
        max_attempts: int = 4,
        max_retry_wait: float = 30.0,
        default_retry_wait: float = 1.0,
        timeout: float = 100.0,
        transport: Transport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be a whole number of at least 1.")
        # A trailing slash keeps a path prefix (https://host/trustvault/) when relative routes are joined to it.
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._personal_access_token = personal_access_token
        self._api_key = api_key
        self._max_attempts = max_attempts
        self._max_retry_wait = max_retry_wait
        self._default_retry_wait = default_retry_wait
        self._transport = transport or urllib_transport(timeout)
        self._sleep = sleep
        self._now = now

    # Platform API.

    def list_organizations(self, page: int = 1, page_size: int = 20) -> ListPage[Organization]:
        """The organizations the token's user is a member of, with the role in each, the personal one first and then by
        name: ``page`` from 1, ``page_size`` 1 to 100."""
        return cast(ListPage[Organization], self._platform("GET", f"organizations?page={page}&pageSize={page_size}"))

    def get_catalog_listing(self, slug: str) -> CatalogListing:
        """A published API by its slug (e.g. ``"ai-analytics"``) with the plans open to new subscribers, cheapest first: a
        plan's ``id`` is what :meth:`subscribe` takes. A renamed listing answers at its old slug too, with its new
        ``slug``; no published API at the slug raises a 404."""
        return cast(CatalogListing, self._platform("GET", f"catalog/{_id(slug)}"))

    def list_keys(self, organization_id: str, page: int = 1, page_size: int = 20) -> ListPage[ApiKey]:
        """The organization's keys, revoked and rotated ones included, newest first: ``page`` from 1, ``page_size`` 1 to 100."""
        return cast(
            ListPage[ApiKey],
            self._platform("GET", f"organizations/{_id(organization_id)}/keys?page={page}&pageSize={page_size}"),
        )

    def create_key(
        self, organization_id: str, name: str, *, expires_at: datetime | str | None = None, test: bool = False
    ) -> IssuedApiKey:
        """Creates a key; the answer's ``secret`` is shown this once. Needs a token with the write scope.

        :param expires_at: an aware datetime or ISO 8601 text; none: the key does not expire.
        :param test: a test-mode key (``tv_test_…``).
        """
        expiry = expires_at.isoformat() if isinstance(expires_at, datetime) else expires_at
        body = {"name": name, "expiresAt": expiry, "test": test}
        return cast(IssuedApiKey, self._platform("POST", f"organizations/{_id(organization_id)}/keys", body))

    def rotate_key(self, organization_id: str, key_id: str, grace_hours: int | None = None) -> IssuedApiKey:
        """Issues a replacement key; the old one keeps working for ``grace_hours`` (0 to 168, server default 24)."""
        body = {"graceHours": grace_hours}
        return cast(IssuedApiKey, self._platform("POST", f"organizations/{_id(organization_id)}/keys/{_id(key_id)}/rotate", body))

    def revoke_key(self, organization_id: str, key_id: str) -> None:
        self._platform("DELETE", f"organizations/{_id(organization_id)}/keys/{_id(key_id)}", expect_body=False)

    def list_subscriptions(self, organization_id: str, page: int = 1, page_size: int = 20) -> ListPage[Subscription]:
        """The organization's live subscriptions with their plans, newest first: ``page`` from 1, ``page_size`` 1 to 100."""
        return cast(
            ListPage[Subscription],
            self._platform("GET", f"organizations/{_id(organization_id)}/subscriptions?page={page}&pageSize={page_size}"),
        )

    def get_usage(self, organization_id: str, days: int = 30) -> UsageReport:
        """Calls and errors per day over ``days`` (1 to 90, today included) and the remaining quota of each subscription."""
        return cast(UsageReport, self._platform("GET", f"organizations/{_id(organization_id)}/usage?days={days}"))

    def get_usage_groups(
        self,
        organization_id: str,
        page: int = 1,
        page_size: int = 20,
        *,
        from_day: str | None = None,
        to_day: str | None = None,
        key_id: str | None = None,
        listing_id: str | None = None,
        route: str | None = None,
        status_class: str | None = None,
    ) -> ListPage[UsageGroup]:
        """Calls per UTC day, key, endpoint and status class, as the console's Usage page shows them. Days are yyyy-mm-dd,
        both included, at most 90 (the last 30 by default); ``status_class`` is "2xx" to "5xx"; ``page`` from 1."""
        query = _usage_query(page, page_size, from_day, to_day, key_id, listing_id, route, status_class)
        return cast(ListPage[UsageGroup], self._platform("GET", f"organizations/{_id(organization_id)}/usage/groups?{query}"))

    def list_failed_calls(
        self,
        organization_id: str,
        page: int = 1,
        page_size: int = 20,
        *,
        from_day: str | None = None,
        to_day: str | None = None,
        key_id: str | None = None,
        listing_id: str | None = None,
        route: str | None = None,
        status_class: str | None = None,
    ) -> ListPage[FailedCall]:
        """The calls answered 4xx or 5xx, newest first, with their request ids; the same filters as the groups."""
        query = _usage_query(page, page_size, from_day, to_day, key_id, listing_id, route, status_class)
        return cast(ListPage[FailedCall], self._platform("GET", f"organizations/{_id(organization_id)}/usage/errors?{query}"))

    def get_call(self, organization_id: str, request_id: str) -> CallDetails:
        """One call the organization made, by its X-TrustVault-Request-Id; someone else's call is a 404, as an unknown id is."""
        return cast(CallDetails, self._platform("GET", f"organizations/{_id(organization_id)}/calls/{_id(request_id)}"))

    def get_listing_call(self, organization_id: str, request_id: str) -> CallDetails:
        """One call to one of the provider organization's listings: the customer named by organization only, no key."""
        return cast(CallDetails, self._platform("GET", f"organizations/{_id(organization_id)}/listings/calls/{_id(request_id)}"))

    def list_invoices(self, organization_id: str, page: int = 1, page_size: int = 20) -> ListPage[InvoiceSummary]:
        """Invoices, newest first: ``page`` from 1, ``page_size`` 1 to 100."""
        return cast(
            InvoiceSummary,
            self._platform("GET", f"organizations/{_id(organization_id)}/invoices?page={page}&pageSize={page_size}"),
        )

    def get_invoice(self, organization_id: str, invoice_id: str) -> Invoice:
        return cast(Invoice, self._platform("GET", f"organizations/{_id(organization_id)}/invoices/{_id(invoice_id)}"))

    def list_listings(
        self, organization_id: str, days: int = 30, page: int = 1, page_size: int = 20
    ) -> ListPage[ProviderListing]:
        """A provider organization's own listings, the latest changed first, with their traffic over the last ``days``
        (1 to 90): ``page`` from 1, ``page_size`` 1 to 100."""
        return cast(
            ListPage[ProviderListing],
            self._platform(
                "GET", f"organizations/{_id(organization_id)}/listings?days={days}&page={page}&pageSize={page_size}"
            ),
        )

    def create_listing(self, organization_id: str, listing: ListingChanges) -> ListingReviewStatus:
        """Creates a draft listing of a provider organization (Owner or Developer)."""
        return cast(ListingReviewStatus, self._platform("POST", f"organizations/{_id(organization_id)}/listings", listing))

    def update_listing(self, organization_id: str, listing_id: str, changes: ListingChanges) -> ListingReviewStatus:
        """Changes the fields given: a draft at once, a live listing through its pending revision."""
        return cast(
            ListingReviewStatus, self._platform("PATCH", f"organizations/{_id(organization_id)}/listings/{_id(listing_id)}", changes)
        )

    def import_openapi(self, organization_id: str, listing_id: str, document: str) -> ImportedOpenApi:
        """Replaces the listing's endpoints with those of an OpenAPI 3.x document (JSON or YAML); an invalid one raises with
        each error at its location in ``errors``."""
        body = {"document": document}
        return cast(
            ImportedOpenApi, self._platform("PUT", f"organizations/{_id(organization_id)}/listings/{_id(listing_id)}/openapi", body)
        )

    def create_plan(self, organization_id: str, listing_id: str, plan: NewPlan) -> CreatedPlan:
        return cast(CreatedPlan, self._platform("POST", f"organizations/{_id(organization_id)}/listings/{_id(listing_id)}/plans", plan))

    def retire_plan(self, organization_id: str, plan_id: str) -> None:
        """Closes a plan to new subscribers at once; its subscribers keep it."""
        self._platform("POST", f"organizations/{_id(organization_id)}/plans/{_id(plan_id)}/retire", expect_body=False)

    def submit_listing(self, organization_id: str, listing_id: str) -> ListingReviewStatus:
        """Submits a draft or rejected listing for review; on a live listing, checks that changes wait for review."""
        return cast(ListingReviewStatus, self._platform("POST", f"organizations/{_id(organization_id)}/listings/{_id(listing_id)}/submit"))

    def get_listing_review(self, organization_id: str, listing_id: str) -> ListingReviewStatus:
        return cast(ListingReviewStatus, self._platform("GET", f"organizations/{_id(organization_id)}/listings/{_id(listing_id)}/review"))

    def subscribe(self, organization_id: str, plan_id: str, confirm: bool = False) -> SubscriptionOutcome:
        """Subscribes to a plan: a free one at once; a paid one answers ConfirmationRequired with its quote until
        ``confirm`` is true."""
        body = {"planId": plan_id, "confirm": confirm}
        return cast(SubscriptionOutcome, self._platform("POST", f"organizations/{_id(organization_id)}/subscriptions", body))

    def change_plan(self, organization_id: str, subscription_id: str, plan_id: str, confirm: bool = False) -> SubscriptionOutcome:
        """Moves a subscription to another plan of the same API; answers ConfirmationRequired with the quote until
        ``confirm`` is true."""
        body = {"planId": plan_id, "confirm": confirm}
        return cast(
            SubscriptionOutcome,
            self._platform("POST", f"organizations/{_id(organization_id)}/subscriptions/{_id(subscription_id)}/plan", body),
        )

    def cancel_subscription(self, organization_id: str, subscription_id: str) -> CanceledSubscription:
        """Cancels at the end of the period paid for; calls work until ``endsAt``."""
        return cast(
            CanceledSubscription,
            self._platform("POST", f"organizations/{_id(organization_id)}/subscriptions/{_id(subscription_id)}/cancel"),
        )

    def withdraw_scheduled_change(self, organization_id: str, subscription_id: str) -> None:
        """Withdraws a scheduled cancellation or downgrade before it applies: the subscription keeps its plan and renews."""
        self._platform(
            "DELETE", f"organizations/{_id(organization_id)}/subscriptions/{_id(subscription_id)}/scheduled-change", expect_body=False
        )

    def list_webhooks(self, organization_id: str, page: int = 1, page_size: int = 20) -> ListPage[WebhookEndpoint]:
        """The organization's webhook endpoints in the order they were registered: ``page`` from 1, ``page_size`` 1 to 100."""
        return cast(
            ListPage[WebhookEndpoint],
            self._platform("GET", f"organizations/{_id(organization_id)}/webhooks?page={page}&pageSize={page_size}"),
        )

    def create_webhook(
        self, organization_id: str, url: str, events: list[str] | None = None, description: str | None = None
    ) -> CreatedWebhookEndpoint:
        """Registers an endpoint for ``events`` (all events when None); the answer holds its signing secret. Owners only."""
        body = {"url": url, "description": description, "allEvents": events is None, "events": events}
        return cast(CreatedWebhookEndpoint, self._platform("POST", f"organizations/{_id(organization_id)}/webhooks", body))

    def delete_webhook(self, organization_id: str, endpoint_id: str) -> None:
        self._platform("DELETE", f"organizations/{_id(organization_id)}/webhooks/{_id(endpoint_id)}", expect_body=False)

    def send_test_webhook(self, organization_id: str, endpoint_id: str) -> str:
        """Queues a ``ping`` event to this endpoint only; returns the event's id."""
        answer = self._platform("POST", f"organizations/{_id(organization_id)}/webhooks/{_id(endpoint_id)}/test")
        return cast(str, answer["eventId"])

    def list_webhook_deliveries(
        self, organization_id: str, page: int = 1, page_size: int = 20, endpoint_id: str | None = None
    ) -> ListPage[WebhookDelivery]:
        """The delivery log, newest first: ``page`` from 1, ``page_size`` 1 to 100, optionally of one endpoint."""
        endpoint = "" if endpoint_id is None else f"&endpointId={_id(endpoint_id)}"
        return cast(
            WebhookDelivery,
            self._platform(
                "GET", f"organizations/{_id(organization_id)}/webhooks/deliveries?page={page}&pageSize={page_size}{endpoint}"
            ),
        )

    def resend_webhook_delivery(self, organization_id: str, delivery_id: str) -> None:
        """Queues one more attempt of a delivery, with the same event id and body."""
        self._platform(
            "POST", f"organizations/{_id(organization_id)}/webhooks/deliveries/{_id(delivery_id)}/resend", expect_body=False
        )

    def list_privacy_datasets(self, organization_id: str, page: int = 1, page_size: int = 20) -> ListPage[PrivacyDataset]:
        """The organization's privacy datasets, newest first, archived ones included, with what each spent: ``page`` from 1,
        ``page_size`` 1 to 100. The month's cap is in each dataset's budget (:meth:`get_privacy_budget`)."""
        return cast(
            ListPage[PrivacyDataset],
            self._platform("GET", f"organizations/{_id(organization_id)}/privacy/datasets?page={page}&pageSize={page_size}"),
        )

    def create_privacy_dataset(
        self,
        organization_id: str,
        name: str,
        description: str | None = None,
        epsilon_budget: float | None = None,
        delta_budget: float | None = None,
    ) -> PrivacyDataset:
        """Registers a dataset; the differential privacy endpoints take its id as ``dataset``. Owners and developers only.

        ``epsilon_budget`` and ``delta_budget`` (0 to 0.001) default to the platform's (10 and 1e-5).
        """
        body = {"name": name, "description": description, "epsilonBudget": epsilon_budget, "deltaBudget": delta_budget}
        return cast(PrivacyDataset, self._platform("POST", f"organizations/{_id(organization_id)}/privacy/datasets", body))

    def archive_privacy_dataset(self, organization_id: str, dataset_id: str) -> None:
        """Archives a dataset: it takes no more queries; what it spent still counts against the month's cap."""
        self._platform(
            "POST", f"organizations/{_id(organization_id)}/privacy/datasets/{_id(dataset_id)}/archive", expect_body=False
        )

    def get_privacy_budget(self, organization_id: str, dataset_id: str) -> PrivacyBudget:
        """What the dataset spent of its budget and what remains, and the organization's cap for the month."""
        return cast(
            PrivacyBudget,
            self._platform("GET", f"organizations/{_id(organization_id)}/privacy/datasets/{_id(dataset_id)}/budget"),
        )

    # Gateway.

    def call(
        self,
        listing_slug: str,
        method: str,
        path: str,
        *,
        body: str | bytes | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        """Calls ``path`` (e.g. ``/v1/ping``, query string included) of the listing through the gateway with the API key.

        Send ``body`` as it is or ``json`` as application/json. A success comes back as the answer for the caller to
        read; an error status raises :class:`TrustVaultApiError`.
        """
        sent = dict(headers or {})
        content: bytes | None
        if json is not None:
            content = _json_bytes(json)
            _default_header(sent, "Content-Type", "application/json")
        elif isinstance(body, str):
            content = body.encode()
            _default_header(sent, "Content-Type", "text/plain; charset=utf-8")
        else:
            content = body
            if content is not None:
                _default_header(sent, "Content-Type", "application/octet-stream")
        return self._send(method, _gateway_route(listing_slug, path), content, "key", sent)

    def get_json(self, listing_slug: str, path: str) -> Any:
        return _read(self.call(listing_slug, "GET", path))

    def post_json(self, listing_slug: str, path: str, body: Any) -> Any:
        return _read(self.call(listing_slug, "POST", path, json=body))

    def paillier_sum(self, public_key: PaillierPublicKey, ciphertexts: Iterable[int]) -> int:
        """The privacy API's encrypted sum: the server multiplies the ciphertexts, which adds their plaintexts, and
        never sees one. Decrypt the answer with the :class:`PaillierKeyPair` that encrypted them."""
        # The compact encoding: base64 is a little over half the size of decimal, and the server reads it in linear time.
        body = {"publicKey": {"n": to_base64(public_key.n)}, "ciphertexts": [to_base64(c) for c in ciphertexts], "encoding": "base64"}
        answer = self.post_json(PRIVACY_LISTING, "/v1/paillier/sum", body)
        return from_base64(answer["ciphertext"])

    def _platform(self, method: str, route: str, body: Any = None, *, expect_body: bool = True) -> Any:
        content = None if body is None else _json_bytes(body)
        headers = {} if content is None else {"Content-Type": "application/json"}
        response = self._send(method, "api/v1/" + route, content, "token", headers)
        # DELETE answers 204 and resend 202: nothing worth reading.
        return _read(response) if expect_body else None

    def _send(
        self, method: str, route: str, body: bytes | None, auth: Literal["token", "key"], headers: dict[str, str]
    ) -> HttpResponse:
        credential = self._personal_access_token if auth == "token" else self._api_key
        if not credential:
            raise ValueError(
                "The platform API needs a personal access token (tvp_…): pass personal_access_token to the TrustVaultClient."
                if auth == "token"
                else "Calls through the gateway need an API key: pass api_key to the TrustVaultClient."
            )

        sent = {"Accept": "application/json, application/problem+json", "User-Agent": USER_AGENT, **headers}
        if auth == "token":
            sent["Authorization"] = f"Bearer {credential}"
        else:
            sent[API_KEY_HEADER] = credential
        request = HttpRequest(method.upper(), urllib.parse.urljoin(self._base_url, route), sent, body)

        # The body is bytes, so a retry sends the same one again.
        attempt = 1
        while True:
            response = self._transport(request)
            if response.ok:
                return response

            retry_after = response.header("Retry-After")
            wait = self._retry_wait(retry_after)
            if (
                response.status != 429
                or _is_quota_used_up(response)
                or attempt >= self._max_attempts
                or wait > self._max_retry_wait
            ):
                raise _to_error(response, None if retry_after is None else wait)

            self._sleep(wait)
            attempt += 1

    def _retry_wait(self, retry_after: str | None) -> float:
        """Retry-After as delay-seconds or as an HTTP date (RFC 9110 §10.2.3); a date in the past means now."""
        if retry_after is None:
            return self._default_retry_wait
        value = retry_after.strip()
        if re.fullmatch(r"[0-9]+", value):
            return float(value)
        try:
            at = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return self._default_retry_wait
        if at.tzinfo is None:
            # RFC 9110's IMF-fixdate is always GMT; a date written without a zone means the same.
            at = at.replace(tzinfo=timezone.utc)
        return max(0.0, (at - self._now()).total_seconds())


def _is_quota_used_up(response: HttpResponse) -> bool:
    """The gateway's monthly-quota 429 reports no calls left; its Retry-After points at next month."""
    remaining = response.header(QUOTA_REMAINING_HEADER)
    return remaining is not None and any(v.strip() == "0" for v in remaining.split(","))


def _to_error(response: HttpResponse, retry_after: float | None) -> TrustVaultApiError:
    text = response.text()
    problem: ProblemDetails | None = None
    if "json" in (response.header("Content-Type") or "").lower():
        try:
            parsed = response.json()
        except ValueError:
            parsed = None  # Not a problem document after all: fall through to the plain-text description.
        if isinstance(parsed, dict):
            problem = cast(ProblemDetails, parsed)
    if problem is None:
        problem = {
            "status": response.status,
            "title": response.reason or None,
            "detail": text[:500] if text.strip() else None,
        }
    return TrustVaultApiError(response.status, problem, retry_after)


def _read(response: HttpResponse) -> Any:
    if not response.body:
        raise TrustVaultApiError(
            response.status,
            {"status": response.status, "title": "Empty answer", "detail": "The answer had no body where JSON was expected."},
        )
    return response.json()


def _json_bytes(value: Any) -> bytes:
    return jsonlib.dumps(value, separators=(",", ":")).encode()


def _gateway_route(listing_slug: str, path: str) -> str:
    if not listing_slug.strip():
        raise ValueError("Name the listing to call, e.g. ai-analytics.")
    return f"gw/{urllib.parse.quote(listing_slug, safe='')}/{path.lstrip('/')}"


def _default_header(headers: dict[str, str], name: str, value: str) -> None:
    if not any(existing.lower() == name.lower() for existing in headers):
        headers[name] = value


def _usage_query(
    page: int,
    page_size: int,
    from_day: str | None,
    to_day: str | None,
    key_id: str | None,
    listing_id: str | None,
    route: str | None,
    status_class: str | None,
) -> str:
    filters = {"from": from_day, "to": to_day, "keyId": key_id, "listingId": listing_id, "route": route, "statusClass": status_class}
    query = {name: value for name, value in filters.items() if value is not None}
    return urllib.parse.urlencode({**query, "page": page, "pageSize": page_size})


def _id(value: str) -> str:
    return urllib.parse.quote(str(value), safe="")


def _lower_case(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged
