"""Every write of the integrations: subscribers registered and changed by an
administrator, paused subscribers resumed, deliveries sent again. Each is audited."""

from __future__ import annotations

from django.db import transaction

from kriya.core import audit

from . import delivery as sending
from .access import require_administrator
from .models import Delivery, DeliveryStatus, Subscriber

FIELDS = ("name", "url", "events", "owner", "is_active")


def _data(subscriber: Subscriber) -> dict:
    return {
        "name": subscriber.name,
        "url": subscriber.url,
        "events": list(subscriber.events),
        "owner": subscriber.owner_id,
        "is_active": subscriber.is_active,
    }


def create_subscriber(*, name: str, url: str, events: list[str], owner, by) -> Subscriber:
    require_administrator(by)
    with transaction.atomic():
        subscriber = Subscriber.objects.create(
            name=name, url=url, events=sorted(set(events)), owner=owner, created_by=by
        )
        audit.record(
            actor=by, verb="webhook.subscriber_created", obj=subscriber, data=_data(subscriber)
        )
    return subscriber


def update_subscriber(*, subscriber: Subscriber, data: dict, by) -> Subscriber:
    require_administrator(by)
    with transaction.atomic():
        for name in FIELDS:
            if name in data:
                value = data[name]
                setattr(subscriber, name, sorted(set(value)) if name == "events" else value)
        subscriber.save()
        audit.record(
            actor=by, verb="webhook.subscriber_updated", obj=subscriber, data=_data(subscriber)
        )
    return subscriber


def rotate_secret(*, subscriber: Subscriber, by) -> Subscriber:
    from .models import new_secret

    require_administrator(by)
    with transaction.atomic():
        subscriber.secret = new_secret()
        subscriber.save(update_fields=["secret"])
        audit.record(actor=by, verb="webhook.secret_rotated", obj=subscriber)
    return subscriber


def resume_subscriber(*, subscriber: Subscriber, by) -> Subscriber:
    """Receive again; the deliveries still within their day are retried now."""
    require_administrator(by)
    with transaction.atomic():
        subscriber.paused_at = None
        subscriber.pause_reason = ""
        subscriber.failure_streak = 0
        subscriber.save(update_fields=["paused_at", "pause_reason", "failure_streak"])
        waiting = subscriber.deliveries.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
        )
        waiting.update(next_attempt_at=None)
        for pk in waiting.values_list("pk", flat=True):
            sending.enqueue_on_commit(pk)
        audit.record(actor=by, verb="webhook.subscriber_resumed", obj=subscriber)
    return subscriber


def redeliver(*, delivery: Delivery, by) -> Delivery:
    """Send an event again to its subscriber: a new delivery with the same event id
    (so the receiver can tell it is the same event), attempted after commit."""
    require_administrator(by)
    with transaction.atomic():
        again = Delivery.objects.create(
            subscriber=delivery.subscriber,
            event=delivery.event,
            event_id=delivery.event_id,
            payload=delivery.payload,
            redelivery_of=delivery,
        )
        sending.enqueue_on_commit(again.pk)
        audit.record(
            actor=by,
            verb="webhook.redelivered",
            obj=delivery.subscriber,
            data={"delivery": str(delivery.pk), "again": str(again.pk)},
        )
    return again
