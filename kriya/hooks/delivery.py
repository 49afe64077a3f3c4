"""Delivering webhooks: recorded in the transaction of the change that caused them, sent
by the worker after commit, retried with exponential backoff for a day.

- `record(event, data)` (called by the receivers, inside the service's transaction)
  writes one `Delivery` per subscriber that hears `event` and enqueues
  `deliver_webhook` on commit: the request that caused it never waits for an
  integrator.
- `attempt(delivery_id)` claims the delivery (so two workers never send it twice at
  once), POSTs the signed JSON (`signing.py`), and records the outcome in its `log`.
  A 2xx answer is delivered; anything else is retried after 1, 2, 4 … minutes
  (`backoff`) until a day after the event; then it is given up.
- A subscriber is paused when a delivery is given up or after `PAUSE_AFTER` failed
  attempts in a row; its owner is told (`notifications.tell_owner_paused`). A paused
  subscriber receives nothing new until an administrator resumes it.
- `retry_due()` (the scheduler's job `retry_webhooks`, every minute) sends the
  deliveries whose next attempt is due.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from kriya.core import adapters as marks

from . import signing
from .models import Delivery, DeliveryStatus, Subscriber
from .notifications import tell_owner_paused

logger = logging.getLogger("kriya.hooks")

FIRST_DELAY = timedelta(minutes=1)
RETRY_WINDOW = timedelta(days=1)
PAUSE_AFTER = 30  # failed attempts in a row
TIMEOUT_SECONDS = 10
CLAIM = timedelta(minutes=2)  # an attempt in flight is not taken by another worker


@dataclass(frozen=True)
class Response:
    status: int | None
    error: str = ""


def post(url: str, body: bytes, headers: dict) -> Response:
    """The transport: one HTTP POST (tests replace it or run a local server)."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return Response(answer.status)
    except urllib.error.HTTPError as error:
        return Response(error.code, f"HTTP {error.code}")
    except Exception as error:  # refused, timed out, DNS, TLS
        return Response(None, f"{type(error).__name__}: {error}"[:300])


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, 8 … minutes."""
    return FIRST_DELAY * (2 ** max(attempts - 1, 0))


def body_of(delivery: Delivery) -> bytes:
    document = {
        "id": str(delivery.event_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def enabled() -> bool:
    return bool(getattr(settings, "KRIYA_WEBHOOKS", False))


def record(event: str, data: dict) -> list[Delivery]:
    """One delivery per receiving subscriber of `event`, sent after commit."""
    if not enabled():
        return []
    event_id = uuid.uuid4()
    created = []
    for subscriber in Subscriber.objects.filter(is_active=True, paused_at__isnull=True):
        if event not in subscriber.events:
            continue
        delivery = Delivery.objects.create(
            subscriber=subscriber, event=event, event_id=event_id, payload=data
        )
        created.append(delivery)
        enqueue_on_commit(delivery.pk)
    return created


def enqueue_on_commit(delivery_id) -> None:
    def enqueue():
        try:
            deliver_webhook.enqueue(delivery_id=str(delivery_id))
        except Exception:
            # The scheduler's retry job sends it instead.
            logger.exception("Could not queue webhook delivery %s", delivery_id)

    transaction.on_commit(enqueue)


def _claim(delivery_id, now) -> bool:
    due = Delivery.objects.filter(
        pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
    ).exclude(next_attempt_at__gt=now)
    return bool(due.update(next_attempt_at=now + CLAIM))


def attempt(delivery_id) -> str:
    """Send one delivery once; returns its status afterwards."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        return Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
    delivery = Delivery.objects.select_related("subscriber").get(pk=delivery_id)
    subscriber = delivery.subscriber
    if not subscriber.is_receiving:
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
        return delivery.status
    body = body_of(delivery)
    headers = signing.headers(
        secret=subscriber.secret,
        timestamp=int(time.time()),
        body=body,
        event=delivery.event,
        delivery=str(delivery.pk),
    )
    started = time.monotonic()
    response = post(subscriber.url, body, headers)
    elapsed = round((time.monotonic() - started) * 1000)
    ok = response.status is not None and 200 <= response.status < 300
    error = "" if ok else (response.error or f"HTTP {response.status}")
    return _record_outcome(delivery.pk, ok=ok, response=response, error=error, elapsed=elapsed)


def _record_outcome(delivery_id, *, ok: bool, response: Response, error: str, elapsed: int):
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        subscriber = Subscriber.objects.select_for_update().get(pk=delivery.subscriber_id)
        delivery.attempts += 1
        delivery.last_status_code = response.status
        delivery.last_error = error[:300]
        delivery.log = [
            *delivery.log,
            {"at": now.isoformat(), "code": response.status, "error": error[:300], "ms": elapsed},
        ][-50:]
        if ok:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            subscriber.failure_streak = 0
        else:
            subscriber.failure_streak += 1
            wait = backoff(delivery.attempts)
            if now + wait > delivery.created_at + RETRY_WINDOW:
                delivery.status = DeliveryStatus.GIVEN_UP
                delivery.next_attempt_at = None
            else:
                delivery.status = DeliveryStatus.RETRYING
                delivery.next_attempt_at = now + wait
        delivery.save()
        pause = (
            not ok
            and subscriber.paused_at is None
            and (
                delivery.status == DeliveryStatus.GIVEN_UP
                or subscriber.failure_streak >= PAUSE_AFTER
            )
        )
        if pause:
            subscriber.paused_at = now
            subscriber.pause_reason = (
                f"Gagal {subscriber.failure_streak} kali berturut-turut; terakhir: {error}"
            )[:300]
        subscriber.save(update_fields=["failure_streak", "paused_at", "pause_reason"])
        if pause:
            tell_owner_paused(subscriber)
    if ok:
        marks.record_success("webhooks")
    else:
        marks.record_error("webhooks", f"{subscriber.name}: {error}")
    return delivery.status


def retry_due(now=None) -> int:
    """Send every delivery whose next attempt is due; returns how many were tried."""
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=DeliveryStatus.RETRYING,
        next_attempt_at__lte=now,
        subscriber__is_active=True,
        subscriber__paused_at__isnull=True,
    ).values_list("pk", flat=True)[:500]
    count = 0
    for delivery_id in list(due):
        attempt(delivery_id)
        count += 1
    return count


@task()
def deliver_webhook(delivery_id: str) -> str:
    """Send one webhook delivery (once; a retry is the scheduler's)."""
    return attempt(delivery_id)


@task()
def retry_webhooks() -> int:
    """The scheduler's minute job: retry the deliveries that are due."""
    return retry_due()
