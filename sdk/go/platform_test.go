package trustvault_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"trustvault"
)

// The client against the running app: the platform API with the demo customer's token, the gateway with a key it
// creates.

const analytics = "ai-analytics"

type ping struct {
	Status string `json:"status"`
	API    string `json:"api"`
}

func problemOf(t *testing.T, err error) *trustvault.ProblemError {
	t.Helper()
	var problem *trustvault.ProblemError
	if !errors.As(err, &problem) {
		t.Fatalf("got %v, want a *trustvault.ProblemError", err)
	}
	return problem
}

// eventually waits for the usage recorder, which writes calls in the background, to count what a test did.
func eventually(ctx context.Context, t *testing.T, read func() *trustvault.UsageReport, done func(*trustvault.UsageReport) bool) *trustvault.UsageReport {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		value := read()
		if done(value) || time.Now().After(deadline) || ctx.Err() != nil {
			return value
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func createKey(ctx context.Context, t *testing.T, client *trustvault.Client, organizationID, name string) *trustvault.IssuedAPIKey {
	t.Helper()
	return must[*trustvault.IssuedAPIKey](t)(client.CreateKey(ctx, organizationID, trustvault.CreateKeyRequest{Name: name}))
}

func TestCreatesAKeyThatCallsAFirstPartyAPIThroughTheGatewayAndTheCallShowsInUsage(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	organization := globex(ctx, t, client)
	org := organization.OrganizationID
	if organization.Role != "Owner" {
		t.Errorf("role %s", organization.Role)
	}
	var subscription *trustvault.Subscription
	for _, s := range must[*trustvault.ListPage[trustvault.Subscription]](t)(client.ListSubscriptions(ctx, org, 1, 100)).Items {
		if s.ListingSlug == analytics {
			s := s
			subscription = &s
		}
	}
	if subscription == nil || subscription.Status != "Active" {
		t.Fatalf("subscription to %s: %+v", analytics, subscription)
	}
	usage := func() *trustvault.UsageReport { return must[*trustvault.UsageReport](t)(client.GetUsage(ctx, org, 1)) }
	used := func(report *trustvault.UsageReport) (trustvault.SubscriptionQuota, bool) {
		for _, quota := range report.Quotas {
			if quota.SubscriptionID == subscription.ID {
				return quota, true
			}
		}
		return trustvault.SubscriptionQuota{}, false
	}
	before := usage()
	quotaBefore, _ := used(before)

	issued := createKey(ctx, t, client, org, "go sdk test key")
	if !strings.HasPrefix(issued.Secret, "tv_live_") {
		t.Errorf("secret %s", issued.Secret)
	}
	listed := false
	for _, key := range must[*trustvault.ListPage[trustvault.APIKey]](t)(client.ListKeys(ctx, org, 1, 100)).Items {
		listed = listed || (key.ID == issued.Key.ID && key.IsUsable)
	}
	if !listed {
		t.Error("the new key is not listed as usable")
	}
	var answer ping
	if err := gateway(t, issued.Secret).GetJSON(ctx, analytics, "/v1/ping", &answer); err != nil || answer != (ping{"ok", analytics}) {
		t.Fatalf("ping: %+v, %v", answer, err)
	}

	after := eventually(ctx, t, usage, func(u *trustvault.UsageReport) bool { return u.Usage.Calls > before.Usage.Calls })
	if after.Usage.Calls <= before.Usage.Calls {
		t.Fatalf("calls %d, before %d", after.Usage.Calls, before.Usage.Calls)
	}
	counted := false
	for _, day := range after.Usage.Daily {
		counted = counted || (day.ListingID == subscription.ListingID && day.Calls > 0)
	}
	if !counted {
		t.Errorf("no daily calls of %s in %+v", analytics, after.Usage.Daily)
	}
	quota, found := used(after)
	remaining := quota.Included - quota.Used
	if remaining < 0 {
		remaining = 0
	}
	if !found || quota.Used <= quotaBefore.Used || quota.Remaining != remaining {
		t.Errorf("quota %+v, before %+v", quota, quotaBefore)
	}
}

func TestWaitsOutTheGatewaysPerSecondRateLimitSoABurstOfCallsAllSucceed(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	issued := createKey(ctx, t, client, globex(ctx, t, client).OrganizationID, "go sdk burst key")
	caller := gateway(t, issued.Secret)

	// The demo plan allows 2 calls a second: the rest get 429 with Retry-After and are sent again.
	answers := make([]ping, 5)
	failures := make([]error, 5)
	var calls sync.WaitGroup
	for i := range answers {
		calls.Add(1)
		go func(i int) {
			defer calls.Done()
			failures[i] = caller.GetJSON(ctx, analytics, "/v1/ping", &answers[i])
		}(i)
	}
	calls.Wait()

	for i := range answers {
		if failures[i] != nil || answers[i].Status != "ok" {
			t.Errorf("call %d: %+v, %v", i, answers[i], failures[i])
		}
	}
}

func TestRotatesAKeyToANewSecretWhileTheOldKeyStaysListed(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID
	issued := createKey(ctx, t, client, org, "go sdk rotated key")
	graceHours := 1

	replacement := must[*trustvault.IssuedAPIKey](t)(client.RotateKey(ctx, org, issued.Key.ID, &graceHours))

	if replacement.Secret == issued.Secret {
		t.Error("the replacement has the old secret")
	}
	oldListed, newUsable := false, false
	for _, key := range must[*trustvault.ListPage[trustvault.APIKey]](t)(client.ListKeys(ctx, org, 1, 100)).Items {
		oldListed = oldListed || key.ID == issued.Key.ID
		newUsable = newUsable || (key.ID == replacement.Key.ID && key.IsUsable)
	}
	if !oldListed || !newUsable {
		t.Errorf("old key listed: %v, replacement usable: %v", oldListed, newUsable)
	}
}

func TestRevokesAKeyWhichTheGatewayThenRefusesWithA401Problem(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID
	issued := createKey(ctx, t, client, org, "go sdk revoked key")

	if err := client.RevokeKey(ctx, org, issued.Key.ID); err != nil {
		t.Fatal(err)
	}

	_, err := gateway(t, issued.Secret).Call(ctx, analytics, "GET", "/v1/ping", nil, nil)
	if problem := problemOf(t, err); problem.Status != 401 {
		t.Errorf("got %+v", problem)
	}
}

func TestListsSubscriptionsAndPagesOfInvoices(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID

	subscriptions := must[*trustvault.ListPage[trustvault.Subscription]](t)(client.ListSubscriptions(ctx, org, 1, 100)).Items
	invoices := must[*trustvault.ListPage[trustvault.InvoiceSummary]](t)(client.ListInvoices(ctx, org, 1, 5))

	slugs := map[string]bool{}
	for _, subscription := range subscriptions {
		slugs[subscription.ListingSlug] = true
		if !subscription.Period.Start.Before(subscription.Period.End) {
			t.Errorf("period %+v", subscription.Period)
		}
	}
	for _, slug := range []string{"ai-analytics", "skycast-weather", "geopoint-geocoding"} {
		if !slugs[slug] {
			t.Errorf("no subscription to %s", slug)
		}
	}
	// The demo seed bills the months before its first start, as the monthly job would have.
	if invoices.Page != 1 || invoices.PageSize != 5 || len(invoices.Items) == 0 || len(invoices.Items) > 5 {
		t.Fatalf("invoices %+v", invoices)
	}
	first := invoices.Items[0]
	invoice := must[*trustvault.Invoice](t)(client.GetInvoice(ctx, org, first.ID))
	if invoice.Number != first.Number || len(invoice.Lines) == 0 {
		t.Errorf("invoice %+v", invoice)
	}
	_, err := client.GetInvoice(ctx, org, "00000000-0000-0000-0000-000000000001")
	if problem := problemOf(t, err); problem.Status != 404 {
		t.Errorf("got %+v", problem)
	}
}

func TestGetsACatalogListingWhosePlanIDsAreTheOnesSubscribingUsesAnUnknownSlugIsA404(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID
	var subscription trustvault.Subscription
	for _, s := range must[*trustvault.ListPage[trustvault.Subscription]](t)(client.ListSubscriptions(ctx, org, 1, 100)).Items {
		if s.ListingSlug == analytics {
			subscription = s
		}
	}

	listing := must[*trustvault.CatalogListing](t)(client.GetCatalogListing(ctx, analytics))
	_, missing := client.GetCatalogListing(ctx, "no-such-api")

	if listing.Slug != analytics || listing.ID != subscription.ListingID || listing.Name == "" {
		t.Errorf("listing %+v, subscription %+v", listing, subscription)
	}
	free, subscribed := false, false
	for _, plan := range listing.Plans {
		price, err := plan.MonthlyPrice.Float64()
		free = free || (err == nil && price == 0)
		// The demo customer subscribed to one of them: the catalog's plan ids are the ones Subscribe takes.
		subscribed = subscribed || plan.ID == subscription.PlanID
	}
	if !free || !subscribed {
		t.Errorf("plans %+v: a free one %v, the subscribed one (%s) %v", listing.Plans, free, subscription.PlanID, subscribed)
	}
	if problem := problemOf(t, missing); problem.Status != 404 {
		t.Errorf("got %+v", problem)
	}
}

func TestRegistersAWebhookEndpointQueuesATestEventThenDeletesItAPrivateAddressIsRefused(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID

	_, refused := client.CreateWebhook(ctx, org, trustvault.CreateWebhookRequest{URL: "https://10.0.0.5/hooks"})
	created := must[*trustvault.CreatedWebhookEndpoint](t)(client.CreateWebhook(ctx, org, trustvault.CreateWebhookRequest{
		URL: "https://hooks.example.com/trustvault", Events: []string{"key.created", "key.revoked"}, Description: "go sdk test",
	}))
	eventID := must[string](t)(client.SendTestWebhook(ctx, org, created.Endpoint.ID))
	deliveries := must[*trustvault.ListPage[trustvault.WebhookDelivery]](t)(client.ListWebhookDeliveries(ctx, org, 1, 20, created.Endpoint.ID))
	if err := client.DeleteWebhook(ctx, org, created.Endpoint.ID); err != nil {
		t.Fatal(err)
	}

	problem := problemOf(t, refused)
	namesURL := false
	for field := range problem.Errors {
		namesURL = namesURL || strings.EqualFold(field, "url")
	}
	if problem.Status != 400 || !namesURL {
		t.Errorf("refused with %+v", problem)
	}
	if !strings.HasPrefix(created.Secret, "whsec_") || strings.Join(created.Endpoint.Events, ",") != "key.created,key.revoked" {
		t.Errorf("created %+v", created)
	}
	if len(deliveries.Items) != 1 || deliveries.Items[0].EventID != eventID || deliveries.Items[0].EventType != "ping" {
		t.Errorf("deliveries %+v", deliveries.Items)
	}
	for _, endpoint := range must[*trustvault.ListPage[trustvault.WebhookEndpoint]](t)(client.ListWebhooks(ctx, org, 1, 100)).Items {
		if endpoint.ID == created.Endpoint.ID {
			t.Error("the deleted endpoint is still listed")
		}
	}
}

func TestRegistersAPrivacyDatasetSpendsItsBudgetWithADPCountThroughTheGatewayThenArchivesIt(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID
	demo := gateway(t, "tv_live_globexdemo26_DemoKeyForTheReadme-NeverUseInProduction")
	epsilon, delta := 2.0, 0.0

	dataset := must[*trustvault.PrivacyDataset](t)(client.CreatePrivacyDataset(ctx, org, trustvault.CreatePrivacyDatasetRequest{
		Name: fmt.Sprintf("go sdk %d", time.Now().UnixNano()), EpsilonBudget: &epsilon, DeltaBudget: &delta,
	}))
	query := map[string]any{"dataset": dataset.ID, "values": []float64{1, 2, 3}, "mechanism": "laplace", "epsilon": 0.5}
	var count struct {
		Dataset string `json:"dataset"`
		Budget  struct {
			RemainingEpsilon float64 `json:"remainingEpsilon"`
		} `json:"budget"`
	}
	if err := demo.PostJSON(ctx, trustvault.PrivacyListing, "/v1/dp/count", query, &count); err != nil {
		t.Fatal(err)
	}
	budget := must[*trustvault.PrivacyBudget](t)(client.GetPrivacyBudget(ctx, org, dataset.ID))
	if err := client.ArchivePrivacyDataset(ctx, org, dataset.ID); err != nil {
		t.Fatal(err)
	}
	archived := demo.PostJSON(ctx, trustvault.PrivacyListing, "/v1/dp/count", query, nil)

	if count.Dataset != dataset.ID || math.Abs(count.Budget.RemainingEpsilon-1.5) > 1e-9 {
		t.Errorf("count %+v", count)
	}
	if budget.Dataset.Queries != 1 || budget.Dataset.SpentEpsilon != 0.5 {
		t.Errorf("budget %+v", budget.Dataset)
	}
	if problem := problemOf(t, archived); problem.Status != 409 {
		t.Errorf("archived dataset answered %+v", problem)
	}
}

func TestListsNoListingsForAnOrganizationThatProvidesNone(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)

	listings := must[*trustvault.ListPage[trustvault.ProviderListing]](t)(client.ListListings(ctx, globex(ctx, t, client).OrganizationID, 7, 1, 20)).Items

	if len(listings) != 0 {
		t.Errorf("listings %+v", listings)
	}
}

func TestSurfacesAnInvalidTokenAsA401ErrorWithTheProblemsTitleAndDetail(t *testing.T) {
	_, err := platform(t, "tvp_000000000000_nope").ListOrganizations(liveContext(t), 1, 20)

	problem := problemOf(t, err)
	if problem.Status != 401 || problem.Title != "Unauthorized" || !strings.Contains(problem.Detail, "unknown, expired or revoked") {
		t.Errorf("got %+v", problem)
	}
	if !strings.HasPrefix(err.Error(), "401 Unauthorized") {
		t.Errorf("described as %q", err)
	}
}

func TestDrillsUsageDownAndFindsAFailedCallByItsRequestID(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	organization := globex(ctx, t, client)
	org := organization.OrganizationID

	groups := must[*trustvault.ListPage[trustvault.UsageGroup]](t)(client.GetUsageGroups(ctx, org, trustvault.UsageFilter{}, 1, 100))
	failed := must[*trustvault.ListPage[trustvault.FailedCall]](t)(client.ListFailedCalls(ctx, org, trustvault.UsageFilter{StatusClass: "5xx"}, 1, 5))

	// The demo seed gives Globex two weeks of calls, a few of them 500s.
	if groups.Total == 0 || len(failed.Items) == 0 || failed.Items[0].Status < 500 {
		t.Fatalf("groups %+v, failed calls %+v", groups, failed)
	}
	for _, group := range groups.Items {
		if !regexp.MustCompile(`^[2-5]xx$`).MatchString(group.StatusClass) {
			t.Errorf("group %+v", group)
		}
	}
	first := failed.Items[0]
	call := must[*trustvault.CallDetails](t)(client.GetCall(ctx, org, first.RequestID))
	if call.RequestID != first.RequestID || call.Status != first.Status || call.KeyName == nil || *call.KeyName != first.KeyName ||
		call.Organization != organization.Name {
		t.Errorf("call %+v, listed as %+v", call, first)
	}
	for _, lookup := range []func() error{
		func() error { _, err := client.GetCall(ctx, org, "no-such-request"); return err },
		// Globex provides no listing, so the provider's lookup finds nothing, not even its own call.
		func() error { _, err := client.GetListingCall(ctx, org, first.RequestID); return err },
	} {
		if problem := problemOf(t, lookup()); problem.Status != 404 {
			t.Errorf("got %+v", problem)
		}
	}
	_, err := client.GetUsageGroups(ctx, org, trustvault.UsageFilter{From: "2026-02-01", To: "2026-01-01"}, 1, 20)
	if problem := problemOf(t, err); problem.Status != 400 || len(problem.Errors["from"]) == 0 {
		t.Errorf("got %+v", problem)
	}
}

func TestSurfacesInvalidInputAsA400ErrorNamingTheField(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)

	_, err := client.GetUsage(ctx, globex(ctx, t, client).OrganizationID, 365)

	problem := problemOf(t, err)
	if problem.Status != 400 || len(problem.Errors["days"]) == 0 || !regexp.MustCompile("90").MatchString(problem.Errors["days"][0]) {
		t.Errorf("got %+v", problem)
	}
}

func TestSurfacesAnOrganizationTheUserIsNotInAsA404Error(t *testing.T) {
	_, err := platform(t, demoToken).ListKeys(liveContext(t), "00000000-0000-0000-0000-000000000001", 1, 20)

	if problem := problemOf(t, err); problem.Status != 404 || problem.Title == "" || problem.Detail == "" {
		t.Errorf("got %+v", problem)
	}
}

func TestSurfacesAListingTheOrganizationDoesNotSubscribeToAsA403Error(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	issued := createKey(ctx, t, client, globex(ctx, t, client).OrganizationID, "go sdk unsubscribed key")

	_, err := gateway(t, issued.Secret).Call(ctx, "onchain-analytics", "GET", "/v1/ping", nil, nil)

	if problem := problemOf(t, err); problem.Status != 403 || problem.Title != "No subscription" {
		t.Errorf("got %+v", problem)
	}
}

func TestRefusesTheCurrentPlanAnotherOrganizationsSubscriptionAndPublishingWithoutProviderTerms(t *testing.T) {
	ctx, client := liveContext(t), platform(t, demoToken)
	org := globex(ctx, t, client).OrganizationID
	var subscription trustvault.Subscription
	for _, s := range must[*trustvault.ListPage[trustvault.Subscription]](t)(client.ListSubscriptions(ctx, org, 1, 100)).Items {
		if s.ListingSlug == analytics {
			subscription = s
		}
	}
	// No listing, plan or subscription has this id.
	const unknown = "01a2145e-0000-7000-8000-000000000000"
	name, slug, summary, category, version := "Tides", "go-sdk-tides", "Tides.", "Weather", "2.0.0"

	_, currentErr := client.ChangePlan(ctx, org, subscription.ID, subscription.PlanID, true)
	_, againErr := client.Subscribe(ctx, org, subscription.PlanID, false)
	_, canceledErr := client.CancelSubscription(ctx, org, unknown)
	_, createdErr := client.CreateListing(ctx, org, trustvault.ListingChanges{Name: &name, Slug: &slug, Summary: &summary, Category: &category})
	_, reviewErr := client.GetListingReview(ctx, org, unknown)
	_, updateErr := client.UpdateListing(ctx, org, unknown, trustvault.ListingChanges{Version: &version})
	_, importErr := client.ImportOpenAPI(ctx, org, unknown, "openapi: 3.0.3")
	_, planErr := client.CreatePlan(ctx, org, unknown, trustvault.NewPlan{Name: "Free"})
	_, submitErr := client.SubmitListing(ctx, org, unknown)
	retireErr := client.RetirePlan(ctx, org, unknown)

	if current := problemOf(t, currentErr); current.Status != 400 || len(current.Errors["planId"]) == 0 || current.Errors["planId"][0] != "This is your current plan." {
		t.Errorf("changing to the current plan: %+v", current)
	}
	if again := problemOf(t, againErr); len(again.Errors["planId"]) == 0 {
		t.Errorf("subscribing again: %+v", again)
	}
	if canceled := problemOf(t, canceledErr); canceled.Status != 404 || canceled.Detail != "The subscription does not exist." {
		t.Errorf("canceling an unknown subscription: %+v", canceled)
	}
	const providerTerms = "Accept the provider terms before publishing listings."
	if created := problemOf(t, createdErr); created.Status != 403 || created.Detail != providerTerms {
		t.Errorf("creating a listing: %+v", created)
	}
	for _, err := range []error{reviewErr, updateErr} {
		if missing := problemOf(t, err); missing.Status != 404 || missing.Detail != "The listing does not exist." {
			t.Errorf("an unknown listing: %+v", missing)
		}
	}
	for _, err := range []error{importErr, planErr, submitErr, retireErr} {
		if refused := problemOf(t, err); refused.Status != 403 || refused.Detail != providerTerms {
			t.Errorf("publishing without provider terms: %+v", refused)
		}
	}
}
