"""Notifications: every change tells the people concerned, in the app and by e-mail in
their language with a link; the actor is not told of their own action; nothing is sent
for a change that was rolled back."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from kriya.desk import notifications, services, sponsorship
from kriya.desk.models import Notification
from kriya.desk.workflow import LIFECYCLE


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (notify → tasks) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_every_move_of_the_lifecycle_notifies_someone():
    for move in LIFECYCLE.moves:
        assert notifications.RECIPIENTS.get(f"service_request.{move.action}"), move.action


def test_every_notified_event_has_a_label():
    for event in notifications.RECIPIENTS:
        assert notifications.label_for(event) != event, event


def test_accepting_tells_the_owner_and_the_facilitator_who_filed(
    committed, make_request, facilitator, consent, owner, desk
):
    request = make_request("in_review", by=facilitator)
    with committed():
        services.transition_request(request=request, action="accept", by=desk)
    assert {n.recipient for n in Notification.objects.all()} == {owner, facilitator}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, facilitator.email])


def test_a_submission_tells_the_desk_and_the_owner_but_not_the_facilitator_who_submitted(
    committed, make_request, facilitator, consent, owner, desk
):
    request = make_request("draft", by=facilitator)
    request.documents.create(
        kind="application",
        slot="surat_permohonan",
        title="Surat",
        file="layanan/x",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    with committed():
        services.submit_request(request=request, by=facilitator)
    recipients = {n.recipient for n in Notification.objects.all()}
    assert recipients == {owner, desk}
    notice = Notification.objects.get(recipient=owner)
    assert notice.actor == facilitator
    assert notice.data["on_behalf_of_name"] == "Batik Prabulinggih"


def test_the_email_has_the_request_the_actor_the_reason_and_a_link(
    committed, make_request, owner, desk, settings
):
    settings.KRIYA_PUBLIC_URL = "https://kriya.example.go.id"
    request = make_request("in_review")
    with committed():
        services.transition_request(
            request=request, action="return", by=desk, reason="Foto produk kurang jelas"
        )
    [message] = mail.outbox
    assert message.subject == f"[Kriya] {request.number}: Dikembalikan untuk perbaikan"
    assert "Oleh: Dewi" in message.body
    assert "Keterangan: Foto produk kurang jelas" in message.body
    assert f"https://kriya.example.go.id/permohonan/{request.pk}/" in message.body


def test_the_email_is_in_the_recipients_language(committed, make_request, owner, desk):
    owner.language = "en"
    owner.save()
    request = make_request("in_review")
    with committed():
        services.transition_request(request=request, action="accept", by=desk)
    [message] = mail.outbox
    assert message.subject == f"[Kriya] {request.number}: Accepted"
    assert "Dear Siti Aminah," in message.body


def test_nothing_is_sent_for_a_change_that_was_rolled_back(committed, make_request, desk):
    request = make_request("in_review")
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.transition_request(request=request, action="accept", by=desk)
        raise RuntimeError("the caller failed after the move")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_assigned_officer_is_told(committed, make_request, desk, analyst):
    request = make_request("submitted")
    with committed():
        services.assign_request(request=request, officer=analyst, by=desk)
    assert [n.recipient for n in Notification.objects.all()] == [analyst]


def test_the_regency_that_pays_is_told_of_the_bill(
    committed, make_request, officer, owner, desk, programme
):
    request = make_request("accepted")
    sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    with committed():
        services.issue_bill(
            request=request,
            lines=[{"description": "Uji", "unit_price": 1000, "quantity": 1}],
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            billing_code="820260000000001",
            by=desk,
        )
    assert {n.recipient for n in Notification.objects.all()} == {owner, officer}
    note = notifications.note_for(Notification.objects.get(recipient=officer))
    assert note.startswith("820260000000001 · Rp\xa01.000")


def test_an_email_is_sent_once_even_if_its_task_runs_again(committed, make_request, desk):
    request = make_request("in_review")
    with committed():
        services.transition_request(request=request, action="accept", by=desk)
    notice = Notification.objects.get()
    assert notice.emailed_at is not None
    assert notifications.send_email(notice.pk) is False
    assert len(mail.outbox) == 1


def test_a_recipient_without_email_gets_the_in_app_notice_only(
    committed, make_request, owner, desk
):
    from kriya.accounts.models import User

    User.objects.filter(pk=owner.pk).update(email="")
    request = make_request("in_review")
    with committed():
        services.transition_request(request=request, action="accept", by=desk)
    assert Notification.objects.filter(recipient=owner).exists()
    assert mail.outbox == []


def test_the_paying_unit_means_its_regency_officers_only(
    committed, make_request, officer, owner, desk, programme, probolinggo_unit, make_user, member
):
    from kriya.accounts.models import Role

    # A trainer of the same unit, who is a regency officer elsewhere, is not told.
    trainer = make_user("pelatih@dkupp.test")
    member(trainer, probolinggo_unit, Role.TRAINER)
    from kriya.accounts.models import Organisation

    elsewhere = Organisation.objects.create(
        name="Dinas lain", kind="regency_unit", regency=probolinggo_unit.regency
    )
    member(trainer, elsewhere, Role.REGENCY_OFFICER)
    request = make_request("accepted")
    sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    with committed():
        services.issue_bill(
            request=request,
            lines=[{"description": "Uji", "unit_price": 1000, "quantity": 1}],
            due_date=timezone.localdate(),
            billing_code="820260000000001",
            by=desk,
        )
    assert {n.recipient for n in Notification.objects.all()} == {owner, officer}


def test_a_notice_that_cannot_be_queued_does_not_undo_the_change(
    committed, make_request, desk, monkeypatch, caplog
):
    from types import SimpleNamespace

    from kriya.desk import notifications

    def broken(**kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(notifications, "deliver_notifications", SimpleNamespace(enqueue=broken))
    request = make_request("in_review")
    with committed():
        services.transition_request(request=request, action="accept", by=desk)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert "Could not queue the notifications" in caplog.text
