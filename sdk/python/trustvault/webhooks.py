"""Checking the signature TrustVault puts on every webhook delivery."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

WEBHOOK_SIGNATURE_HEADER = "TrustVault-Signature"
"""Carries ``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`` on every webhook delivery."""


def verify_webhook_signature(
    secret: str,
    raw_body: str | bytes,
    signature_header: str | None,
    *,
    tolerance_seconds: float = 300,
    now: float | None = None,
) -> bool:
    """Checks a delivery against the endpoint's signing secret (``whsec_…``).

    The HMAC is over the raw body exactly as received, so pass the bytes before any JSON parsing. Deliveries signed
    more than ``tolerance_seconds`` away from ``now`` (Unix seconds, default the current time) are refused as replays.
    """
    parts: dict[str, str] = {}
    for part in (signature_header or "").split(","):
        name, _, value = part.partition("=")
        parts[name.strip()] = value.strip()
    timestamp = parts.get("t", "")
    signature = parts.get("v1", "")
    if not re.fullmatch(r"\d+", timestamp) or not signature:
        return False

    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance_seconds:
        return False

    body = raw_body.encode() if isinstance(raw_body, str) else raw_body
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    # Bytes, since compare_digest refuses non-ASCII text and a forged header may hold any.
    return hmac.compare_digest(expected.encode(), signature.lower().encode())
