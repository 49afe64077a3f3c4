"""WhatsApp Business Cloud API (Meta): notifications as approved template messages.

Kriya works fully without it: by default notifications go in the app and by e-mail.
An adapter implements `WhatsAppAdapter`; it is switched on with the setting
`KRIYA_WHATSAPP_ADAPTER` (a dotted path: `kriya.desk.adapters.whatsapp.CloudApi` for
the real service, with `KRIYA_WHATSAPP_TOKEN` and `KRIYA_WHATSAPP_PHONE_ID`), off by
default. Only `send_template` exists: a message outside the approved templates cannot
be sent. `FakeWhatsApp` records messages and simulates delivered, read and failed;
`kriya/desk/tests/test_whatsapp_contract.py` is the contract every adapter passes.

Status callbacks and replies arrive at the webhook `kriya.desk.views.whatsapp`, signed
by Meta with `X-Hub-Signature-256` (HMAC-SHA256 of the body with the app secret,
`KRIYA_WHATSAPP_APP_SECRET`); `verify_signature` and `parse_webhook` read them.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

NAME = "whatsapp"
GRAPH = "https://graph.facebook.com/v20.0"
# Meta's statuses Kriya keeps (the webhook's "statuses[].status").
STATUSES = ("sent", "delivered", "read", "failed")


class WhatsAppError(Exception):
    """The message was not accepted. `retry`: worth trying again later (rate limit,
    Meta unavailable); otherwise permanent (number not on WhatsApp, template refused)."""

    def __init__(self, message: str, *, retry: bool = False):
        super().__init__(message)
        self.retry = retry


class WhatsAppAdapter(Protocol):
    def send_template(self, *, to: str, template: str, language: str, parameters: list[str]) -> str:
        """Send an approved template to `to` (E.164, "+62…"); the message id."""
        ...

    def check(self) -> None:
        """A harmless read proving the connection works; WhatsAppError when not."""
        ...


@dataclass
class SentMessage:
    id: str
    to: str
    template: str
    language: str
    parameters: list[str]


class FakeWhatsApp:
    """Records every message in `FakeWhatsApp.outbox` (shared: the app makes a new
    adapter per call). A number in `failing` is refused for good, one in `limited` is
    rate-limited (retry). `status_payload` builds the webhook Meta would send."""

    outbox: list[SentMessage] = []
    failing: set[str] = set()
    limited: set[str] = set()
    _ids = itertools.count(1)

    @classmethod
    def reset(cls) -> None:
        cls.outbox = []
        cls.failing = set()
        cls.limited = set()

    def send_template(self, *, to: str, template: str, language: str, parameters: list[str]) -> str:
        if not to.startswith("+") or not to[1:].isdigit():
            raise WhatsAppError(f"invalid number {to!r}")
        if to in self.limited:
            raise WhatsAppError("rate limited (fake)", retry=True)
        if to in self.failing:
            raise WhatsAppError("not a WhatsApp number (fake)")
        message = SentMessage(
            f"wamid.FAKE{next(self._ids)}", to, template, language, [str(p) for p in parameters]
        )
        type(self).outbox.append(message)
        return message.id

    def check(self) -> None:
        return None

    @staticmethod
    def status_payload(message_id: str, status: str, *, to: str = "", error: str = "") -> dict:
        entry = {"id": message_id, "status": status, "timestamp": "1767225600"}
        if to:
            entry["recipient_id"] = to.lstrip("+")
        if error:
            entry["errors"] = [{"code": 131026, "title": error}]
        return _envelope({"statuses": [entry]})

    @staticmethod
    def reply_payload(from_number: str, text: str) -> dict:
        message = {"from": from_number.lstrip("+"), "type": "text", "text": {"body": text}}
        return _envelope({"messages": [message]})


def _envelope(value: dict) -> dict:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"changes": [{"field": "messages", "value": value}]}],
    }


class CloudApi:
    """The real WhatsApp Business Cloud API (Graph API), with a system user token."""

    def __init__(self):
        self.token = settings.KRIYA_WHATSAPP_TOKEN
        self.phone_id = settings.KRIYA_WHATSAPP_PHONE_ID

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 (a fixed https address)
            f"{GRAPH}/{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            retry = error.code == 429 or error.code >= 500
            raise WhatsAppError(f"HTTP {error.code}", retry=retry) from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise WhatsAppError(str(error), retry=True) from None

    def send_template(self, *, to: str, template: str, language: str, parameters: list[str]) -> str:
        body = {
            "messaging_product": "whatsapp",
            "to": to.lstrip("+"),
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": str(p)} for p in parameters],
                    }
                ],
            },
        }
        answer = self._call("POST", f"{self.phone_id}/messages", body)
        try:
            return answer["messages"][0]["id"]
        except (KeyError, IndexError):
            raise WhatsAppError("no message id in the answer") from None

    def check(self) -> None:
        self._call("GET", f"{self.phone_id}?fields=display_phone_number")


def verify_signature(app_secret: str, body: bytes, header: str) -> bool:
    """Meta's X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, body)."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


@dataclass(frozen=True)
class StatusUpdate:
    message_id: str
    status: str
    error: str = ""


@dataclass(frozen=True)
class Reply:
    phone: str  # E.164
    text: str


def parse_webhook(payload: dict) -> tuple[list[StatusUpdate], list[Reply]]:
    statuses, replies = [], []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            for item in value.get("statuses") or []:
                if item.get("status") in STATUSES and item.get("id"):
                    errors = item.get("errors") or [{}]
                    statuses.append(
                        StatusUpdate(item["id"], item["status"], str(errors[0].get("title", "")))
                    )
            for item in value.get("messages") or []:
                text = ((item.get("text") or {}).get("body") or "").strip()
                if item.get("from"):
                    replies.append(Reply("+" + str(item["from"]).lstrip("+"), text))
    return statuses, replies


def get_adapter() -> WhatsAppAdapter | None:
    """The configured adapter, or None when WhatsApp is off (the default)."""
    path = getattr(settings, "KRIYA_WHATSAPP_ADAPTER", "")
    if not path:
        return None
    return import_string(path)()
