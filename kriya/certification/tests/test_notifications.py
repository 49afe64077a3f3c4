"""Certification notices reach the holder (owners, consented facilitators) or the body
(evaluators, decision makers, head) in the app and by e-mail in their own language,
never the person who acted."""

from datetime import date, timedelta

from django.core import mail
from django.urls import reverse

from kriya.certification import services
from kriya.desk.models import Notification

ISSUED = date(2026, 1, 5)


def test_suspending_a_certificate_tells_the_holder_in_their_language_but_not_the_actor(
    flow, decision_maker, owner, facilitator, evaluator, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    owner.language = "en"
    owner.save(update_fields=["language"])
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_certificate_status(
            certificate=certificate, action="suspend", reason="Temuan mayor", by=decision_maker
        )
    notices = Notification.objects.filter(event="certificate.suspend")
    assert {n.recipient for n in notices} == {owner, facilitator}
    notice = notices.get(recipient=owner)
    assert notice.url == reverse("certification:certificate", kwargs={"pk": certificate.pk})
    assert notice.request == certificate.evaluation.request
    assert notice.actor == decision_maker
    [email] = [m for m in mail.outbox if m.to == [owner.email]]
    assert "Certificate suspended" in email.subject
    assert "Temuan mayor" in email.body and certificate.number in email.body
    assert not [m for m in mail.outbox if m.to == [decision_maker.email]]


def test_the_90_day_reminder_reaches_the_holder_once(
    flow, decision_maker, owner, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    mail.outbox.clear()
    for day in (
        certificate.valid_until - timedelta(days=90),
        certificate.valid_until - timedelta(days=89),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=day)
    notices = Notification.objects.filter(event="certificate.expires_in_90")
    assert [n.recipient for n in notices] == [owner]
    assert notices[0].actor is None
    assert len([m for m in mail.outbox if "90 hari" in m.subject]) == 1


def test_overdue_surveillance_alerts_the_body_not_the_holder(
    flow, decision_maker, evaluator, head, owner, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    surveillance = certificate.surveillances.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=surveillance.due_on + timedelta(days=1))
    notices = Notification.objects.filter(event="surveillance.overdue")
    assert {n.recipient for n in notices} == {evaluator, decision_maker, head}
    assert notices[0].url == reverse("certification:surveillance", kwargs={"pk": surveillance.pk})
    assert not Notification.objects.filter(event="surveillance.overdue", recipient=owner)


def test_a_notice_without_a_request_is_listed_and_mailed(
    business, owner, client, django_capture_on_commit_callbacks
):
    from kriya.certification import notifications

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            event="halal.obligation_reminder", business=business, obj=business, by=None
        )
    notice = Notification.objects.get(recipient=owner)
    assert notice.request is None and notice.url == reverse("certification:halal_list")
    assert "17 Oktober 2026" in mail.outbox[0].subject
    client.force_login(owner)
    assert "kewajiban sertifikat halal" in client.get(reverse("desk:notifications")).text
