"""WhatsApp notifications: opt-in with time and source, opt-out on the page or by
replying STOP, template messages in the user's language, status from Meta's signed
webhook shown in the notification history, fall-back to e-mail, retries with backoff."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from kriya.accounts.models import OptSource, WhatsAppOptIn
from kriya.certification.notifications import LABELS as CERTIFICATION_LABELS
from kriya.core.models import AuditEvent
from kriya.desk import notifications, whatsapp
from kriya.desk.adapters.whatsapp import FakeWhatsApp
from kriya.desk.channels import KINDS, TEMPLATE_PARAMETERS, kind_of
from kriya.desk.models import Notification
from kriya.hooks.notifications import LABELS as HOOK_LABELS

SECRET = "meta-app-secret"
PHONE = "+6281234567890"


@pytest.fixture
def wa_on(settings):
    settings.KRIYA_WHATSAPP_ADAPTER = "kriya.desk.adapters.whatsapp.FakeWhatsApp"
    settings.KRIYA_WHATSAPP_APP_SECRET = SECRET
    settings.KRIYA_WHATSAPP_RATE = 1000
    FakeWhatsApp.reset()
    yield
    FakeWhatsApp.reset()


@pytest.fixture
def opted_in(owner):
    return whatsapp.opt_in(user=owner, phone="0812-3456-7890", source=OptSource.PROFILE, by=owner)


def notify_return(make_request, desk, capture):
    request = make_request("in_review")
    with capture(execute=True):
        notifications.deliver(
            request_id=request.pk,
            event="service_request.return",
            actor_id=desk.pk,
            data={"reason": "Foto kurang jelas"},
        )
    return Notification.objects.get(event="service_request.return")


def post_webhook(client, payload, secret=SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        "/whatsapp/webhook/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )


def test_every_kind_of_every_app_is_in_the_one_table():
    events = set(notifications.RECIPIENTS) | set(CERTIFICATION_LABELS) | set(HOOK_LABELS)
    assert events - set(KINDS) == set()
    assert kind_of("service_request.return").channels == ("in_app", "whatsapp", "email")
    assert kind_of("service_request.assigned").channels == ("in_app", "email")


def test_opt_in_is_recorded_with_time_and_source(client, owner):
    client.force_login(owner)
    response = client.post("/notifikasi/whatsapp/", {"phone": "0812 3456 7890", "consent": "1"})
    assert response.status_code == 302
    record = WhatsAppOptIn.objects.get(user=owner)
    assert record.phone == PHONE and record.opt_in_source == "profile" and record.is_active
    assert record.opted_in_at <= timezone.now()
    assert AuditEvent.objects.filter(verb="whatsapp.opt_in").exists()
    assert PHONE in client.get("/notifikasi/whatsapp/").text


def test_opt_in_needs_consent_and_a_valid_number(client, owner):
    client.force_login(owner)
    page = client.post("/notifikasi/whatsapp/", {"phone": PHONE})
    assert "Centang persetujuan" in page.text
    page = client.post("/notifikasi/whatsapp/", {"phone": "12", "consent": "1"})
    assert page.status_code == 200 and 'class="form-errors"' in page.text
    assert not WhatsAppOptIn.objects.exists()


def test_opt_out_on_the_page(client, owner, opted_in):
    client.force_login(owner)
    client.post("/notifikasi/whatsapp/", {"opt_out": "1"})
    opted_in.refresh_from_db()
    assert not opted_in.is_active and opted_in.opt_out_source == "profile"


def test_the_settings_page_needs_a_login(client, db):
    assert client.get("/notifikasi/whatsapp/").status_code == 302


def test_off_by_default_the_email_goes_as_before(
    make_request, owner, desk, opted_in, django_capture_on_commit_callbacks
):
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    assert notification.whatsapp_status == "" and len(mail.outbox) == 1


def test_an_opted_in_user_gets_the_template_in_their_language_instead_of_email(
    make_request, owner, desk, opted_in, wa_on, django_capture_on_commit_callbacks
):
    owner.language = "en"
    owner.save()
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    [message] = FakeWhatsApp.outbox
    assert message.to == PHONE and message.template == "kriya_status_permohonan"
    assert message.language == "en"
    assert len(message.parameters) == TEMPLATE_PARAMETERS["kriya_status_permohonan"]
    assert message.parameters[0] == "Siti Aminah"
    assert "returned" in message.parameters[1].lower()  # the English label
    assert message.parameters[3].endswith(f"/permohonan/{notification.request_id}/")
    notification.refresh_from_db()
    assert notification.whatsapp_status == "sent" and notification.whatsapp_message_id
    assert mail.outbox == []


def test_a_user_without_opt_in_gets_email(
    make_request, owner, desk, wa_on, django_capture_on_commit_callbacks
):
    notify_return(make_request, desk, django_capture_on_commit_callbacks)
    assert FakeWhatsApp.outbox == [] and len(mail.outbox) == 1


def test_a_kind_without_template_never_goes_by_whatsapp(owner, wa_on, opted_in):
    notification = Notification.objects.create(
        recipient=owner, event="service_request.assigned", url="/x/"
    )
    assert not whatsapp.wants_whatsapp(notification)


def test_a_permanent_failure_falls_back_to_email(
    make_request, owner, desk, opted_in, wa_on, django_capture_on_commit_callbacks
):
    FakeWhatsApp.failing.add(PHONE)
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    assert notification.whatsapp_status == "failed" and len(mail.outbox) == 1


def test_rate_limits_are_retried_with_backoff_then_fall_back(
    make_request, owner, desk, opted_in, wa_on, django_capture_on_commit_callbacks
):
    FakeWhatsApp.limited.add(PHONE)
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    assert notification.whatsapp_status == "retrying" and notification.whatsapp_attempts == 1
    waits = [notification.whatsapp_next_at - timezone.now()]
    assert timedelta(seconds=25) < waits[0] <= timedelta(seconds=30)
    for _ in range(whatsapp.MAX_ATTEMPTS):
        Notification.objects.filter(pk=notification.pk).update(whatsapp_next_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            notifications.retry_whatsapp.call()
        notification.refresh_from_db()
        if notification.whatsapp_status != "retrying":
            break
        waits.append(notification.whatsapp_next_at - timezone.now())
    assert waits[1] > waits[0] * 1.8 and waits[2] > waits[1] * 1.8  # doubled each time
    assert notification.whatsapp_status == "failed"
    assert notification.whatsapp_attempts == whatsapp.MAX_ATTEMPTS
    assert len(mail.outbox) == 1


def test_the_worker_keeps_to_the_rate(monkeypatch, settings):
    settings.KRIYA_WHATSAPP_RATE = 2
    slept = []
    monkeypatch.setattr(whatsapp.time, "time", lambda: 1000.5)
    monkeypatch.setattr(whatsapp.time, "sleep", lambda s: slept.append(s))
    whatsapp._wait_for_slot()
    whatsapp._wait_for_slot()
    assert slept == []
    with pytest.raises(AssertionError):  # the third waits for the next second
        monkeypatch.setattr(whatsapp.time, "sleep", lambda s: (_ for _ in ()).throw(AssertionError))
        whatsapp._wait_for_slot()


def test_delivered_and_read_are_shown_and_never_go_back(
    client, make_request, owner, desk, opted_in, wa_on, django_capture_on_commit_callbacks
):
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    message_id = notification.whatsapp_message_id
    assert post_webhook(client, FakeWhatsApp.status_payload(message_id, "read")).status_code == 200
    post_webhook(client, FakeWhatsApp.status_payload(message_id, "delivered"))  # late
    notification.refresh_from_db()
    assert notification.whatsapp_status == "read"
    client.force_login(owner)
    assert 'data-whatsapp="read"' in client.get("/notifikasi/").text


def test_a_failed_report_falls_back_to_email(
    client, make_request, owner, desk, opted_in, wa_on, django_capture_on_commit_callbacks
):
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    payload = FakeWhatsApp.status_payload(notification.whatsapp_message_id, "failed", error="x")
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, payload)
    notification.refresh_from_db()
    assert notification.whatsapp_status == "failed" and len(mail.outbox) == 1


def test_an_unsigned_or_badly_signed_webhook_is_refused(
    client, make_request, owner, desk, opted_in, wa_on, django_capture_on_commit_callbacks
):
    notification = notify_return(make_request, desk, django_capture_on_commit_callbacks)
    notification.refresh_from_db()
    payload = FakeWhatsApp.status_payload(notification.whatsapp_message_id, "read")
    assert post_webhook(client, payload, secret="forged").status_code == 403
    assert (
        client.post("/whatsapp/webhook/", payload, content_type="application/json").status_code
        == 403
    )
    notification.refresh_from_db()
    assert notification.whatsapp_status == "sent"


def test_replying_stop_opts_out(client, owner, opted_in, wa_on):
    post_webhook(client, FakeWhatsApp.reply_payload(PHONE, "stop"))
    opted_in.refresh_from_db()
    assert not opted_in.is_active and opted_in.opt_out_source == "reply"


def test_another_reply_changes_nothing(client, owner, opted_in, wa_on):
    post_webhook(client, FakeWhatsApp.reply_payload(PHONE, "Terima kasih"))
    opted_in.refresh_from_db()
    assert opted_in.is_active


def test_the_subscription_handshake(client, db, settings):
    settings.KRIYA_WHATSAPP_VERIFY_TOKEN = "verify-me"
    ok = client.get(
        "/whatsapp/webhook/",
        {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"},
    )
    assert ok.status_code == 200 and ok.text == "42"
    bad = client.get(
        "/whatsapp/webhook/",
        {"hub.mode": "subscribe", "hub.verify_token": "no", "hub.challenge": "42"},
    )
    assert bad.status_code == 403


def test_the_profile_leads_to_the_whatsapp_settings(client, owner):
    client.force_login(owner)
    assert 'href="/notifikasi/whatsapp/"' in client.get("/profil/").text
