package trustvault_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"trustvault"
)

// Checks the client against the platform API's OpenAPI document as the running app serves it: every request it sends
// matches a documented operation, the client covers every operation, and every field of its answer types is in the
// documented schema, required ones all present.

var typesBySchema = map[string]any{
	"OrganizationMembership":               trustvault.Organization{},
	"PlatformListOfOrganizationMembership": trustvault.ListPage[trustvault.Organization]{},
	"ApiKeyView":                           trustvault.APIKey{},
	"PlatformListOfApiKeyView":             trustvault.ListPage[trustvault.APIKey]{},
	"IssuedApiKey":                         trustvault.IssuedAPIKey{},
	"BillingPeriod":                        trustvault.BillingPeriod{},
	"SubscriptionView":                     trustvault.Subscription{},
	"PlatformListOfSubscriptionView":       trustvault.ListPage[trustvault.Subscription]{},
	"DailyUsage":                           trustvault.DailyUsage{},
	"UsageSummary":                         trustvault.UsageSummary{},
	"SubscriptionQuota":                    trustvault.SubscriptionQuota{},
	"UsageReport":                          trustvault.UsageReport{},
	"UsageGroup":                           trustvault.UsageGroup{},
	"PlatformListOfUsageGroup":             trustvault.ListPage[trustvault.UsageGroup]{},
	"FailedCall":                           trustvault.FailedCall{},
	"PlatformListOfFailedCall":             trustvault.ListPage[trustvault.FailedCall]{},
	"CallDetails":                          trustvault.CallDetails{},
	"InvoiceSummary":                       trustvault.InvoiceSummary{},
	"PlatformListOfInvoiceSummary":         trustvault.ListPage[trustvault.InvoiceSummary]{},
	"InvoiceLine":                          trustvault.InvoiceLine{},
	"InvoiceDetail":                        trustvault.Invoice{},
	"ListingSummary":                       trustvault.ListingSummary{},
	"ListingStats":                         trustvault.ListingStats{},
	"ProviderListing":                      trustvault.ProviderListing{},
	"PlatformListOfProviderListing":        trustvault.ListPage[trustvault.ProviderListing]{},
	"WebhookEndpointView":                  trustvault.WebhookEndpoint{},
	"PlatformListOfWebhookEndpointView":    trustvault.ListPage[trustvault.WebhookEndpoint]{},
	"CreatedWebhookEndpoint":               trustvault.CreatedWebhookEndpoint{},
	"WebhookDeliveryView":                  trustvault.WebhookDelivery{},
	"PlatformListOfWebhookDeliveryView":    trustvault.ListPage[trustvault.WebhookDelivery]{},
	"ListingReviewStatus":                  trustvault.ListingReviewStatus{},
	"ListingRevisionView":                  trustvault.ListingRevision{},
	"ListingInput":                         trustvault.ListingFields{},
	"ProposedChange":                       trustvault.ProposedChange{},
	"ImportedOpenApi":                      trustvault.ImportedOpenAPI{},
	"CreatedPlan":                          trustvault.CreatedPlan{},
	"PlanQuote":                            trustvault.PlanQuote{},
	"SubscriptionOutcome":                  trustvault.SubscriptionOutcome{},
	"CanceledSubscription":                 trustvault.CanceledSubscription{},
	"PrivacyDatasetView":                   trustvault.PrivacyDataset{},
	"PrivacyMonthView":                     trustvault.PrivacyMonth{},
	"PlatformListOfPrivacyDatasetView":     trustvault.ListPage[trustvault.PrivacyDataset]{},
	"PrivacyBudgetStatus":                  trustvault.PrivacyBudget{},
	"CatalogListing":                       trustvault.CatalogListing{},
	"CatalogPlan":                          trustvault.CatalogPlan{},
}

const (
	org   = "01a2145e-88eb-785b-b999-d7ed15a837ab"
	other = "01a2145e-88fc-7c74-ad73-84ab00f41103"
)

// everyPlatformCall calls each platform operation once; its answers are not read, only its requests.
var everyPlatformCall = []func(context.Context, *trustvault.Client){
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListOrganizations(ctx, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListKeys(ctx, org, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) {
		expiresAt := time.Now().Add(time.Hour)
		_, _ = c.CreateKey(ctx, org, trustvault.CreateKeyRequest{Name: "name", ExpiresAt: &expiresAt, Test: true})
	},
	func(ctx context.Context, c *trustvault.Client) {
		graceHours := 2
		_, _ = c.RotateKey(ctx, org, other, &graceHours)
	},
	func(ctx context.Context, c *trustvault.Client) { _ = c.RevokeKey(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListSubscriptions(ctx, org, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetUsage(ctx, org, 7) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListInvoices(ctx, org, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetInvoice(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListListings(ctx, org, 7, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListWebhooks(ctx, org, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) {
		_, _ = c.CreateWebhook(ctx, org, trustvault.CreateWebhookRequest{URL: "https://hooks.example.com/tv", Events: []string{"key.created"}, Description: "CI"})
	},
	func(ctx context.Context, c *trustvault.Client) { _ = c.DeleteWebhook(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.SendTestWebhook(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) {
		_, _ = c.ListWebhookDeliveries(ctx, org, 2, 10, other)
	},
	func(ctx context.Context, c *trustvault.Client) { _ = c.ResendWebhookDelivery(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) {
		filter := trustvault.UsageFilter{From: "2026-10-01", To: "2026-10-30", KeyID: other, ListingID: other, Route: "/x/v1", StatusClass: "4xx"}
		_, _ = c.GetUsageGroups(ctx, org, filter, 2, 10)
	},
	func(ctx context.Context, c *trustvault.Client) {
		_, _ = c.ListFailedCalls(ctx, org, trustvault.UsageFilter{From: "2026-10-01"}, 1, 20)
	},
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetCall(ctx, org, "0190aabbccdd") },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetListingCall(ctx, org, "0190aabbccdd") },
	func(ctx context.Context, c *trustvault.Client) {
		name, slug, summary, category := "Tides", "tides", "Tides.", "Weather"
		_, _ = c.CreateListing(ctx, org, trustvault.ListingChanges{Name: &name, Slug: &slug, Summary: &summary, Category: &category})
	},
	func(ctx context.Context, c *trustvault.Client) {
		version := "2.0.0"
		_, _ = c.UpdateListing(ctx, org, other, trustvault.ListingChanges{Version: &version})
	},
	func(ctx context.Context, c *trustvault.Client) {
		_, _ = c.ImportOpenAPI(ctx, org, other, "openapi: 3.0.3")
	},
	func(ctx context.Context, c *trustvault.Client) {
		_, _ = c.CreatePlan(ctx, org, other, trustvault.NewPlan{Name: "Free"})
	},
	func(ctx context.Context, c *trustvault.Client) { _ = c.RetirePlan(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.SubmitListing(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetListingReview(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.Subscribe(ctx, org, other, true) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ChangePlan(ctx, org, other, other, false) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.CancelSubscription(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _ = c.WithdrawScheduledChange(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.ListPrivacyDatasets(ctx, org, 2, 10) },
	func(ctx context.Context, c *trustvault.Client) {
		description, epsilon, delta := "Shop orders", 5.0, 0.0
		_, _ = c.CreatePrivacyDataset(ctx, org, trustvault.CreatePrivacyDatasetRequest{Name: "orders", Description: &description, EpsilonBudget: &epsilon, DeltaBudget: &delta})
	},
	func(ctx context.Context, c *trustvault.Client) { _ = c.ArchivePrivacyDataset(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetPrivacyBudget(ctx, org, other) },
	func(ctx context.Context, c *trustvault.Client) { _, _ = c.GetCatalogListing(ctx, "ai-analytics") },
}

type recordedRequest struct {
	method string
	url    *url.URL
	body   []byte
}

func requestsOfEveryPlatformCall(t *testing.T) []recordedRequest {
	t.Helper()
	var mu sync.Mutex
	var requests []recordedRequest
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		requests = append(requests, recordedRequest{r.Method, r.URL, body})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"eventId":"e"}`)
	}))
	defer server.Close()
	client, err := trustvault.NewClient(server.URL, trustvault.Options{PersonalAccessToken: "tvp_abc_def"})
	if err != nil {
		t.Fatal(err)
	}
	for _, call := range everyPlatformCall {
		call(context.Background(), client)
	}
	mu.Lock()
	defer mu.Unlock()
	return requests
}

type openAPIDocument struct {
	Paths map[string]map[string]struct {
		Parameters []struct {
			Name string `json:"name"`
			In   string `json:"in"`
		} `json:"parameters"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
			Required   []string                   `json:"required"`
		} `json:"schemas"`
	} `json:"components"`
}

func platformDocument(t *testing.T) *openAPIDocument {
	t.Helper()
	baseURL := liveBaseURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(baseURL, "/")+"/api/docs/platform.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	answer, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer answer.Body.Close()
	var document openAPIDocument
	if err := json.NewDecoder(answer.Body).Decode(&document); err != nil {
		t.Fatal(err)
	}
	return &document
}

// operation is the documented "method path" the request matches, its query parameters included, or "".
func (d *openAPIDocument) operation(request recordedRequest) string {
	for template, operations := range d.Paths {
		documented, found := operations[strings.ToLower(request.method)]
		pattern := "^" + regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(template, "[^/]+") + "$"
		if !found || !regexp.MustCompile(pattern).MatchString(request.url.EscapedPath()) {
			continue
		}
		names := map[string]bool{}
		for _, parameter := range documented.Parameters {
			names[parameter.Name] = parameter.In == "query"
		}
		for name := range request.url.Query() {
			if !names[name] {
				return ""
			}
		}
		return strings.ToLower(request.method) + " " + template
	}
	return ""
}

func TestDocumentsEveryOperationAndQueryParameterTheClientCallsAndTheClientCallsThemAll(t *testing.T) {
	document := platformDocument(t)
	requests := requestsOfEveryPlatformCall(t)

	used := map[string]bool{}
	for _, request := range requests {
		operation := document.operation(request)
		if operation == "" {
			t.Errorf("undocumented: %s %s", request.method, request.url)
		}
		used[operation] = true
	}
	for path, operations := range document.Paths {
		for method := range operations {
			if !used[method+" "+path] {
				t.Errorf("the client does not call %s %s", method, path)
			}
		}
	}
}

func TestDocumentsTheRequestBodiesTheClientSends(t *testing.T) {
	document := platformDocument(t)
	requests := requestsOfEveryPlatformCall(t)

	for name, request := range map[string]recordedRequest{"CreateKeyRequest": requests[2], "RotateKeyRequest": requests[3], "CreateEndpointRequest": requests[11], "CreateDatasetRequest": requests[32]} {
		schema := document.Components.Schemas[name]
		var sent map[string]any
		if err := json.Unmarshal(request.body, &sent); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for field := range sent {
			if _, documented := schema.Properties[field]; !documented {
				t.Errorf("%s: sends %s, not in the document", name, field)
			}
		}
		for _, field := range schema.Required {
			if _, found := sent[field]; !found {
				t.Errorf("%s: does not send the required %s", name, field)
			}
		}
	}
}

func TestHasEveryFieldOfTheAnswerTypesInTheirSchemasAndTheTypesHaveEveryRequiredField(t *testing.T) {
	document := platformDocument(t)

	for name, answerType := range typesBySchema {
		schema, found := document.Components.Schemas[name]
		if !found {
			t.Errorf("no schema %s", name)
			continue
		}
		fields := map[string]bool{}
		for _, field := range reflect.VisibleFields(reflect.TypeOf(answerType)) {
			fields[strings.Split(field.Tag.Get("json"), ",")[0]] = true
		}
		var undocumented, missing []string
		for field := range fields {
			if _, documented := schema.Properties[field]; !documented {
				undocumented = append(undocumented, field)
			}
		}
		// InvoiceLine's extra ids (invoiceId, providerOrganizationId) are server detail the clients leave out.
		for _, field := range schema.Required {
			if !fields[field] {
				missing = append(missing, field)
			}
		}
		sort.Strings(undocumented)
		sort.Strings(missing)
		if len(undocumented) > 0 || len(missing) > 0 {
			t.Errorf("%s: fields not in the document %v, required fields missing %v", name, undocumented, missing)
		}
	}
}
