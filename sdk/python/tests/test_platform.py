import time
import unittest
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from trustvault import TrustVaultApiError, UsageReport

from .live import gateway, globex, live, platform

ANALYTICS = "ai-analytics"
T = TypeVar("T")


def eventually(read: Callable[[], T], done: Callable[[T], bool], timeout: float = 30.0) -> T:
    """Waits for the usage recorder, which writes calls in the background, to count what a test did."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.25)


@live
class PlatformAndGatewayTests(unittest.TestCase):
    """The client against the running app: the platform API with the demo customer's token, the gateway with a key it
    creates."""

    def test_creates_a_key_that_calls_a_first_party_api_through_the_gateway_and_the_call_shows_in_usage(self) -> None:
        client = platform()
        organization = globex(client)
        org = organization["organizationId"]
        self.assertEqual(organization["role"], "Owner")
        subscription = next(s for s in client.list_subscriptions(org)["items"] if s["listingSlug"] == ANALYTICS)
        self.assertEqual(subscription["status"], "Active")
        before = client.get_usage(org, 1)
        used_before = next((q["used"] for q in before["quotas"] if q["subscriptionId"] == subscription["id"]), 0)

        issued = client.create_key(org, "python sdk test key")
        self.assertTrue(issued["secret"].startswith("tv_live_"))
        self.assertTrue(any(k["id"] == issued["key"]["id"] and k["isUsable"] for k in client.list_keys(org)["items"]))
        ping = gateway(issued["secret"]).get_json(ANALYTICS, "/v1/ping")
        self.assertEqual((ping["status"], ping["api"]), ("ok", ANALYTICS))

        after: UsageReport = eventually(lambda: client.get_usage(org, 1), lambda u: u["usage"]["calls"] > before["usage"]["calls"])
        self.assertGreater(after["usage"]["calls"], before["usage"]["calls"])
        self.assertTrue(any(d["listingId"] == subscription["listingId"] and d["calls"] > 0 for d in after["usage"]["daily"]))
        quota = next(q for q in after["quotas"] if q["subscriptionId"] == subscription["id"])
        self.assertGreater(quota["used"], used_before)
        self.assertEqual(quota["remaining"], max(0, quota["included"] - quota["used"]))

    def test_waits_out_the_gateways_per_second_rate_limit_so_a_burst_of_calls_all_succeed(self) -> None:
        client = platform()
        issued = client.create_key(globex(client)["organizationId"], "python sdk burst key")
        caller = gateway(issued["secret"])

        # The demo plan allows 2 calls a second: the rest get 429 with Retry-After and are sent again.
        with ThreadPoolExecutor(max_workers=5) as pool:
            answers = list(pool.map(lambda _: caller.get_json(ANALYTICS, "/v1/ping"), range(5)))

        self.assertEqual([a["status"] for a in answers], ["ok"] * 5)

    def test_rotates_a_key_to_a_new_secret_while_the_old_key_stays_listed(self) -> None:
        client = platform()
        org = globex(client)["organizationId"]
        issued = client.create_key(org, "python sdk rotated key")

        replacement = client.rotate_key(org, issued["key"]["id"], 1)

        self.assertNotEqual(replacement["secret"], issued["secret"])
        keys = client.list_keys(org)["items"]
        self.assertTrue(any(k["id"] == issued["key"]["id"] for k in keys))
        self.assertTrue(any(k["id"] == replacement["key"]["id"] and k["isUsable"] for k in keys))

    def test_revokes_a_key_which_the_gateway_then_refuses_with_a_401_problem(self) -> None:
        client = platform()
        org = globex(client)["organizationId"]
        issued = client.create_key(org, "python sdk revoked key")

        client.revoke_key(org, issued["key"]["id"])

        with self.assertRaises(TrustVaultApiError) as raised:
            gateway(issued["secret"]).call(ANALYTICS, "GET", "/v1/ping")
        self.assertEqual(raised.exception.status, 401)
        self.assertEqual(raised.exception.problem.get("status"), 401)

    def test_lists_subscriptions_and_pages_of_invoices(self) -> None:
        client = platform()
        org = globex(client)["organizationId"]

        subscriptions = client.list_subscriptions(org)["items"]
        invoices = client.list_invoices(org, 1, 5)

        self.assertLessEqual({"ai-analytics", "skycast-weather", "geopoint-geocoding"}, {s["listingSlug"] for s in subscriptions})
        self.assertTrue(all(s["period"]["start"] < s["period"]["end"] for s in subscriptions))
        self.assertEqual((invoices["page"], invoices["pageSize"]), (1, 5))
        self.assertLessEqual(len(invoices["items"]), 5)
        # The demo seed bills the months before its first start, as the monthly job would have.
        first = invoices["items"][0]
        invoice = client.get_invoice(org, first["id"])
        self.assertEqual(invoice["number"], first["number"])
        self.assertGreater(len(invoice["lines"]), 0)
        with self.assertRaises(TrustVaultApiError) as raised:
            client.get_invoice(org, str(uuid.uuid4()))
        self.assertEqual(raised.exception.status, 404)

    def test_gets_a_catalog_listing_whose_plan_ids_are_the_ones_subscribing_uses_an_unknown_slug_is_a_404(self) -> None:
        client = platform()
        subscription = next(s for s in client.list_subscriptions(globex(client)["organizationId"])["items"] if s["listingSlug"] == ANALYTICS)

        listing = client.get_catalog_listing(ANALYTICS)

        self.assertEqual((listing["slug"], listing["id"]), (ANALYTICS, subscription["listingId"]))
        self.assertTrue(any(p["monthlyPrice"] == 0 for p in listing["plans"]))
        # The demo customer subscribed to one of them: the catalog's plan ids are the ones subscribe takes.
        self.assertIn(subscription["planId"], [p["id"] for p in listing["plans"]])
        with self.assertRaises(TrustVaultApiError) as raised:
            client.get_catalog_listing("no-such-api")
        self.assertEqual(raised.exception.status, 404)

    def test_drills_usage_down_and_finds_a_failed_call_by_its_request_id(self) -> None:
        client = platform()
        organization = globex(client)
        org = organization["organizationId"]

        groups = client.get_usage_groups(org, 1, 100)
        failed = client.list_failed_calls(org, 1, 5, status_class="5xx")

        # The demo seed gives Globex two weeks of calls, a few of them 500s.
        self.assertGreater(groups["total"], 0)
        self.assertTrue(all(g["statusClass"] in {"2xx", "3xx", "4xx", "5xx"} for g in groups["items"]))
        first = failed["items"][0]
        self.assertGreaterEqual(first["status"], 500)
        call = client.get_call(org, first["requestId"])
        self.assertEqual(
            (call["requestId"], call["status"], call["keyName"], call["organization"]),
            (first["requestId"], first["status"], first["keyName"], organization["name"]),
        )
        for lookup in (lambda: client.get_call(org, "no-such-request"), lambda: client.get_listing_call(org, first["requestId"])):
            with self.assertRaises(TrustVaultApiError) as raised:
                lookup()
            self.assertEqual(raised.exception.status, 404)
        with self.assertRaises(TrustVaultApiError) as raised:
            client.get_usage_groups(org, from_day="2026-02-01", to_day="2026-01-01")
        self.assertEqual(raised.exception.status, 400)
        self.assertIn("from", raised.exception.errors)

    def test_registers_a_webhook_endpoint_queues_a_test_event_then_deletes_it_a_private_address_is_refused(self) -> None:
        client = platform()
        org = globex(client)["organizationId"]

        with self.assertRaises(TrustVaultApiError) as refused:
            client.create_webhook(org, "https://10.0.0.5/hooks")
        created = client.create_webhook(org, "https://hooks.example.com/trustvault", ["key.created", "key.revoked"], "python sdk test")
        event_id = client.send_test_webhook(org, created["endpoint"]["id"])
        deliveries = client.list_webhook_deliveries(org, 1, 20, created["endpoint"]["id"])
        client.delete_webhook(org, created["endpoint"]["id"])

        self.assertEqual(refused.exception.status, 400)
        self.assertIn("url", [k.lower() for k in refused.exception.errors])
        self.assertTrue(created["secret"].startswith("whsec_"))
        self.assertEqual(created["endpoint"]["events"], ["key.created", "key.revoked"])
        self.assertEqual([(d["eventId"], d["eventType"]) for d in deliveries["items"]], [(event_id, "ping")])
        self.assertNotIn(created["endpoint"]["id"], [e["id"] for e in client.list_webhooks(org)["items"]])

    def test_registers_a_privacy_dataset_spends_its_budget_with_a_dp_count_through_the_gateway_then_archives_it(self) -> None:
        client = platform()
        org = globex(client)["organizationId"]
        demo_key = "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction"
        body = {"values": [1, 2, 3], "mechanism": "laplace", "epsilon": 0.5}

        dataset = client.create_privacy_dataset(org, f"python sdk {uuid.uuid4()}", epsilon_budget=2, delta_budget=0)
        count = gateway(demo_key).post_json("privacy-analytics", "/v1/dp/count", {**body, "dataset": dataset["id"]})
        budget = client.get_privacy_budget(org, dataset["id"])
        client.archive_privacy_dataset(org, dataset["id"])
        with self.assertRaises(TrustVaultApiError) as archived:
            gateway(demo_key).post_json("privacy-analytics", "/v1/dp/count", {**body, "dataset": dataset["id"]})

        self.assertEqual(count["dataset"], dataset["id"])
        self.assertAlmostEqual(count["budget"]["remainingEpsilon"], 1.5, places=9)
        self.assertEqual((budget["dataset"]["queries"], budget["dataset"]["spentEpsilon"]), (1, 0.5))
        self.assertEqual(archived.exception.status, 409)
        listed = [d for d in client.list_privacy_datasets(org)["items"] if d["id"] == dataset["id"]]
        self.assertIsNotNone(listed[0]["archivedAt"])

    def test_lists_no_listings_for_an_organization_that_provides_none(self) -> None:
        client = platform()

        self.assertEqual(client.list_listings(globex(client)["organizationId"], 7)["items"], [])

    def test_surfaces_an_invalid_token_as_a_401_error_with_the_problems_title_and_detail(self) -> None:
        with self.assertRaises(TrustVaultApiError) as raised:
            platform("tvp_000000000000_nope").list_organizations()

        self.assertEqual(raised.exception.status, 401)
        self.assertEqual(raised.exception.title, "Unauthorized")
        self.assertRegex(raised.exception.detail or "", "unknown, expired or revoked")
        self.assertTrue(str(raised.exception).startswith("401 Unauthorized"))

    def test_surfaces_invalid_input_as_a_400_error_naming_the_field(self) -> None:
        client = platform()

        with self.assertRaises(TrustVaultApiError) as raised:
            client.get_usage(globex(client)["organizationId"], 365)

        self.assertEqual(raised.exception.status, 400)
        self.assertRegex(raised.exception.errors["days"][0], "90")

    def test_surfaces_an_organization_the_user_is_not_in_as_a_404_error(self) -> None:
        with self.assertRaises(TrustVaultApiError) as raised:
            platform().list_keys(str(uuid.uuid4()))

        self.assertEqual(raised.exception.status, 404)
        self.assertTrue(raised.exception.title)
        self.assertTrue(raised.exception.detail)

    def test_surfaces_a_listing_the_organization_does_not_subscribe_to_as_a_403_error(self) -> None:
        client = platform()
        issued = client.create_key(globex(client)["organizationId"], "python sdk unsubscribed key")

        with self.assertRaises(TrustVaultApiError) as raised:
            gateway(issued["secret"]).call("onchain-analytics", "GET", "/v1/ping")

        self.assertEqual(raised.exception.status, 403)
        self.assertEqual(raised.exception.title, "No subscription")

    def test_refuses_the_current_plan_another_organizations_subscription_and_publishing_without_provider_terms(self) -> None:
        client = platform()
        organization = globex(client)["organizationId"]
        subscription = next(s for s in client.list_subscriptions(organization)["items"] if s["listingSlug"] == ANALYTICS)
        unknown = str(uuid.uuid4())

        def refusal(call: Callable[[], object]) -> TrustVaultApiError:
            with self.assertRaises(TrustVaultApiError) as raised:
                call()
            return raised.exception

        current = refusal(lambda: client.change_plan(organization, subscription["id"], subscription["planId"], True))
        again = refusal(lambda: client.subscribe(organization, subscription["planId"]))
        canceled = refusal(lambda: client.cancel_subscription(organization, unknown))
        created = refusal(lambda: client.create_listing(organization, {"name": "Tides", "slug": "py-sdk-tides", "summary": "Tides.", "category": "Weather"}))
        missing = [
            refusal(lambda: client.get_listing_review(organization, unknown)),
            refusal(lambda: client.update_listing(organization, unknown, {"version": "2.0.0"})),
        ]
        provider_only = [
            refusal(lambda: client.import_openapi(organization, unknown, "openapi: 3.0.3")),
            refusal(lambda: client.create_plan(organization, unknown, {"name": "Free"})),
            refusal(lambda: client.submit_listing(organization, unknown)),
            refusal(lambda: client.retire_plan(organization, unknown)),
        ]

        self.assertEqual((current.status, current.errors["planId"][0]), (400, "This is your current plan."))
        self.assertIn("planId", again.errors)
        self.assertEqual((canceled.status, canceled.detail), (404, "The subscription does not exist."))
        self.assertEqual((created.status, created.detail), (403, "Accept the provider terms before publishing listings."))
        self.assertEqual([(e.status, e.detail) for e in missing], [(404, "The listing does not exist.")] * 2)
        self.assertEqual([e.detail for e in provider_only], ["Accept the provider terms before publishing listings."] * 4)
