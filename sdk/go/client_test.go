package trustvault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// The client's requests, retries and errors against a local server that answers with scripted responses in order.

type scriptedAnswer struct {
	status int
	header map[string]string
	body   string
}

type sentRequest struct {
	method, uri string
	header      http.Header
	body        string
}

type scriptedServer struct {
	*httptest.Server
	mu       sync.Mutex
	answers  []scriptedAnswer
	requests []sentRequest
}

func serve(t *testing.T, answers ...scriptedAnswer) *scriptedServer {
	t.Helper()
	s := &scriptedServer{answers: answers}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests = append(s.requests, sentRequest{r.Method, r.URL.RequestURI(), r.Header.Clone(), string(body)})
		if len(s.requests) > len(s.answers) {
			t.Errorf("no scripted answer for request %d", len(s.requests))
			w.WriteHeader(http.StatusTeapot)
			return
		}
		answer := s.answers[len(s.requests)-1]
		for name, value := range answer.header {
			w.Header().Set(name, value)
		}
		w.WriteHeader(answer.status)
		_, _ = io.WriteString(w, answer.body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptedServer) sent() []sentRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentRequest(nil), s.requests...)
}

func ok(body string) scriptedAnswer {
	return scriptedAnswer{http.StatusOK, map[string]string{"Content-Type": "application/json"}, body}
}

func problem(status int, title, detail string, header map[string]string, extra string) scriptedAnswer {
	sent := map[string]string{"Content-Type": "application/problem+json"}
	for name, value := range header {
		sent[name] = value
	}
	body := fmt.Sprintf(`{"type":"https://tools.ietf.org/html/rfc6585#section-4","title":%q,"status":%d,"detail":%q%s}`, title, status, detail, extra)
	return scriptedAnswer{status, sent, body}
}

func rateLimited(retryAfter string) scriptedAnswer {
	return problem(429, "Rate limit exceeded", "Your plan allows 2 requests per second.", map[string]string{"Retry-After": retryAfter}, "")
}

// recordingClient waits by recording the wait instead of sleeping, on a clock fixed at now.
func recordingClient(t *testing.T, baseURL string, options Options, now time.Time) (*Client, *[]time.Duration) {
	t.Helper()
	client, err := NewClient(baseURL, options)
	if err != nil {
		t.Fatal(err)
	}
	waits := &[]time.Duration{}
	client.sleep = func(_ context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return nil
	}
	client.now = func() time.Time { return now }
	return client, waits
}

var (
	ctx      = context.Background()
	fixedNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	withKey  = Options{APIKey: "tv_test_key"}
)

func asProblem(t *testing.T, err error) *ProblemError {
	t.Helper()
	var problem *ProblemError
	if !errors.As(err, &problem) {
		t.Fatalf("got %v, want a *ProblemError", err)
	}
	return problem
}

func TestWaitsTheRetryAfterSecondsAndSendsTheSameBodyAgain(t *testing.T) {
	server := serve(t, rateLimited("2"), ok(`{"ciphertext":"7","count":1}`))
	client, waits := recordingClient(t, server.URL, withKey, fixedNow)
	var result struct{ Ciphertext string }

	err := client.PostJSON(ctx, "privacy-analytics", "/v1/paillier/sum", map[string]int{"value": 42}, &result)

	if err != nil || result.Ciphertext != "7" {
		t.Fatalf("got %+v, %v", result, err)
	}
	if !reflect.DeepEqual(*waits, []time.Duration{2 * time.Second}) {
		t.Errorf("waited %v", *waits)
	}
	requests := server.sent()
	if len(requests) != 2 {
		t.Fatalf("sent %d requests", len(requests))
	}
	for _, request := range requests {
		if request.method != "POST" || request.uri != "/gw/privacy-analytics/v1/paillier/sum" || request.body != `{"value":42}` ||
			request.header.Get("X-Api-Key") != "tv_test_key" || request.header.Get("Content-Type") != "application/json" {
			t.Errorf("sent %+v", request)
		}
	}
}

func TestWaitsUntilARetryAfterHTTPDate(t *testing.T) {
	server := serve(t, rateLimited(fixedNow.Add(3*time.Second).Format(http.TimeFormat)), ok(`{}`))
	client, waits := recordingClient(t, server.URL, withKey, fixedNow)

	answer, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil)

	if err != nil || answer.StatusCode != 200 {
		t.Fatalf("got %+v, %v", answer, err)
	}
	if !reflect.DeepEqual(*waits, []time.Duration{3 * time.Second}) {
		t.Errorf("waited %v", *waits)
	}
}

func TestRetriesARetryAfterDateAlreadyPastAtOnce(t *testing.T) {
	server := serve(t, rateLimited("Wed, 25 Nov 2026 11:59:00 GMT"), ok(`{}`))
	client, waits := recordingClient(t, server.URL, withKey, fixedNow)

	if _, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*waits, []time.Duration{0}) {
		t.Errorf("waited %v", *waits)
	}
}

func TestWaitsTheDefaultWhenA429NamesNoRetryAfter(t *testing.T) {
	server := serve(t, problem(429, "Too many requests", "Slow down.", nil, ""), ok(`{}`))
	client, waits := recordingClient(t, server.URL, Options{APIKey: "tv_test_key", DefaultRetryWait: 250 * time.Millisecond}, fixedNow)

	if _, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*waits, []time.Duration{250 * time.Millisecond}) {
		t.Errorf("waited %v", *waits)
	}
}

func TestDoesNotRetryAUsedUpMonthlyQuota(t *testing.T) {
	quota := problem(429, "Monthly quota used up", "All 1,000 calls of this month's plan are used.",
		map[string]string{"Retry-After": "432000", "X-Quota-Remaining": "0"}, "")
	server := serve(t, quota, ok(`{}`))
	client, waits := recordingClient(t, server.URL, withKey, fixedNow)

	_, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil)

	problem := asProblem(t, err)
	if problem.Status != 429 || problem.Title != "Monthly quota used up" || problem.RetryAfter != 5*24*time.Hour {
		t.Errorf("got %+v", problem)
	}
	if len(server.sent()) != 1 || len(*waits) != 0 {
		t.Errorf("sent %d requests, waited %v", len(server.sent()), *waits)
	}
}

func TestReturnsAtOnceWhenRetryAfterIsLongerThanTheLongestWait(t *testing.T) {
	server := serve(t, rateLimited("300"), ok(`{}`))
	client, waits := recordingClient(t, server.URL, Options{APIKey: "tv_test_key", MaxRetryWait: 10 * time.Second}, fixedNow)

	_, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil)

	if problem := asProblem(t, err); problem.RetryAfter != 300*time.Second {
		t.Errorf("got %+v", problem)
	}
	if len(server.sent()) != 1 || len(*waits) != 0 {
		t.Errorf("sent %d requests, waited %v", len(server.sent()), *waits)
	}
}

func TestStopsAfterTheConfiguredAttemptsWithTheLastProblem(t *testing.T) {
	server := serve(t, rateLimited("1"), rateLimited("1"), rateLimited("1"), rateLimited("1"))
	client, waits := recordingClient(t, server.URL, Options{APIKey: "tv_test_key", MaxAttempts: 3}, fixedNow)

	_, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil)

	problem := asProblem(t, err)
	if problem.Status != 429 || problem.Title != "Rate limit exceeded" {
		t.Errorf("got %+v", problem)
	}
	if got := err.Error(); got != "429 Rate limit exceeded: Your plan allows 2 requests per second." {
		t.Errorf("described as %q", got)
	}
	if len(server.sent()) != 3 || len(*waits) != 2 {
		t.Errorf("sent %d requests, waited %v", len(server.sent()), *waits)
	}
}

func TestDoesNotRetryOtherErrors(t *testing.T) {
	server := serve(t, problem(503, "Upstream unavailable", "The provider did not answer.", map[string]string{"Retry-After": "1"}, ""), ok(`{}`))
	client, _ := recordingClient(t, server.URL, withKey, fixedNow)

	_, err := client.Call(ctx, "skycast-weather", "GET", "/v1/now", nil, nil)

	if problem := asProblem(t, err); problem.Status != 503 || problem.RetryAfter != time.Second {
		t.Errorf("got %+v", problem)
	}
	if len(server.sent()) != 1 {
		t.Errorf("sent %d requests", len(server.sent()))
	}
}

func TestDoesNotRetryAnExhaustedPrivacyBudgetA403ThatNoWaitCanChange(t *testing.T) {
	exhausted := scriptedAnswer{http.StatusForbidden, map[string]string{"Content-Type": "application/problem+json"},
		`{"type":"https://trustvault.dev/problems/privacy-budget-exhausted","title":"Privacy budget exhausted","status":403,` +
			`"detail":"The privacy budget of dataset 'orders' does not cover this query.","dataset":"orders","remainingEpsilon":0.5,"remainingDelta":0}`}
	server := serve(t, exhausted, ok(`{}`))
	client, waits := recordingClient(t, server.URL, withKey, fixedNow)

	err := client.PostJSON(ctx, "privacy-analytics", "/v1/dp/count", map[string]any{"dataset": "orders", "values": []float64{1, 2}, "mechanism": "laplace", "epsilon": 1}, nil)

	problem := asProblem(t, err)
	if problem.Status != 403 || problem.Type != "https://trustvault.dev/problems/privacy-budget-exhausted" || problem.RetryAfter != 0 {
		t.Errorf("got %+v", problem)
	}
	if len(server.sent()) != 1 || len(*waits) != 0 {
		t.Errorf("sent %d requests, waited %v", len(server.sent()), *waits)
	}
}

func TestStopsWaitingWhenTheContextIsCancelled(t *testing.T) {
	server := serve(t, rateLimited("20"), ok(`{}`))
	client, err := NewClient(server.URL, withKey)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	// The caller gives up as the client starts its 20 s wait.
	client.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleepContext(ctx, d)
	}

	_, err = client.Call(cancelled, "ai-analytics", "GET", "/v1/ping", nil, nil)

	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if len(server.sent()) != 1 {
		t.Errorf("sent %d requests", len(server.sent()))
	}
}

func TestRefusesACallWithoutItsCredentialBeforeSending(t *testing.T) {
	server := serve(t)
	withToken, _ := recordingClient(t, server.URL, Options{PersonalAccessToken: "tvp_x_y"}, fixedNow)
	withAPIKey, _ := recordingClient(t, server.URL, withKey, fixedNow)

	if _, err := withToken.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil); !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("gateway call without a key: %v", err)
	}
	if _, err := withAPIKey.ListOrganizations(ctx, 1, 20); !errors.Is(err, ErrNoToken) {
		t.Errorf("platform call without a token: %v", err)
	}
	if len(server.sent()) != 0 {
		t.Errorf("sent %d requests", len(server.sent()))
	}
}

func TestSendsTheTokenAsABearerAndKeepsABaseURLsPathPrefix(t *testing.T) {
	server := serve(t, ok(`{"page":1,"pageSize":20,"total":0,"items":[]}`))
	client, _ := recordingClient(t, server.URL+"/trustvault", Options{PersonalAccessToken: "tvp_abc_def"}, fixedNow)

	if _, err := client.ListOrganizations(ctx, 1, 20); err != nil {
		t.Fatal(err)
	}
	request := server.sent()[0]
	if request.uri != "/trustvault/api/v1/organizations?page=1&pageSize=20" || request.header.Get("Authorization") != "Bearer tvp_abc_def" {
		t.Errorf("sent %+v", request)
	}
}

func TestDescribesAnErrorAnswerThatIsNotProblemJSONByItsStatusAndText(t *testing.T) {
	server := serve(t, scriptedAnswer{502, map[string]string{"Content-Type": "text/plain"}, "upstream exploded"})
	client, _ := recordingClient(t, server.URL, withKey, fixedNow)

	_, err := client.Call(ctx, "ai-analytics", "GET", "/v1/ping", nil, nil)

	problem := asProblem(t, err)
	if problem.Status != 502 || problem.Title != "Bad Gateway" || problem.Detail != "upstream exploded" || problem.Errors != nil || problem.RetryAfter != 0 {
		t.Errorf("got %+v", problem)
	}
}

func TestCarriesAValidationProblemsErrorsPerField(t *testing.T) {
	server := serve(t, problem(400, "Invalid input", "See errors.", nil, `,"errors":{"pageSize":["Choose 1 to 100 invoices a page."]}`))
	client, _ := recordingClient(t, server.URL, Options{PersonalAccessToken: "tvp_abc_def"}, fixedNow)

	_, err := client.ListInvoices(ctx, "org", 1, 500)

	if got := asProblem(t, err).Errors["pageSize"]; !reflect.DeepEqual(got, []string{"Choose 1 to 100 invoices a page."}) {
		t.Errorf("errors of pageSize: %v", got)
	}
	if uri := server.sent()[0].uri; uri != "/api/v1/organizations/org/invoices?page=1&pageSize=500" {
		t.Errorf("sent to %s", uri)
	}
}

func TestReadsDecimalNumbersExactlyAndEscapesIds(t *testing.T) {
	server := serve(t, ok(`{"page":1,"pageSize":20,"total":1,"items":[{"monthlyPrice":0.1,"includedCallsPerMonth":1000}]}`))
	client, _ := recordingClient(t, server.URL, Options{PersonalAccessToken: "tvp_abc_def"}, fixedNow)

	subscriptions, err := client.ListSubscriptions(ctx, "a/b c", 1, 20)

	if err != nil || subscriptions.Items[0].MonthlyPrice.String() != "0.1" || subscriptions.Items[0].IncludedCallsPerMonth != 1000 {
		t.Errorf("got %+v, %v", subscriptions, err)
	}
	if uri := server.sent()[0].uri; uri != "/api/v1/organizations/a%2Fb%20c/subscriptions?page=1&pageSize=20" {
		t.Errorf("sent to %s", uri)
	}
}

func TestEscapesTheCatalogSlugAndReadsAPlansPricesExactly(t *testing.T) {
	server := serve(t, ok(`{"slug":"a-b","plans":[{"id":"p","monthlyPrice":49.0,"overagePricePer1000":null}]}`))
	client, _ := recordingClient(t, server.URL, Options{PersonalAccessToken: "tvp_abc_def"}, fixedNow)

	listing, err := client.GetCatalogListing(ctx, "a/b c")

	if err != nil || listing.Plans[0].MonthlyPrice.String() != "49.0" || listing.Plans[0].OveragePricePer1000 != "" {
		t.Errorf("got %+v, %v", listing, err)
	}
	if uri := server.sent()[0].uri; uri != "/api/v1/catalog/a%2Fb%20c" {
		t.Errorf("sent to %s", uri)
	}
}

func TestSendsACreatedWebhooksEventsOrAllEvents(t *testing.T) {
	created := `{"endpoint":{"id":"e"},"secret":"whsec_x"}`
	server := serve(t, ok(created), ok(created))
	client, _ := recordingClient(t, server.URL, Options{PersonalAccessToken: "tvp_abc_def"}, fixedNow)

	for _, request := range []CreateWebhookRequest{
		{URL: "https://hooks.example.com/a", Events: []string{"key.created"}, Description: "CI"},
		{URL: "https://hooks.example.com/b"},
	} {
		if _, err := client.CreateWebhook(ctx, "org", request); err != nil {
			t.Fatal(err)
		}
	}

	var bodies []map[string]any
	for _, request := range server.sent() {
		var body map[string]any
		if err := json.Unmarshal([]byte(request.body), &body); err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	want := []map[string]any{
		{"url": "https://hooks.example.com/a", "description": "CI", "allEvents": false, "events": []any{"key.created"}},
		{"url": "https://hooks.example.com/b", "description": nil, "allEvents": true, "events": nil},
	}
	if !reflect.DeepEqual(bodies, want) {
		t.Errorf("sent %v", bodies)
	}
}

func TestRefusesABaseURLThatIsNotAbsoluteHTTP(t *testing.T) {
	for _, baseURL := range []string{"trustvault.example.com", "ftp://trustvault.example.com", ""} {
		if _, err := NewClient(baseURL, Options{}); err == nil || !strings.Contains(err.Error(), "base URL") {
			t.Errorf("%q: %v", baseURL, err)
		}
	}
}
