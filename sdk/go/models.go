package trustvault

import (
	"encoding/json"
	"time"
)

// ListPage is one page of a list, as every list of the API answers: Page from 1, its size, and Total, the whole list's count.
type ListPage[T any] struct {
	Page     int `json:"page"`
	PageSize int `json:"pageSize"`
	Total    int `json:"total"`
	Items    []T `json:"items"`
}

// The platform API's answers, as the OpenAPI document at /api/docs/platform.json describes them (openapi_test.go checks
// the JSON names against it). Ids are GUID strings. Money is a json.Number, the exact decimal text the server wrote,
// so no amount is rounded through a float. Roles and statuses stay strings ("Owner", "Active"): the server may add
// values, and a client built today should still read them.

// Organization is an organization you are a member of, with your role in it (Owner, Developer, Billing, Viewer).
type Organization struct {
	OrganizationID string `json:"organizationId"`
	Name           string `json:"name"`
	Role           string `json:"role"`
	IsPersonal     bool   `json:"isPersonal"`
	IsProvider     bool   `json:"isProvider"`
}

// CatalogPlan is a plan open to new subscribers, as the catalog page shows it: ID is the plan id Subscribe takes.
type CatalogPlan struct {
	ID                    string      `json:"id"`
	Name                  string      `json:"name"`
	MonthlyPrice          json.Number `json:"monthlyPrice"`
	Currency              string      `json:"currency"`
	IncludedCallsPerMonth int64       `json:"includedCallsPerMonth"`
	// OveragePricePer1000 is the price per 1,000 calls past the included ones; empty: a hard cap at the included calls.
	OveragePricePer1000 json.Number `json:"overagePricePer1000"`
	RateLimitPerSecond  int         `json:"rateLimitPerSecond"`
	RateLimitPerMinute  int         `json:"rateLimitPerMinute"`
	TrialDays           int         `json:"trialDays"`
}

// CatalogListing is a published API and the plans open to new subscribers, cheapest first. Slug is the listing's
// address now, which differs from the one asked for when the listing was renamed.
type CatalogListing struct {
	ID            string        `json:"id"`
	Slug          string        `json:"slug"`
	Name          string        `json:"name"`
	Summary       string        `json:"summary"`
	Category      string        `json:"category"`
	Provider      string        `json:"provider"`
	Version       string        `json:"version"`
	AverageRating float64       `json:"averageRating"`
	ReviewCount   int           `json:"reviewCount"`
	Plans         []CatalogPlan `json:"plans"`
}

// APIKey is an API key as listed: never its secret.
type APIKey struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	IsTest     bool       `json:"isTest"`
	CreatedAt  time.Time  `json:"createdAt"`
	ExpiresAt  *time.Time `json:"expiresAt"`
	RevokedAt  *time.Time `json:"revokedAt"`
	LastUsedAt *time.Time `json:"lastUsedAt"`
	IsUsable   bool       `json:"isUsable"`
	// ReplacedByKeyID names the key a rotation issued in its place; a rotated key is not rotated again.
	ReplacedByKeyID *string `json:"replacedByKeyId"`
}

// IssuedAPIKey is a new key: Secret is the whole key to send as X-Api-Key, shown this once.
type IssuedAPIKey struct {
	Key    APIKey `json:"key"`
	Secret string `json:"secret"`
}

// BillingPeriod is the span a subscription's monthly fee and quota cover.
type BillingPeriod struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Subscription is an organization's plan of one listing.
type Subscription struct {
	ID                    string        `json:"id"`
	ListingID             string        `json:"listingId"`
	ListingName           string        `json:"listingName"`
	ListingSlug           string        `json:"listingSlug"`
	PlanID                string        `json:"planId"`
	PlanName              string        `json:"planName"`
	MonthlyPrice          json.Number   `json:"monthlyPrice"`
	Currency              string        `json:"currency"`
	IncludedCallsPerMonth int64         `json:"includedCallsPerMonth"`
	HardCap               bool          `json:"hardCap"`
	Status                string        `json:"status"`
	Period                BillingPeriod `json:"period"`
	TrialEndsAt           *time.Time    `json:"trialEndsAt"`
	CancelsAt             *time.Time    `json:"cancelsAt"`
	PendingPlanName       *string       `json:"pendingPlanName"`
	// PendingPlanAt is when the scheduled downgrade to PendingPlanName applies: the end of the trial or period it was
	// asked in.
	PendingPlanAt *time.Time `json:"pendingPlanAt"`
	// CancellationEndsAt is when the subscription would end if cancelled now: at its trial's end during a trial, else
	// at its period's end.
	CancellationEndsAt time.Time `json:"cancellationEndsAt"`
}

// DailyUsage is one listing's calls on one UTC day.
type DailyUsage struct {
	// Day is a UTC day, yyyy-mm-dd.
	Day         string `json:"day"`
	ListingID   string `json:"listingId"`
	ListingName string `json:"listingName"`
	Calls       int64  `json:"calls"`
	Errors      int64  `json:"errors"`
}

// UsageSummary totals the calls of the requested days; latencies are nil when there were no calls.
type UsageSummary struct {
	Daily        []DailyUsage `json:"daily"`
	Calls        int64        `json:"calls"`
	Errors       int64        `json:"errors"`
	P50LatencyMs *int         `json:"p50LatencyMs"`
	P95LatencyMs *int         `json:"p95LatencyMs"`
}

// SubscriptionQuota is where a subscription stands against its monthly quota.
type SubscriptionQuota struct {
	SubscriptionID string    `json:"subscriptionId"`
	ListingID      string    `json:"listingId"`
	ListingName    string    `json:"listingName"`
	PlanName       string    `json:"planName"`
	PeriodStart    time.Time `json:"periodStart"`
	PeriodEnd      time.Time `json:"periodEnd"`
	Used           int64     `json:"used"`
	Included       int64     `json:"included"`
	Remaining      int64     `json:"remaining"`
	HardCap        bool      `json:"hardCap"`
}

// UsageReport is an organization's usage over the requested days and each subscription's quota.
type UsageReport struct {
	Days   int                 `json:"days"`
	Usage  UsageSummary        `json:"usage"`
	Quotas []SubscriptionQuota `json:"quotas"`
}

// UsageFilter selects what the usage drill-down shows: UTC days as yyyy-mm-dd (both included, at most 90; the last 30
// when both are empty), and optionally one key, API, endpoint (the path as called) or status class ("2xx" to "5xx").
// Empty fields are left out of the query.
type UsageFilter struct {
	From        string
	To          string
	KeyID       string
	ListingID   string
	Route       string
	StatusClass string
}

// UsageGroup holds the calls of one UTC day, key, endpoint and status class.
type UsageGroup struct {
	// Day is a UTC day, yyyy-mm-dd.
	Day              string  `json:"day"`
	APIKeyID         string  `json:"apiKeyId"`
	KeyName          string  `json:"keyName"`
	KeyPrefix        string  `json:"keyPrefix"`
	ListingID        *string `json:"listingId"`
	ListingName      string  `json:"listingName"`
	Method           string  `json:"method"`
	Route            string  `json:"route"`
	StatusClass      string  `json:"statusClass"`
	Calls            int64   `json:"calls"`
	Bytes            int64   `json:"bytes"`
	AverageLatencyMs int     `json:"averageLatencyMs"`
}

// FailedCall is a call answered 4xx or 5xx.
type FailedCall struct {
	At          time.Time `json:"at"`
	RequestID   string    `json:"requestId"`
	KeyName     string    `json:"keyName"`
	KeyPrefix   string    `json:"keyPrefix"`
	ListingName string    `json:"listingName"`
	Method      string    `json:"method"`
	Route       string    `json:"route"`
	Status      int       `json:"status"`
}

// CallDetails is one call found by its request id. Organization names the calling organization; KeyName is nil when a
// provider looks the call up.
type CallDetails struct {
	RequestID    string    `json:"requestId"`
	At           time.Time `json:"at"`
	Organization string    `json:"organization"`
	KeyName      *string   `json:"keyName"`
	ListingID    *string   `json:"listingId"`
	ListingName  string    `json:"listingName"`
	Method       string    `json:"method"`
	Route        string    `json:"route"`
	Status       int       `json:"status"`
	LatencyMs    int       `json:"latencyMs"`
	Bytes        int64     `json:"bytes"`
	Billable     bool      `json:"billable"`
}

// InvoiceSummary is an invoice as listed.
type InvoiceSummary struct {
	ID          string      `json:"id"`
	Number      string      `json:"number"`
	PeriodStart time.Time   `json:"periodStart"`
	IssuedAt    time.Time   `json:"issuedAt"`
	Total       json.Number `json:"total"`
	Currency    string      `json:"currency"`
	Status      string      `json:"status"`
}

// InvoiceLine is a line of an invoice: a plan's fee (Fee) or the calls past its included ones (Overage).
type InvoiceLine struct {
	ID             string      `json:"id"`
	Kind           string      `json:"kind"`
	Description    string      `json:"description"`
	SubscriptionID string      `json:"subscriptionId"`
	ListingID      string      `json:"listingId"`
	PlanID         string      `json:"planId"`
	Quantity       json.Number `json:"quantity"`
	UnitAmount     json.Number `json:"unitAmount"`
	Amount         json.Number `json:"amount"`
}

// Invoice is an invoice with its lines.
type Invoice struct {
	ID               string        `json:"id"`
	Number           string        `json:"number"`
	OrganizationName string        `json:"organizationName"`
	PeriodStart      time.Time     `json:"periodStart"`
	PeriodEnd        time.Time     `json:"periodEnd"`
	IssuedAt         time.Time     `json:"issuedAt"`
	PaidAt           *time.Time    `json:"paidAt"`
	Total            json.Number   `json:"total"`
	Currency         string        `json:"currency"`
	Status           string        `json:"status"`
	FailureReason    *string       `json:"failureReason"`
	Lines            []InvoiceLine `json:"lines"`
}

// ListingSummary is a listing as its provider sees it in a list.
type ListingSummary struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Slug          string    `json:"slug"`
	ProviderName  string    `json:"providerName"`
	Status        string    `json:"status"`
	StatusReason  *string   `json:"statusReason"`
	PlanCount     int       `json:"planCount"`
	EndpointCount int       `json:"endpointCount"`
	UpdatedAt     time.Time `json:"updatedAt"`
}

// ListingStats is a listing's traffic over the requested days.
type ListingStats struct {
	ListingID    string `json:"listingId"`
	Name         string `json:"name"`
	Subscribers  int    `json:"subscribers"`
	Calls        int64  `json:"calls"`
	Errors       int64  `json:"errors"`
	P50LatencyMs *int   `json:"p50LatencyMs"`
	P95LatencyMs *int   `json:"p95LatencyMs"`
}

// ProviderListing is one of a provider organization's own listings, with its traffic (nil when it has none yet).
type ProviderListing struct {
	Listing ListingSummary `json:"listing"`
	Stats   *ListingStats  `json:"stats"`
}

// WebhookEndpoint is a registered webhook endpoint; its signing secret is returned only when it is created.
type WebhookEndpoint struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Description *string   `json:"description"`
	AllEvents   bool      `json:"allEvents"`
	Events      []string  `json:"events"`
	IsEnabled   bool      `json:"isEnabled"`
	CreatedAt   time.Time `json:"createdAt"`
}

// CreatedWebhookEndpoint is a new endpoint with its signing secret.
type CreatedWebhookEndpoint struct {
	Endpoint WebhookEndpoint `json:"endpoint"`
	// Secret is whsec_…: verify deliveries with it (see VerifyWebhookSignature).
	Secret string `json:"secret"`
}

// WebhookDelivery is one event's delivery to one endpoint, with its latest attempt.
type WebhookDelivery struct {
	ID             string     `json:"id"`
	EventID        string     `json:"eventId"`
	EventType      string     `json:"eventType"`
	EndpointID     string     `json:"endpointId"`
	EndpointURL    string     `json:"endpointUrl"`
	Status         string     `json:"status"`
	AttemptCount   int        `json:"attemptCount"`
	LastStatusCode *int       `json:"lastStatusCode"`
	LastError      *string    `json:"lastError"`
	CreatedAt      time.Time  `json:"createdAt"`
	LastAttemptAt  *time.Time `json:"lastAttemptAt"`
	NextAttemptAt  *time.Time `json:"nextAttemptAt"`
}

// CreateKeyRequest describes a key to create.
type CreateKeyRequest struct {
	Name string `json:"name"`
	// ExpiresAt is when the key stops working; nil: it does not expire.
	ExpiresAt *time.Time `json:"expiresAt"`
	// Test asks for a test-mode key (tv_test_…).
	Test bool `json:"test"`
}

// CreateWebhookRequest describes a webhook endpoint to register.
type CreateWebhookRequest struct {
	// URL is where deliveries are posted: https, and not a private address.
	URL string
	// Events lists the event types to send (e.g. "key.created"); nil sends all events.
	Events      []string
	Description string
}

// ListingChanges holds a listing's fields for CreateListing and UpdateListing: on an update, nil fields keep their value;
// an empty string clears an optional one.
type ListingChanges struct {
	Name            *string  `json:"name,omitempty"`
	Slug            *string  `json:"slug,omitempty"`
	Summary         *string  `json:"summary,omitempty"`
	Description     *string  `json:"description,omitempty"`
	Category        *string  `json:"category,omitempty"`
	Tags            []string `json:"tags,omitempty"`
	LogoURL         *string  `json:"logoUrl,omitempty"`
	UpstreamBaseURL *string  `json:"upstreamBaseUrl,omitempty"`
	HealthPath      *string  `json:"healthPath,omitempty"`
	Version         *string  `json:"version,omitempty"`
}

// ListingFields is a listing's fields as a pending revision proposes them.
type ListingFields struct {
	Name            string   `json:"name"`
	Slug            string   `json:"slug"`
	Summary         string   `json:"summary"`
	Description     string   `json:"description"`
	Category        string   `json:"category"`
	Tags            []string `json:"tags"`
	LogoURL         *string  `json:"logoUrl"`
	UpstreamBaseURL *string  `json:"upstreamBaseUrl"`
	HealthPath      *string  `json:"healthPath"`
	Version         string   `json:"version"`
}

// ProposedChange is one difference a pending revision would make on the live listing.
type ProposedChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// ListingRevision is a set of changes to a live listing: Pending until approved or rejected (with a reason), or Withdrawn.
type ListingRevision struct {
	ID             string           `json:"id"`
	Status         string           `json:"status"`
	SubmittedAt    time.Time        `json:"submittedAt"`
	ReviewedAt     *time.Time       `json:"reviewedAt"`
	Reason         *string          `json:"reason"`
	Changes        []ProposedChange `json:"changes"`
	ProposedFields *ListingFields   `json:"proposedFields"`
	IsPending      bool             `json:"isPending"`
}

// ListingReviewStatus says where a listing is in review (Draft, InReview, Published, Rejected or Suspended) and, once it
// is live, gives its latest revision. IsInReview: an administrator has yet to decide; poll until it is false.
type ListingReviewStatus struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Slug         string           `json:"slug"`
	Status       string           `json:"status"`
	StatusReason *string          `json:"statusReason"`
	Revision     *ListingRevision `json:"revision"`
	IsInReview   bool             `json:"isInReview"`
}

// ImportedOpenAPI is a document that imported: its endpoint count and where the listing now is in review.
type ImportedOpenAPI struct {
	Endpoints int                 `json:"endpoints"`
	Title     *string             `json:"title"`
	Version   *string             `json:"version"`
	Listing   ListingReviewStatus `json:"listing"`
}

// NewPlan holds a plan's terms; nil or empty fields take the portal's defaults, and no OveragePricePer1000 means a hard
// cap at the included calls.
type NewPlan struct {
	Name                  string      `json:"name"`
	MonthlyPrice          json.Number `json:"monthlyPrice,omitempty"`
	Currency              string      `json:"currency,omitempty"`
	IncludedCallsPerMonth *int64      `json:"includedCallsPerMonth,omitempty"`
	OveragePricePer1000   json.Number `json:"overagePricePer1000,omitempty"`
	RateLimitPerSecond    *int        `json:"rateLimitPerSecond,omitempty"`
	RateLimitPerMinute    *int        `json:"rateLimitPerMinute,omitempty"`
	TrialDays             *int        `json:"trialDays,omitempty"`
	IsVisible             *bool       `json:"isVisible,omitempty"`
}

// CreatedPlan is a new plan; on a live listing, PlanID is the id it gets when its revision is approved.
type CreatedPlan struct {
	PlanID  string              `json:"planId"`
	Listing ListingReviewStatus `json:"listing"`
}

// PlanQuote is what taking a plan costs and when (Kind: NewSubscription, Upgrade or Downgrade), as the browser shows it.
type PlanQuote struct {
	Kind                  string      `json:"kind"`
	SubscriptionID        *string     `json:"subscriptionId"`
	ListingName           string      `json:"listingName"`
	CurrentPlanName       *string     `json:"currentPlanName"`
	PlanID                string      `json:"planId"`
	PlanName              string      `json:"planName"`
	MonthlyPrice          json.Number `json:"monthlyPrice"`
	Currency              string      `json:"currency"`
	IncludedCallsPerMonth int64       `json:"includedCallsPerMonth"`
	OveragePricePer1000   json.Number `json:"overagePricePer1000"`
	AppliesAt             time.Time   `json:"appliesAt"`
	TrialEndsAt           *time.Time  `json:"trialEndsAt"`
	FirstChargeAt         *time.Time  `json:"firstChargeAt"`
	FirstChargeAmount     json.Number `json:"firstChargeAmount"`
	ProratedAmount        json.Number `json:"proratedAmount"`
	AppliesAtTrialEnd     bool        `json:"appliesAtTrialEnd"`
}

// SubscriptionOutcome says where taking a plan got to. Step: ConfirmationRequired (nothing changed: show Quote, then ask
// again with confirm), CheckoutRequired (send the buyer to CheckoutURL), Applied, or Scheduled (a downgrade, at
// Quote.AppliesAt).
type SubscriptionOutcome struct {
	Step           string    `json:"step"`
	SubscriptionID *string   `json:"subscriptionId"`
	Quote          PlanQuote `json:"quote"`
	CheckoutURL    *string   `json:"checkoutUrl"`
}

// CanceledSubscription says when calls stop working.
type CanceledSubscription struct {
	SubscriptionID string    `json:"subscriptionId"`
	EndsAt         time.Time `json:"endsAt"`
}

// PrivacyDataset is a registered privacy dataset with what its queries spent of its ε and δ budget; ArchivedAt is set
// once it takes no more queries.
type PrivacyDataset struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	Description      *string    `json:"description"`
	EpsilonBudget    float64    `json:"epsilonBudget"`
	DeltaBudget      float64    `json:"deltaBudget"`
	SpentEpsilon     float64    `json:"spentEpsilon"`
	SpentDelta       float64    `json:"spentDelta"`
	RemainingEpsilon float64    `json:"remainingEpsilon"`
	RemainingDelta   float64    `json:"remainingDelta"`
	Queries          int        `json:"queries"`
	CreatedAt        time.Time  `json:"createdAt"`
	ArchivedAt       *time.Time `json:"archivedAt"`
}

// PrivacyMonth is the organization's ε cap for the calendar month (UTC), shared by all of its datasets, and when it resets.
type PrivacyMonth struct {
	EpsilonCap       float64   `json:"epsilonCap"`
	SpentEpsilon     float64   `json:"spentEpsilon"`
	RemainingEpsilon float64   `json:"remainingEpsilon"`
	ResetsAt         time.Time `json:"resetsAt"`
}

// PrivacyBudget is one dataset's budget and the organization's month: a query needs room in both.
type PrivacyBudget struct {
	Dataset PrivacyDataset `json:"dataset"`
	Month   PrivacyMonth   `json:"month"`
}

// CreatePrivacyDatasetRequest describes a dataset to register; nil budgets take the platform's defaults (ε 10, δ 1e-5).
type CreatePrivacyDatasetRequest struct {
	Name        string  `json:"name"`
	Description *string `json:"description"`
	// EpsilonBudget is the ε all of the dataset's queries may spend together.
	EpsilonBudget *float64 `json:"epsilonBudget"`
	// DeltaBudget is the δ they may spend together, 0 to 0.001; 0 allows Laplace queries only.
	DeltaBudget *float64 `json:"deltaBudget"`
}
