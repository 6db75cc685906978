package trustvault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// WebhookSignatureHeader carries "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>" on every webhook
// delivery.
const WebhookSignatureHeader = "TrustVault-Signature"

// DefaultWebhookTolerance is how far a delivery's signing time may be from now before it is refused as a replay.
const DefaultWebhookTolerance = 5 * time.Minute

// VerifyWebhookSignature checks a delivery against the endpoint's signing secret (whsec_…) as of now, with
// DefaultWebhookTolerance. The HMAC is over the raw body exactly as received, so pass the bytes before any JSON
// decoding.
func VerifyWebhookSignature(secret string, rawBody []byte, signatureHeader string) bool {
	return VerifyWebhookSignatureAt(secret, rawBody, signatureHeader, time.Now(), DefaultWebhookTolerance)
}

// VerifyWebhookSignatureAt is VerifyWebhookSignature with the current time and the replay tolerance given.
func VerifyWebhookSignatureAt(secret string, rawBody []byte, signatureHeader string, now time.Time, tolerance time.Duration) bool {
	var timestamp, signature string
	for _, part := range strings.Split(signatureHeader, ",") {
		name, value, _ := strings.Cut(part, "=")
		switch strings.TrimSpace(name) {
		case "t":
			timestamp = strings.TrimSpace(value)
		case "v1":
			signature = strings.TrimSpace(value)
		}
	}
	seconds, err := strconv.ParseUint(timestamp, 10, 63)
	if err != nil || signature == "" {
		return false
	}
	age := now.Sub(time.Unix(int64(seconds), 0))
	if age > tolerance || -age > tolerance {
		return false
	}

	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(rawBody)
	expected := hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(expected), []byte(strings.ToLower(signature)))
}
