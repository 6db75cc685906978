// Package trustvault is TrustVault's Go client: the platform API, calls to any listing through the gateway, webhook
// signatures and Paillier sums for the privacy API. It uses the standard library only.
//
//	client, err := trustvault.NewClient("https://trustvault.example.com", trustvault.Options{PersonalAccessToken: "tvp_…"})
//	organizations, err := client.ListOrganizations(ctx, 1, 20)
package trustvault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// APIKeyHeader carries the API key on calls through the gateway.
	APIKeyHeader = "X-Api-Key"
	// QuotaRemainingHeader reports the calls left of a subscription's monthly quota.
	QuotaRemainingHeader = "X-Quota-Remaining"
	// PrivacyListing is the first-party listing whose API adds Paillier ciphertexts.
	PrivacyListing = "privacy-analytics"

	userAgent = "trustvault-go/0.1.0"
)

// Options configure a Client. The zero value of each field picks its default.
type Options struct {
	// PersonalAccessToken is for the platform API: tvp_… from Account settings → Personal access tokens.
	PersonalAccessToken string
	// APIKey is for calls through the gateway: an API key of a subscribed organization.
	APIKey string
	// MaxAttempts counts attempts per call, the first included; 1 turns retrying off. Default 4.
	MaxAttempts int
	// MaxRetryWait is the longest single wait; a 429 asking for more is returned at once rather than blocking the
	// caller. Default 30 s.
	MaxRetryWait time.Duration
	// DefaultRetryWait is the wait when a 429 names none. Default 1 s.
	DefaultRetryWait time.Duration
	// HTTPClient sends the requests. Default: one with a 100 s timeout.
	HTTPClient *http.Client
}

// Client calls the TrustVault platform API (/api/v1, with a personal access token) and any listing through the
// gateway (/gw/{listing}/{path}, with an API key). It is safe for concurrent use.
//
// Every error answer comes back as a *ProblemError; a 429 is retried after its Retry-After, within the Options'
// bounds, unless it reports a used-up monthly quota, which no wait short of the next month cures.
type Client struct {
	baseURL          string
	token            string
	apiKey           string
	maxAttempts      int
	maxRetryWait     time.Duration
	defaultRetryWait time.Duration
	http             *http.Client
	// Tests replace these to record waits instead of sleeping and to fix the clock for Retry-After dates.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
}

// NewClient returns a client of the TrustVault at baseURL, e.g. https://trustvault.example.com (a path prefix is kept).
func NewClient(baseURL string, options Options) (*Client, error) {
	parsed, err := url.Parse(baseURL)
	if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
		return nil, fmt.Errorf("trustvault: the base URL %q is not an absolute http(s) URL", baseURL)
	}
	if options.MaxAttempts < 0 || options.MaxRetryWait < 0 || options.DefaultRetryWait < 0 {
		return nil, errors.New("trustvault: MaxAttempts, MaxRetryWait and DefaultRetryWait cannot be negative")
	}
	client := &Client{
		// A trailing slash keeps a path prefix (https://host/trustvault/) when relative routes are appended.
		baseURL:          strings.TrimSuffix(baseURL, "/") + "/",
		token:            options.PersonalAccessToken,
		apiKey:           options.APIKey,
		maxAttempts:      valueOr(options.MaxAttempts, 4),
		maxRetryWait:     valueOr(options.MaxRetryWait, 30*time.Second),
		defaultRetryWait: valueOr(options.DefaultRetryWait, time.Second),
		http:             options.HTTPClient,
		sleep:            sleepContext,
		now:              time.Now,
	}
	if client.http == nil {
		client.http = &http.Client{Timeout: 100 * time.Second}
	}
	return client, nil
}

// Platform API.

// ListOrganizations returns a page of the organizations the token's user is a member of, with their role in each, the
// personal one first and then by name: page from 1, pageSize 1 to 100.
func (c *Client) ListOrganizations(ctx context.Context, page, pageSize int) (*ListPage[Organization], error) {
	var organizations ListPage[Organization]
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("organizations?page=%d&pageSize=%d", page, pageSize), nil, &organizations)
	return &organizations, err
}

// GetCatalogListing returns a published API by its slug (e.g. "ai-analytics") with the plans open to new subscribers,
// cheapest first: a plan's ID is what Subscribe takes. A renamed listing answers at its old slug too, with its new Slug;
// no published API at the slug answers a *ProblemError with Status 404.
func (c *Client) GetCatalogListing(ctx context.Context, slug string) (*CatalogListing, error) {
	var listing CatalogListing
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("catalog/%s", id(slug)), nil, &listing)
	return &listing, err
}

// ListKeys returns a page of an organization's API keys, never their secrets, revoked and rotated ones included, newest
// first: page from 1, pageSize 1 to 100.
func (c *Client) ListKeys(ctx context.Context, organizationID string, page, pageSize int) (*ListPage[APIKey], error) {
	var keys ListPage[APIKey]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/keys?page=%d&pageSize=%d", id(organizationID), page, pageSize), nil, &keys)
	return &keys, err
}

// CreateKey creates a key; the answer's Secret is shown this once. It needs a token with the write scope.
func (c *Client) CreateKey(ctx context.Context, organizationID string, key CreateKeyRequest) (*IssuedAPIKey, error) {
	var issued IssuedAPIKey
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/keys", id(organizationID)), key, &issued)
	return &issued, err
}

// RotateKey issues a replacement key; the old one keeps working for graceHours (0 to 168; nil: the server's default,
// 24).
func (c *Client) RotateKey(ctx context.Context, organizationID, keyID string, graceHours *int) (*IssuedAPIKey, error) {
	var issued IssuedAPIKey
	body := map[string]*int{"graceHours": graceHours}
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/keys/%s/rotate", id(organizationID), id(keyID)), body, &issued)
	return &issued, err
}

// RevokeKey revokes a key at once.
func (c *Client) RevokeKey(ctx context.Context, organizationID, keyID string) error {
	return c.platform(ctx, http.MethodDelete, fmt.Sprintf("organizations/%s/keys/%s", id(organizationID), id(keyID)), nil, nil)
}

// ListSubscriptions returns a page of an organization's live subscriptions with their plans, newest first: page from 1,
// pageSize 1 to 100.
func (c *Client) ListSubscriptions(ctx context.Context, organizationID string, page, pageSize int) (*ListPage[Subscription], error) {
	var subscriptions ListPage[Subscription]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/subscriptions?page=%d&pageSize=%d", id(organizationID), page, pageSize), nil, &subscriptions)
	return &subscriptions, err
}

// GetUsage reports calls and errors per day over days (1 to 90, today included) and each subscription's remaining
// quota.
func (c *Client) GetUsage(ctx context.Context, organizationID string, days int) (*UsageReport, error) {
	var report UsageReport
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("organizations/%s/usage?days=%d", id(organizationID), days), nil, &report)
	return &report, err
}

// GetUsageGroups returns calls per UTC day, key, endpoint and status class, as the console's Usage page shows them:
// page from 1, pageSize 1 to 100.
func (c *Client) GetUsageGroups(ctx context.Context, organizationID string, filter UsageFilter, page, pageSize int) (*ListPage[UsageGroup], error) {
	var groups ListPage[UsageGroup]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/usage/groups?%s", id(organizationID), filter.query(page, pageSize)), nil, &groups)
	return &groups, err
}

// ListFailedCalls returns the calls answered 4xx or 5xx, newest first, with their request ids; the same filter as the
// groups.
func (c *Client) ListFailedCalls(ctx context.Context, organizationID string, filter UsageFilter, page, pageSize int) (*ListPage[FailedCall], error) {
	var calls ListPage[FailedCall]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/usage/errors?%s", id(organizationID), filter.query(page, pageSize)), nil, &calls)
	return &calls, err
}

// GetCall returns one call the organization made, by its X-TrustVault-Request-Id; someone else's call is a 404, as an
// unknown id is.
func (c *Client) GetCall(ctx context.Context, organizationID, requestID string) (*CallDetails, error) {
	var call CallDetails
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("organizations/%s/calls/%s", id(organizationID), id(requestID)), nil, &call)
	return &call, err
}

// GetListingCall returns one call to one of the provider organization's listings: the customer named by organization
// only, without its key.
func (c *Client) GetListingCall(ctx context.Context, organizationID, requestID string) (*CallDetails, error) {
	var call CallDetails
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("organizations/%s/listings/calls/%s", id(organizationID), id(requestID)), nil, &call)
	return &call, err
}

// ListInvoices returns a page of invoices, newest first: page from 1, pageSize 1 to 100.
func (c *Client) ListInvoices(ctx context.Context, organizationID string, page, pageSize int) (*ListPage[InvoiceSummary], error) {
	var invoices ListPage[InvoiceSummary]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/invoices?page=%d&pageSize=%d", id(organizationID), page, pageSize), nil, &invoices)
	return &invoices, err
}

// GetInvoice returns one invoice with its lines.
func (c *Client) GetInvoice(ctx context.Context, organizationID, invoiceID string) (*Invoice, error) {
	var invoice Invoice
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("organizations/%s/invoices/%s", id(organizationID), id(invoiceID)), nil, &invoice)
	return &invoice, err
}

// ListListings returns a page of a provider organization's own listings, the latest changed first, with their traffic
// over the last days (1 to 90): page from 1, pageSize 1 to 100.
func (c *Client) ListListings(ctx context.Context, organizationID string, days, page, pageSize int) (*ListPage[ProviderListing], error) {
	var listings ListPage[ProviderListing]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/listings?days=%d&page=%d&pageSize=%d", id(organizationID), days, page, pageSize), nil, &listings)
	return &listings, err
}

// CreateListing creates a draft listing of a provider organization (Owner or Developer).
func (c *Client) CreateListing(ctx context.Context, organizationID string, listing ListingChanges) (*ListingReviewStatus, error) {
	var status ListingReviewStatus
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/listings", id(organizationID)), listing, &status)
	return &status, err
}

// UpdateListing changes the fields given: a draft at once, a live listing through its pending revision.
func (c *Client) UpdateListing(ctx context.Context, organizationID, listingID string, changes ListingChanges) (*ListingReviewStatus, error) {
	var status ListingReviewStatus
	err := c.platform(ctx, http.MethodPatch, fmt.Sprintf("organizations/%s/listings/%s", id(organizationID), id(listingID)), changes, &status)
	return &status, err
}

// ImportOpenAPI replaces the listing's endpoints with those of an OpenAPI 3.x document (JSON or YAML); an invalid one
// answers a *ProblemError with each error at its location in Errors.
func (c *Client) ImportOpenAPI(ctx context.Context, organizationID, listingID, document string) (*ImportedOpenAPI, error) {
	var imported ImportedOpenAPI
	body := map[string]string{"document": document}
	err := c.platform(ctx, http.MethodPut, fmt.Sprintf("organizations/%s/listings/%s/openapi", id(organizationID), id(listingID)), body, &imported)
	return &imported, err
}

// CreatePlan adds a plan: to a draft at once, to a live listing through its pending revision.
func (c *Client) CreatePlan(ctx context.Context, organizationID, listingID string, plan NewPlan) (*CreatedPlan, error) {
	var created CreatedPlan
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/listings/%s/plans", id(organizationID), id(listingID)), plan, &created)
	return &created, err
}

// RetirePlan closes a plan to new subscribers at once; its subscribers keep it.
func (c *Client) RetirePlan(ctx context.Context, organizationID, planID string) error {
	return c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/plans/%s/retire", id(organizationID), id(planID)), nil, nil)
}

// SubmitListing submits a draft or rejected listing for review; on a live listing, it checks that changes wait for review.
func (c *Client) SubmitListing(ctx context.Context, organizationID, listingID string) (*ListingReviewStatus, error) {
	var status ListingReviewStatus
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/listings/%s/submit", id(organizationID), id(listingID)), nil, &status)
	return &status, err
}

// GetListingReview says where the listing is in review.
func (c *Client) GetListingReview(ctx context.Context, organizationID, listingID string) (*ListingReviewStatus, error) {
	var status ListingReviewStatus
	err := c.platform(ctx, http.MethodGet, fmt.Sprintf("organizations/%s/listings/%s/review", id(organizationID), id(listingID)), nil, &status)
	return &status, err
}

// Subscribe subscribes to a plan: a free one at once; a paid one answers ConfirmationRequired with its quote until confirm is true.
func (c *Client) Subscribe(ctx context.Context, organizationID, planID string, confirm bool) (*SubscriptionOutcome, error) {
	var outcome SubscriptionOutcome
	body := map[string]any{"planId": planID, "confirm": confirm}
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/subscriptions", id(organizationID)), body, &outcome)
	return &outcome, err
}

// ChangePlan moves a subscription to another plan of the same API; it answers ConfirmationRequired with the quote until confirm is true.
func (c *Client) ChangePlan(ctx context.Context, organizationID, subscriptionID, planID string, confirm bool) (*SubscriptionOutcome, error) {
	var outcome SubscriptionOutcome
	body := map[string]any{"planId": planID, "confirm": confirm}
	err := c.platform(ctx, http.MethodPost,
		fmt.Sprintf("organizations/%s/subscriptions/%s/plan", id(organizationID), id(subscriptionID)), body, &outcome)
	return &outcome, err
}

// CancelSubscription cancels at the end of the period paid for; calls work until EndsAt.
func (c *Client) CancelSubscription(ctx context.Context, organizationID, subscriptionID string) (*CanceledSubscription, error) {
	var canceled CanceledSubscription
	err := c.platform(ctx, http.MethodPost,
		fmt.Sprintf("organizations/%s/subscriptions/%s/cancel", id(organizationID), id(subscriptionID)), nil, &canceled)
	return &canceled, err
}

// WithdrawScheduledChange withdraws a scheduled cancellation or downgrade before it applies: the subscription keeps its
// plan and renews as before.
func (c *Client) WithdrawScheduledChange(ctx context.Context, organizationID, subscriptionID string) error {
	return c.platform(ctx, http.MethodDelete,
		fmt.Sprintf("organizations/%s/subscriptions/%s/scheduled-change", id(organizationID), id(subscriptionID)), nil, nil)
}

// ListWebhooks returns a page of an organization's webhook endpoints in the order they were registered: page from 1,
// pageSize 1 to 100.
func (c *Client) ListWebhooks(ctx context.Context, organizationID string, page, pageSize int) (*ListPage[WebhookEndpoint], error) {
	var endpoints ListPage[WebhookEndpoint]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/webhooks?page=%d&pageSize=%d", id(organizationID), page, pageSize), nil, &endpoints)
	return &endpoints, err
}

// CreateWebhook registers an endpoint; the answer holds its signing secret. Owners only.
func (c *Client) CreateWebhook(ctx context.Context, organizationID string, endpoint CreateWebhookRequest) (*CreatedWebhookEndpoint, error) {
	body := struct {
		URL         string   `json:"url"`
		Description *string  `json:"description"`
		AllEvents   bool     `json:"allEvents"`
		Events      []string `json:"events"`
	}{endpoint.URL, nil, endpoint.Events == nil, endpoint.Events}
	if endpoint.Description != "" {
		body.Description = &endpoint.Description
	}
	var created CreatedWebhookEndpoint
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/webhooks", id(organizationID)), body, &created)
	return &created, err
}

// DeleteWebhook removes an endpoint; no more deliveries go to it.
func (c *Client) DeleteWebhook(ctx context.Context, organizationID, endpointID string) error {
	return c.platform(ctx, http.MethodDelete, fmt.Sprintf("organizations/%s/webhooks/%s", id(organizationID), id(endpointID)), nil, nil)
}

// SendTestWebhook queues a ping event to this endpoint only and returns the event's id.
func (c *Client) SendTestWebhook(ctx context.Context, organizationID, endpointID string) (string, error) {
	var answer struct {
		EventID string `json:"eventId"`
	}
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/webhooks/%s/test", id(organizationID), id(endpointID)), nil, &answer)
	return answer.EventID, err
}

// ListWebhookDeliveries returns a page of the delivery log, newest first: page from 1, pageSize 1 to 100, of one
// endpoint or, with endpointID "", of all.
func (c *Client) ListWebhookDeliveries(ctx context.Context, organizationID string, page, pageSize int, endpointID string) (*ListPage[WebhookDelivery], error) {
	endpoint := ""
	if endpointID != "" {
		endpoint = "&endpointId=" + id(endpointID)
	}
	var deliveries ListPage[WebhookDelivery]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/webhooks/deliveries?page=%d&pageSize=%d%s", id(organizationID), page, pageSize, endpoint), nil, &deliveries)
	return &deliveries, err
}

// ResendWebhookDelivery queues one more attempt of a delivery, with the same event id and body.
func (c *Client) ResendWebhookDelivery(ctx context.Context, organizationID, deliveryID string) error {
	return c.platform(ctx, http.MethodPost,
		fmt.Sprintf("organizations/%s/webhooks/deliveries/%s/resend", id(organizationID), id(deliveryID)), nil, nil)
}

// ListPrivacyDatasets returns a page of the organization's privacy datasets, newest first, archived ones included, with
// what each spent: page from 1, pageSize 1 to 100. The month's cap is in each dataset's budget (GetPrivacyBudget).
func (c *Client) ListPrivacyDatasets(ctx context.Context, organizationID string, page, pageSize int) (*ListPage[PrivacyDataset], error) {
	var datasets ListPage[PrivacyDataset]
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/privacy/datasets?page=%d&pageSize=%d", id(organizationID), page, pageSize), nil, &datasets)
	return &datasets, err
}

// CreatePrivacyDataset registers a dataset; the differential privacy endpoints take its id as "dataset". Owners and
// developers only.
func (c *Client) CreatePrivacyDataset(ctx context.Context, organizationID string, dataset CreatePrivacyDatasetRequest) (*PrivacyDataset, error) {
	var created PrivacyDataset
	err := c.platform(ctx, http.MethodPost, fmt.Sprintf("organizations/%s/privacy/datasets", id(organizationID)), dataset, &created)
	return &created, err
}

// ArchivePrivacyDataset archives a dataset: it takes no more queries; what it spent still counts against the month's cap.
func (c *Client) ArchivePrivacyDataset(ctx context.Context, organizationID, datasetID string) error {
	return c.platform(ctx, http.MethodPost,
		fmt.Sprintf("organizations/%s/privacy/datasets/%s/archive", id(organizationID), id(datasetID)), nil, nil)
}

// GetPrivacyBudget returns what the dataset spent of its budget and what remains, and the organization's cap for the month.
func (c *Client) GetPrivacyBudget(ctx context.Context, organizationID, datasetID string) (*PrivacyBudget, error) {
	var budget PrivacyBudget
	err := c.platform(ctx, http.MethodGet,
		fmt.Sprintf("organizations/%s/privacy/datasets/%s/budget", id(organizationID), id(datasetID)), nil, &budget)
	return &budget, err
}

// Gateway.

// Response is a successful answer from a listing, read whole.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// JSON decodes the body into v.
func (r *Response) JSON(v any) error {
	if len(r.Body) == 0 {
		return &ProblemError{Status: r.StatusCode, Title: "Empty answer", Detail: "The answer had no body where JSON was expected."}
	}
	return json.Unmarshal(r.Body, v)
}

// Call calls path (e.g. /v1/ping, query string included) of a listing through the gateway with the API key. A body
// without a Content-Type in header is sent as application/octet-stream; the same body is sent again on a retry. An
// error status comes back as a *ProblemError.
func (c *Client) Call(ctx context.Context, listingSlug, method, path string, body []byte, header http.Header) (*Response, error) {
	if strings.TrimSpace(listingSlug) == "" {
		return nil, errors.New("trustvault: name the listing to call, e.g. ai-analytics")
	}
	sent := header.Clone()
	if sent == nil {
		sent = http.Header{}
	}
	if body != nil && sent.Get("Content-Type") == "" {
		sent.Set("Content-Type", "application/octet-stream")
	}
	if c.apiKey == "" {
		return nil, ErrNoAPIKey
	}
	sent.Set(APIKeyHeader, c.apiKey)
	route := "gw/" + url.PathEscape(listingSlug) + "/" + strings.TrimLeft(path, "/")
	return c.send(ctx, method, route, body, sent)
}

// GetJSON calls GET path of a listing and decodes its JSON answer into out.
func (c *Client) GetJSON(ctx context.Context, listingSlug, path string, out any) error {
	answer, err := c.Call(ctx, listingSlug, http.MethodGet, path, nil, nil)
	if err != nil {
		return err
	}
	return answer.JSON(out)
}

// PostJSON posts in as JSON to path of a listing and decodes its JSON answer into out.
func (c *Client) PostJSON(ctx context.Context, listingSlug, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	answer, err := c.Call(ctx, listingSlug, http.MethodPost, path, body, http.Header{"Content-Type": {"application/json"}})
	if err != nil {
		return err
	}
	return answer.JSON(out)
}

// PaillierSum is the privacy API's encrypted sum: the server multiplies the ciphertexts, which adds their plaintexts,
// and never sees one. Decrypt the answer with the PaillierKeyPair that encrypted them.
func (c *Client) PaillierSum(ctx context.Context, publicKey *PaillierPublicKey, ciphertexts []*big.Int) (*big.Int, error) {
	type key struct {
		N string `json:"n"`
	}
	// The compact encoding: base64 is a little over half the size of decimal, and the server reads it in linear time.
	request := struct {
		PublicKey   key      `json:"publicKey"`
		Ciphertexts []string `json:"ciphertexts"`
		Encoding    string   `json:"encoding"`
	}{key{ToBase64(publicKey.N)}, make([]string, len(ciphertexts)), "base64"}
	for i, ciphertext := range ciphertexts {
		request.Ciphertexts[i] = ToBase64(ciphertext)
	}
	var answer struct {
		Ciphertext string `json:"ciphertext"`
	}
	if err := c.PostJSON(ctx, PrivacyListing, "/v1/paillier/sum", request, &answer); err != nil {
		return nil, err
	}
	sum, err := FromBase64(answer.Ciphertext)
	if err != nil {
		return nil, fmt.Errorf("trustvault: the privacy API answered a ciphertext that is not base64: %q", answer.Ciphertext)
	}
	return sum, nil
}

// platform calls route under /api/v1 with the token, sending body as JSON when it is not nil and decoding the answer
// into out when out is not nil (DELETE answers 204 and resend 202: nothing worth reading).
func (c *Client) platform(ctx context.Context, method, route string, body, out any) error {
	if c.token == "" {
		return ErrNoToken
	}
	header := http.Header{"Authorization": {"Bearer " + c.token}}
	var content []byte
	if body != nil {
		var err error
		if content, err = json.Marshal(body); err != nil {
			return err
		}
		header.Set("Content-Type", "application/json")
	}
	answer, err := c.send(ctx, method, "api/v1/"+route, content, header)
	if err != nil || out == nil {
		return err
	}
	return answer.JSON(out)
}

func (c *Client) send(ctx context.Context, method, route string, body []byte, header http.Header) (*Response, error) {
	for attempt := 1; ; attempt++ {
		// A fresh reader of the same bytes on each attempt, so a retry sends the same body again.
		var content io.Reader
		if body != nil {
			content = bytes.NewReader(body)
		}
		request, err := http.NewRequestWithContext(ctx, method, c.baseURL+route, content)
		if err != nil {
			return nil, err
		}
		request.Header = header.Clone()
		request.Header.Set("Accept", "application/json, application/problem+json")
		request.Header.Set("User-Agent", userAgent)

		answer, status, err := c.roundTrip(request)
		if err != nil {
			return nil, err
		}
		if answer.StatusCode >= 200 && answer.StatusCode < 300 {
			return answer, nil
		}

		retryAfter, named := answer.Header["Retry-After"]
		wait := c.retryWait(retryAfter)
		if answer.StatusCode != http.StatusTooManyRequests || quotaUsedUp(answer.Header) || attempt >= c.maxAttempts || wait > c.maxRetryWait {
			problem := toProblem(answer, status)
			if named {
				problem.RetryAfter = wait
			}
			return nil, problem
		}
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// roundTrip sends the request and reads the answer whole, with its status text ("Bad Gateway").
func (c *Client) roundTrip(request *http.Request) (*Response, string, error) {
	answer, err := c.http.Do(request)
	if err != nil {
		return nil, "", err
	}
	defer answer.Body.Close()
	body, err := io.ReadAll(answer.Body)
	if err != nil {
		return nil, "", err
	}
	status := strings.TrimPrefix(answer.Status, strconv.Itoa(answer.StatusCode)+" ")
	return &Response{StatusCode: answer.StatusCode, Header: answer.Header, Body: body}, status, nil
}

// retryWait reads Retry-After as delay-seconds or as an HTTP date (RFC 9110 §10.2.3); a date in the past means now.
func (c *Client) retryWait(retryAfter []string) time.Duration {
	if len(retryAfter) == 0 {
		return c.defaultRetryWait
	}
	value := strings.TrimSpace(retryAfter[0])
	if seconds, err := strconv.ParseUint(value, 10, 32); err == nil {
		return time.Duration(seconds) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil {
		if wait := at.Sub(c.now()); wait > 0 {
			return wait
		}
		return 0
	}
	return c.defaultRetryWait
}

// quotaUsedUp tells the gateway's monthly-quota 429, which reports no calls left: its Retry-After points at next month.
func quotaUsedUp(header http.Header) bool {
	for _, value := range header.Values(QuotaRemainingHeader) {
		for _, remaining := range strings.Split(value, ",") {
			if strings.TrimSpace(remaining) == "0" {
				return true
			}
		}
	}
	return false
}

func toProblem(answer *Response, status string) *ProblemError {
	var problem ProblemError
	if strings.Contains(strings.ToLower(answer.Header.Get("Content-Type")), "json") && json.Unmarshal(answer.Body, &problem) == nil {
		problem.Status = answer.StatusCode
		return &problem
	}
	// Not a problem document after all: describe the answer by its status and the start of its text.
	text := answer.Body
	if len(text) > 500 {
		text = text[:500]
	}
	detail := strings.TrimSpace(strings.ToValidUTF8(string(text), string(utf8.RuneError)))
	return &ProblemError{Status: answer.StatusCode, Title: status, Detail: detail}
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

func (f UsageFilter) query(page, pageSize int) string {
	query := url.Values{}
	for name, value := range map[string]string{
		"from": f.From, "to": f.To, "keyId": f.KeyID, "listingId": f.ListingID, "route": f.Route, "statusClass": f.StatusClass,
	} {
		if value != "" {
			query.Set(name, value)
		}
	}
	query.Set("page", strconv.Itoa(page))
	query.Set("pageSize", strconv.Itoa(pageSize))
	return query.Encode()
}

func id(value string) string {
	return url.PathEscape(value)
}

func valueOr[T int | time.Duration](value, fallback T) T {
	if value == 0 {
		return fallback
	}
	return value
}
