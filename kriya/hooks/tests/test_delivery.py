"""Webhook delivery: signed JSON sent after commit, checked by the documented snippet;
retried with exponential backoff for a day; a subscriber that keeps failing is paused and
its owner told; an administrator sends an event again."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from kriya.core import adapters as marks
from kriya.desk.models import Notification
from kriya.hooks import delivery, services
from kriya.hooks.events import Event
from kriya.hooks.models import Delivery, DeliveryStatus, Subscriber

DOCS = Path(__file__).resolve().parents[3] / "docs" / "integrations.md"
EVENT = Event.CERTIFICATE_SUSPENDED


def snippet_verify():
    """The receiving side's verification, exactly as docs/integrations.md prints it."""
    text = DOCS.read_text()
    code = re.search(r"<!-- verify-snippet -->\s*```python\n(.*?)```", text, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


@pytest.fixture
def subscriber(administrator, receiver, webhooks_on):
    return services.create_subscriber(
        name="Marketplace", url=receiver.url, events=[EVENT], owner=administrator, by=administrator
    )


def fire(django_capture_on_commit_callbacks, data=None):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return delivery.record(EVENT, data or {"certificate": {"number": "BM-1"}})


def test_a_delivery_is_signed_and_the_documented_snippet_verifies_it(
    subscriber, receiver, django_capture_on_commit_callbacks
):
    [sent] = fire(django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert got["json"]["event"] == EVENT and got["json"]["id"] == str(sent.event_id)
    assert got["json"]["data"] == {"certificate": {"number": "BM-1"}}
    assert got["headers"]["X-Kriya-Delivery"] == str(sent.pk)
    verify = snippet_verify()
    assert verify(subscriber.secret, got["headers"], got["body"]) is True
    assert verify("another-secret", got["headers"], got["body"]) is False
    assert verify(subscriber.secret, got["headers"], got["body"] + b" ") is False
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.DELIVERED and sent.attempts == 1
    assert sent.log[0]["code"] == 200
    assert marks.status("webhooks")["last_success"] is not None


def test_an_old_timestamp_is_refused_by_the_snippet(
    subscriber, receiver, django_capture_on_commit_callbacks
):
    fire(django_capture_on_commit_callbacks)
    got = receiver.requests[0]
    headers = dict(got["headers"])
    headers["X-Kriya-Timestamp"] = str(int(headers["X-Kriya-Timestamp"]) - 3600)
    assert snippet_verify()(subscriber.secret, headers, got["body"]) is False


def test_nothing_is_sent_before_commit_nor_for_a_rolled_back_change(subscriber, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        delivery.record(EVENT, {})
        raise RuntimeError
    assert not Delivery.objects.exists() and receiver.requests == []


def test_off_by_default_nothing_is_recorded(subscriber, settings):
    settings.KRIYA_WEBHOOKS = False
    assert delivery.record(EVENT, {}) == []


def test_only_subscribers_of_the_event_receive_it(administrator, receiver, webhooks_on):
    services.create_subscriber(
        name="Other",
        url=receiver.url,
        events=[Event.CERTIFICATE_GRANTED],
        owner=administrator,
        by=administrator,
    )
    assert delivery.record(EVENT, {}) == []


def test_failures_are_retried_with_exponential_backoff_then_given_up_and_paused(
    subscriber, receiver, administrator, django_capture_on_commit_callbacks, monkeypatch
):
    receiver.status = 500
    [sent] = fire(django_capture_on_commit_callbacks)
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.RETRYING and sent.attempts == 1
    first_wait = sent.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)

    # Not due yet: the retry job leaves it.
    assert delivery.retry_due() == 0
    waits = []
    clock = timezone.now()
    while sent.status == DeliveryStatus.RETRYING:
        clock = sent.next_attempt_at
        monkeypatch.setattr(timezone, "now", lambda clock=clock: clock)
        previous = sent.next_attempt_at
        assert delivery.retry_due(now=clock) == 1
        sent.refresh_from_db()
        if sent.next_attempt_at:
            waits.append(sent.next_attempt_at - previous)
    assert waits[:3] == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert sent.status == DeliveryStatus.GIVEN_UP
    assert clock - sent.created_at <= timedelta(days=1)
    assert sent.attempts == len(receiver.requests) >= 10
    subscriber.refresh_from_db()
    assert subscriber.paused_at is not None and "HTTP 500" in subscriber.pause_reason
    told = Notification.objects.get(event="webhook.paused")
    assert told.recipient == administrator and told.url == f"/integrasi/webhook/{subscriber.pk}/"
    # Paused: a new event is not recorded for it.
    assert delivery.record(EVENT, {}) == []


def test_a_recovering_subscriber_resets_its_streak(
    subscriber, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 503
    [sent] = fire(django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert subscriber.failure_streak == 1
    receiver.status = 204
    Delivery.objects.filter(pk=sent.pk).update(next_attempt_at=timezone.now())
    assert delivery.retry_due() == 1
    sent.refresh_from_db()
    subscriber.refresh_from_db()
    assert sent.status == DeliveryStatus.DELIVERED and subscriber.failure_streak == 0


def test_many_failures_in_a_row_pause_before_a_day_is_over(
    subscriber, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        delivery, "post", lambda url, body, headers: delivery.Response(None, "refused")
    )
    for _ in range(delivery.PAUSE_AFTER):
        fire(django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert subscriber.paused_at is not None
    assert Notification.objects.filter(event="webhook.paused").count() == 1


def test_an_unreachable_url_is_an_error_not_a_crash(
    administrator, webhooks_on, django_capture_on_commit_callbacks
):
    services.create_subscriber(
        name="Gone",
        url="http://127.0.0.1:9/hook",
        events=[EVENT],
        owner=administrator,
        by=administrator,
    )
    [sent] = fire(django_capture_on_commit_callbacks)
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.RETRYING and sent.last_status_code is None
    assert sent.last_error


def test_manual_redelivery_and_resume(
    subscriber, receiver, administrator, django_capture_on_commit_callbacks
):
    [sent] = fire(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.redeliver(delivery=sent, by=administrator)
    again.refresh_from_db()
    assert again.status == DeliveryStatus.DELIVERED and again.redelivery_of == sent
    assert len(receiver.requests) == 2
    assert receiver.requests[1]["json"]["id"] == str(sent.event_id)  # the same event

    Subscriber.objects.filter(pk=subscriber.pk).update(paused_at=timezone.now())
    subscriber.refresh_from_db()
    held = Delivery.objects.create(subscriber=subscriber, event=EVENT, payload={})
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_subscriber(subscriber=subscriber, by=administrator)
    held.refresh_from_db()
    assert held.status == DeliveryStatus.DELIVERED


def test_a_delivery_is_sent_once_even_when_queued_twice(
    subscriber, receiver, django_capture_on_commit_callbacks
):
    [sent] = fire(django_capture_on_commit_callbacks)
    delivery.attempt(sent.pk)
    assert len(receiver.requests) == 1
