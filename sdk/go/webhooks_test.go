package trustvault_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"trustvault"
)

const webhookSecret = "whsec_test_0123456789abcdef"

var (
	webhookBody = []byte(`{"id":"evt_1","type":"key.created","data":{"name":"CI key"}}`)
	sentAt      = time.Unix(1_764_000_000, 0)
	receivedAt  = sentAt.Add(30 * time.Second)
)

// sign signs as the README's recipe says.
func sign(secret string, at time.Time, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d.%s", at.Unix(), body)
	return fmt.Sprintf("t=%d,v1=%s", at.Unix(), hex.EncodeToString(mac.Sum(nil)))
}

func verify(body []byte, header string, now time.Time) bool {
	return trustvault.VerifyWebhookSignatureAt(webhookSecret, body, header, now, trustvault.DefaultWebhookTolerance)
}

func TestVerifyWebhookSignatureAcceptsAFreshDeliverySignedWithTheEndpointsSecret(t *testing.T) {
	header := sign(webhookSecret, sentAt, webhookBody)
	upperCaseHex := strings.NewReplacer("T=", "t=", "V1=", "v1=").Replace(strings.ToUpper(header))

	if !verify(webhookBody, header, receivedAt) {
		t.Error("refused a fresh delivery signed with the endpoint's secret")
	}
	if !verify(webhookBody, upperCaseHex, receivedAt) {
		t.Error("refused a signature written in upper-case hex")
	}
	if !verify(webhookBody, " t="+header[2:], receivedAt) {
		t.Error("refused a header with a space before a part")
	}
}

func TestVerifyWebhookSignatureRefusesAChangedBodyAnotherSecretAStaleTimestampOrAMissingHeader(t *testing.T) {
	header := sign(webhookSecret, sentAt, webhookBody)
	changed := []byte(strings.Replace(string(webhookBody), "CI key", "CI kez", 1))

	cases := map[string]bool{
		"changed body":          verify(changed, header, receivedAt),
		"another secret":        trustvault.VerifyWebhookSignatureAt("whsec_other", webhookBody, header, receivedAt, trustvault.DefaultWebhookTolerance),
		"stale timestamp":       verify(webhookBody, header, sentAt.Add(301*time.Second)),
		"timestamp from future": verify(webhookBody, header, sentAt.Add(-301*time.Second)),
		"missing header":        verify(webhookBody, "", receivedAt),
		"no signature":          verify(webhookBody, fmt.Sprintf("t=%d", sentAt.Unix()), receivedAt),
		"signed timestamp":      verify(webhookBody, strings.Replace(header, "t=", "t=+", 1), receivedAt),
		"non-ASCII signature":   verify(webhookBody, fmt.Sprintf("t=%d,v1=é", sentAt.Unix()), receivedAt),
	}
	for name, accepted := range cases {
		if accepted {
			t.Errorf("accepted a delivery with a %s", name)
		}
	}
	if !trustvault.VerifyWebhookSignatureAt(webhookSecret, webhookBody, header, sentAt.Add(time.Hour), 2*time.Hour) {
		t.Error("refused an hour-old delivery within a two-hour tolerance")
	}
}

func TestVerifyWebhookSignatureChecksAgainstTheCurrentTime(t *testing.T) {
	now := time.Now()

	if !trustvault.VerifyWebhookSignature(webhookSecret, webhookBody, sign(webhookSecret, now, webhookBody)) {
		t.Error("refused a delivery signed just now")
	}
	if trustvault.VerifyWebhookSignature(webhookSecret, webhookBody, sign(webhookSecret, now.Add(-time.Hour), webhookBody)) {
		t.Error("accepted a delivery signed an hour ago")
	}
}
