"""Reminders 90 and 30 days before expiry and of the halal obligation: each sent once,
whatever the number of runs (the `certification_reminders` command, or its task)."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from kriya.certification import services
from kriya.certification.models import Reminder
from kriya.certification.services.reminders import HALAL_DEADLINE

ISSUED = date(2026, 1, 5)


def _expiry_notices(notices):
    return [n[0] for n in notices if n[0].startswith("certificate.expires_in")]


def test_holders_are_reminded_90_and_30_days_before_expiry_once_each(
    flow, decision_maker, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    end = certificate.valid_until
    for day in (end - timedelta(days=91), end - timedelta(days=90), end - timedelta(days=60)):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=day)
    assert _expiry_notices(notices) == ["certificate.expires_in_90"]
    for day in (end - timedelta(days=30), end - timedelta(days=29), end):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=day)
    assert _expiry_notices(notices) == ["certificate.expires_in_90", "certificate.expires_in_30"]
    assert notices[-1][1] == certificate.business
    assert Reminder.objects.filter(key__startswith="expiry-").count() == 2


def test_a_missed_run_sends_only_the_reminder_that_applies(
    flow, decision_maker, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=certificate.valid_until - timedelta(days=20))
    assert _expiry_notices(notices) == ["certificate.expires_in_30"]


def test_a_withdrawn_certificate_is_not_reminded(
    flow, decision_maker, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    services.change_certificate_status(
        certificate=certificate, action="withdraw", reason="Dicabut", by=decision_maker
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=certificate.valid_until - timedelta(days=30))
    assert _expiry_notices(notices) == []


def test_clothing_holders_without_halal_are_reminded_of_the_obligation(
    products, business, notices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=HALAL_DEADLINE - timedelta(days=120))
    assert not [n for n in notices if n[0] == "halal.obligation_reminder"]
    for day in (HALAL_DEADLINE - timedelta(days=90), HALAL_DEADLINE - timedelta(days=89)):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=day)
    for day in (HALAL_DEADLINE - timedelta(days=30), HALAL_DEADLINE + timedelta(days=5)):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=day)
    reminders = [n for n in notices if n[0] == "halal.obligation_reminder"]
    assert reminders == [("halal.obligation_reminder", business, "holder")] * 3
    assert set(Reminder.objects.values_list("key", flat=True)) >= {
        f"halal-2026-10-17-90:{business.pk}",
        f"halal-2026-10-17-30:{business.pk}",
        f"halal-2026-10-17-due:{business.pk}",
    }


def test_holders_whose_obliged_products_are_all_halal_certified_are_not_reminded(
    products, business, owner, desk, notices, django_capture_on_commit_callbacks
):
    halal = services.record_halal_certificate(
        business=business,
        products=list(products.values()),
        number="SH2026-000123",
        issued_on=date(2026, 3, 1),
        by=owner,
    )
    services.check_halal_certificate(halal=halal, accept=True, by=desk)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=HALAL_DEADLINE - timedelta(days=10))
    assert not [n for n in notices if n[0] == "halal.obligation_reminder"]


def test_woodwork_is_not_under_the_clothing_obligation(
    business, owner, notices, django_capture_on_commit_callbacks
):
    from kriya.registry import services as registry

    registry.create_product(
        business=business,
        data={"name": "Topeng kayu", "sector": "kayu", "price": 100_000},
        by=owner,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=HALAL_DEADLINE - timedelta(days=10))
    assert not [n for n in notices if n[0] == "halal.obligation_reminder"]


def test_the_command_sends_the_reminders_and_reports_counts(flow, decision_maker):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    out = StringIO()
    day = (certificate.valid_until - timedelta(days=30)).isoformat()
    call_command("certification_reminders", "--today", day, stdout=out)
    call_command("certification_reminders", "--today", day, stdout=out)
    assert "expiry: 1" in out.getvalue() and "expiry: 0" in out.getvalue()
    assert timezone.localdate()  # the default day is today in WIB


def test_holders_are_told_once_when_a_certificate_has_expired(
    flow, decision_maker, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    for day in (certificate.valid_until, certificate.valid_until + timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=day)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(today=certificate.valid_until + timedelta(days=2))
    expired = [n for n in notices if n[0] == "certificate.expired"]
    assert expired == [("certificate.expired", certificate.business, "holder")]
