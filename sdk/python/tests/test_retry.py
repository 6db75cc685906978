import unittest
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from email.utils import format_datetime
from typing import Any

from trustvault import HttpResponse, TrustVaultApiError, TrustVaultClient

from .stub import ScriptedTransport, ok, problem, rate_limited


class RetryTests(unittest.TestCase):
    """The client's handling of 429 against a scripted transport: waits out Retry-After within its bounds, never a
    used-up monthly quota."""

    def client(self, transport: ScriptedTransport, **options: Any) -> TrustVaultClient:
        self.waits: list[float] = []
        return TrustVaultClient(
            "http://trustvault.test", api_key="tv_test_key", transport=transport, sleep=self.waits.append, **options
        )

    def test_waits_the_retry_after_seconds_and_sends_the_same_body_again(self) -> None:
        transport = ScriptedTransport(rate_limited("2"), ok({"ciphertext": "7", "count": 1}))

        result = self.client(transport).post_json("privacy-analytics", "/v1/paillier/sum", {"value": 42})

        self.assertEqual(result["ciphertext"], "7")
        self.assertEqual(self.waits, [2.0])
        self.assertEqual(len(transport.requests), 2)
        for request in transport.requests:
            self.assertEqual(request.url, "http://trustvault.test/gw/privacy-analytics/v1/paillier/sum")
            self.assertEqual(request.method, "POST")
            self.assertEqual(request.body, b'{"value":42}')
            self.assertEqual(request.headers["X-Api-Key"], "tv_test_key")
            self.assertEqual(request.headers["Content-Type"], "application/json")

    def test_waits_until_a_retry_after_http_date(self) -> None:
        now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
        transport = ScriptedTransport(rate_limited(format_datetime(now + timedelta(seconds=3), usegmt=True)), ok({}))

        response = self.client(transport, now=lambda: now).call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(response.status, 200)
        self.assertEqual(self.waits, [3.0])

    def test_retries_a_retry_after_date_already_past_at_once(self) -> None:
        now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
        transport = ScriptedTransport(rate_limited("Wed, 25 Nov 2026 11:59:00 GMT"), ok({}))

        self.client(transport, now=lambda: now).call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(self.waits, [0.0])

    def test_waits_the_default_when_a_429_names_no_retry_after(self) -> None:
        transport = ScriptedTransport(problem(429, "Too many requests", "Slow down."), ok({}))

        self.client(transport, default_retry_wait=0.25).call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(self.waits, [0.25])

    def test_does_not_retry_a_used_up_monthly_quota(self) -> None:
        quota = problem(
            429,
            "Monthly quota used up",
            "All 1,000 calls of this month's plan are used.",
            {"Retry-After": str(5 * 24 * 3600), "X-Quota-Remaining": "0"},
        )
        transport = ScriptedTransport(quota, ok({}))

        with self.assertRaises(TrustVaultApiError) as raised:
            self.client(transport).call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(raised.exception.status, 429)
        self.assertEqual(raised.exception.title, "Monthly quota used up")
        self.assertEqual(raised.exception.retry_after, 5 * 24 * 3600)
        self.assertEqual(len(transport.requests), 1)
        self.assertEqual(self.waits, [])

    def test_does_not_retry_an_exhausted_privacy_budget_a_403_that_no_wait_can_change(self) -> None:
        exhausted = problem(
            403,
            "Privacy budget exhausted",
            "The privacy budget of dataset 'orders' does not cover this query.",
            type="https://trustvault.dev/problems/privacy-budget-exhausted",
            dataset="orders",
            remainingEpsilon=0.5,
            remainingDelta=0,
        )
        transport = ScriptedTransport(exhausted, ok({}))

        with self.assertRaises(TrustVaultApiError) as raised:
            self.client(transport).post_json(
                "privacy-analytics", "/v1/dp/count", {"dataset": "orders", "values": [1, 2], "mechanism": "laplace", "epsilon": 1}
            )

        self.assertEqual(raised.exception.status, 403)
        self.assertEqual(raised.exception.type, "https://trustvault.dev/problems/privacy-budget-exhausted")
        self.assertEqual(raised.exception.problem.get("remainingEpsilon"), 0.5)
        self.assertEqual(len(transport.requests), 1)
        self.assertEqual(self.waits, [])

    def test_raises_at_once_when_retry_after_is_longer_than_the_longest_wait(self) -> None:
        transport = ScriptedTransport(rate_limited("300"), ok({}))

        with self.assertRaises(TrustVaultApiError) as raised:
            self.client(transport, max_retry_wait=10).call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(raised.exception.retry_after, 300)
        self.assertEqual(len(transport.requests), 1)
        self.assertEqual(self.waits, [])

    def test_stops_after_the_configured_attempts_with_the_last_problem(self) -> None:
        transport = ScriptedTransport(*[rate_limited("1") for _ in range(5)])

        with self.assertRaises(TrustVaultApiError) as raised:
            self.client(transport, max_attempts=3).call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(raised.exception.status, 429)
        self.assertEqual(raised.exception.title, "Rate limit exceeded")
        self.assertEqual(str(raised.exception), "429 Rate limit exceeded: Your plan allows 2 requests per second.")
        self.assertEqual(len(transport.requests), 3)
        self.assertEqual(len(self.waits), 2)

    def test_does_not_retry_other_errors(self) -> None:
        transport = ScriptedTransport(
            problem(503, "Upstream unavailable", "The provider did not answer.", {"Retry-After": "1"}), ok({})
        )

        with self.assertRaises(TrustVaultApiError) as raised:
            self.client(transport).call("skycast-weather", "GET", "/v1/now")

        self.assertEqual(raised.exception.status, 503)
        self.assertEqual(raised.exception.retry_after, 1)
        self.assertEqual(len(transport.requests), 1)


class RequestTests(unittest.TestCase):
    def test_refuses_a_gateway_call_without_an_api_key_before_sending(self) -> None:
        transport = ScriptedTransport(ok({}))
        client = TrustVaultClient("http://trustvault.test", personal_access_token="tvp_x_y", transport=transport)

        with self.assertRaisesRegex(ValueError, "API key"):
            client.call("ai-analytics", "GET", "/v1/ping")
        self.assertEqual(transport.requests, [])

    def test_refuses_a_platform_call_without_a_token_before_sending(self) -> None:
        transport = ScriptedTransport(ok([]))
        client = TrustVaultClient("http://trustvault.test", api_key="tv_live_x_y", transport=transport)

        with self.assertRaisesRegex(ValueError, "personal access token"):
            client.list_organizations()
        self.assertEqual(transport.requests, [])

    def test_sends_the_token_as_a_bearer_and_keeps_a_base_urls_path_prefix(self) -> None:
        transport = ScriptedTransport(ok([]))
        client = TrustVaultClient("https://example.com/trustvault", personal_access_token="tvp_abc_def", transport=transport)

        client.list_organizations()

        self.assertEqual(transport.requests[0].url, "https://example.com/trustvault/api/v1/organizations?page=1&pageSize=20")
        self.assertEqual(transport.requests[0].headers["Authorization"], "Bearer tvp_abc_def")

    def test_describes_an_error_answer_that_is_not_problem_json_by_its_status_and_text(self) -> None:
        transport = ScriptedTransport(HttpResponse(502, "Bad Gateway", {"content-type": "text/plain"}, b"upstream exploded"))
        client = TrustVaultClient("http://trustvault.test", api_key="tv_live_x_y", transport=transport)

        with self.assertRaises(TrustVaultApiError) as raised:
            client.call("ai-analytics", "GET", "/v1/ping")

        self.assertEqual(raised.exception.status, 502)
        self.assertEqual(raised.exception.title, "Bad Gateway")
        self.assertEqual(raised.exception.detail, "upstream exploded")
        self.assertEqual(raised.exception.errors, {})
        self.assertIsNone(raised.exception.retry_after)

    def test_carries_a_validation_problems_errors_per_field(self) -> None:
        answer = problem(400, "Invalid input", "See errors.", errors={"pageSize": ["Choose 1 to 100 invoices a page."]})
        transport = ScriptedTransport(answer)
        client = TrustVaultClient("http://trustvault.test", personal_access_token="tvp_abc_def", transport=transport)

        with self.assertRaises(TrustVaultApiError) as raised:
            client.list_invoices("org", 1, 500)

        self.assertEqual(transport.requests[0].url, "http://trustvault.test/api/v1/organizations/org/invoices?page=1&pageSize=500")
        self.assertEqual(raised.exception.errors["pageSize"], ["Choose 1 to 100 invoices a page."])

    def test_reads_decimal_numbers_exactly(self) -> None:
        transport = ScriptedTransport(ok({"page": 1, "pageSize": 20, "total": 1, "items": [{"monthlyPrice": 0.1, "includedCallsPerMonth": 1000}]}))
        client = TrustVaultClient("http://trustvault.test", personal_access_token="tvp_abc_def", transport=transport)

        subscription = client.list_subscriptions("org")["items"][0]

        self.assertEqual(subscription["monthlyPrice"], Decimal("0.1"))
        self.assertIsInstance(subscription["includedCallsPerMonth"], int)

    def test_escapes_the_catalog_slug(self) -> None:
        transport = ScriptedTransport(ok({"slug": "a-b", "plans": [{"id": "p", "monthlyPrice": 49.0, "overagePricePer1000": None}]}))
        client = TrustVaultClient("http://trustvault.test", personal_access_token="tvp_abc_def", transport=transport)

        listing = client.get_catalog_listing("a/b c")

        self.assertEqual(transport.requests[0].url, "http://trustvault.test/api/v1/catalog/a%2Fb%20c")
        self.assertEqual(listing["plans"][0]["monthlyPrice"], Decimal("49.0"))
