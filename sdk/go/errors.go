package trustvault

import (
	"errors"
	"fmt"
	"time"
)

// ErrNoToken is returned, before anything is sent, by a platform API call on a client without a personal access token.
var ErrNoToken = errors.New("trustvault: the platform API needs a personal access token (tvp_…): set Options.PersonalAccessToken")

// ErrNoAPIKey is returned, before anything is sent, by a gateway call on a client without an API key.
var ErrNoAPIKey = errors.New("trustvault: calls through the gateway need an API key: set Options.APIKey")

// ProblemError is a call that TrustVault answered with an error status, carrying the answer's problem details
// (RFC 9457 application/problem+json). Find it with errors.As:
//
//	var problem *trustvault.ProblemError
//	if errors.As(err, &problem) && problem.Status == http.StatusNotFound { … }
type ProblemError struct {
	// Status is the HTTP status of the answer.
	Status int `json:"status"`
	// Type is a URI naming the kind of problem, when the answer gave one.
	Type string `json:"type"`
	// Title is a short summary of the kind of problem; for an answer that was not problem+json, the status text.
	Title string `json:"title"`
	// Detail explains this occurrence; for an answer that was not problem+json, the start of its text.
	Detail string `json:"detail"`
	// Instance is a URI naming this occurrence, when the answer gave one.
	Instance string `json:"instance"`
	// Errors holds the messages per input field (e.g. "days", "pageSize"), empty unless the input was invalid.
	Errors map[string][]string `json:"errors"`
	// RetryAfter is how long to wait before trying again when the answer said so (429 and some 503), else zero.
	RetryAfter time.Duration `json:"-"`
}

// Error reads "status title: detail", e.g. "429 Rate limit exceeded: Your plan allows 2 requests per second.".
func (e *ProblemError) Error() string {
	title := e.Title
	if title == "" {
		title = fmt.Sprintf("HTTP %d", e.Status)
	}
	if e.Detail == "" {
		return fmt.Sprintf("%d %s", e.Status, title)
	}
	return fmt.Sprintf("%d %s: %s", e.Status, title, e.Detail)
}
