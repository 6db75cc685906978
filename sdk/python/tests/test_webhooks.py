import hashlib
import hmac
import json
import unittest

from trustvault import verify_webhook_signature

SECRET = "whsec_test_0123456789abcdef"
BODY = json.dumps({"id": "evt_1", "type": "key.created", "data": {"name": "CI key"}})
SENT_AT = 1_764_000_000
NOW = SENT_AT + 30


def sign(secret: str, timestamp: int, body: str) -> str:
    """As the README's recipe says."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class VerifyWebhookSignatureTests(unittest.TestCase):
    def test_accepts_a_fresh_delivery_signed_with_the_endpoints_secret_as_text_or_bytes(self) -> None:
        header = sign(SECRET, SENT_AT, BODY)

        self.assertTrue(verify_webhook_signature(SECRET, BODY, header, now=NOW))
        self.assertTrue(verify_webhook_signature(SECRET, BODY.encode(), header, now=NOW))
        self.assertTrue(verify_webhook_signature(SECRET, BODY, header.upper().replace("T=", "t=").replace("V1=", "v1="), now=NOW))

    def test_refuses_a_changed_body_another_secret_a_stale_timestamp_or_a_missing_header(self) -> None:
        header = sign(SECRET, SENT_AT, BODY)

        self.assertFalse(verify_webhook_signature(SECRET, BODY.replace("CI key", "CI kez"), header, now=NOW))
        self.assertFalse(verify_webhook_signature("whsec_other", BODY, header, now=NOW))
        self.assertFalse(verify_webhook_signature(SECRET, BODY, header, now=SENT_AT + 301))
        self.assertTrue(verify_webhook_signature(SECRET, BODY, header, now=SENT_AT + 3600, tolerance_seconds=7200))
        self.assertFalse(verify_webhook_signature(SECRET, BODY, None, now=NOW))
        self.assertFalse(verify_webhook_signature(SECRET, BODY, f"t={SENT_AT}", now=NOW))
        self.assertFalse(verify_webhook_signature(SECRET, BODY, f"t={SENT_AT},v1=é", now=NOW))
