"""The signature of a webhook delivery (no Django here: integrators may copy it).

Kriya sends three headers with each POST:

- `X-Kriya-Timestamp`: Unix seconds when the attempt was made;
- `X-Kriya-Signature`: `v1=` + hex HMAC-SHA256 of `"{timestamp}.{body}"` with the
  subscriber's secret (the raw body bytes, as received);
- `X-Kriya-Event`, `X-Kriya-Delivery`: the event name and the delivery's id.

docs/integrations.md has the receiving side's snippet; the tests run it.
"""

from __future__ import annotations

import hashlib
import hmac

SCHEME = "v1"


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def headers(*, secret: str, timestamp: int, body: bytes, event: str, delivery: str) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Kriya-Webhooks/1",
        "X-Kriya-Event": event,
        "X-Kriya-Delivery": delivery,
        "X-Kriya-Timestamp": str(timestamp),
        "X-Kriya-Signature": signature(secret, timestamp, body),
    }
