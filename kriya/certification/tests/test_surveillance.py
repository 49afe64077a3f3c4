"""Surveillance is scheduled per scheme, creates surveillance work (audit and/or
sampling), is completed with its outcome, and the next one follows; overdue
surveillance alerts the body."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from kriya.certification import services
from kriya.certification.models import AuditKind, SurveillanceStatus
from kriya.certification.queries import overdue_surveillance

ISSUED = date(2026, 1, 5)


def test_sppt_sni_type_5_is_surveyed_yearly_with_audit_and_sampling(flow, decision_maker):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    surveillance = certificate.surveillances.get()
    assert surveillance.sequence == 1
    assert surveillance.due_on == date(2027, 1, 5)
    assert surveillance.with_audit and surveillance.with_sampling
    assert surveillance.status == SurveillanceStatus.PLANNED


@pytest.mark.parametrize("scheme", ["sppt-sni-1b", "batikmark", "industri-hijau"])
def test_schemes_without_a_surveillance_frequency_schedule_none(flow, decision_maker, scheme):
    certificate = flow.certificate(decision_maker, scheme=scheme, today=ISSUED)
    assert not certificate.surveillances.exists()


def test_an_administrator_s_frequency_is_used(flow, decision_maker, schemes):
    scheme = schemes["batikmark"]
    scheme.surveillance_months = 6
    scheme.surveillance_sampling = True
    scheme.save()
    certificate = flow.certificate(decision_maker, today=ISSUED)
    surveillance = certificate.surveillances.get()
    assert surveillance.due_on == date(2026, 7, 5)
    assert surveillance.with_sampling and not surveillance.with_audit


def _do_the_work(surveillance, evaluator):
    audit = services.plan_audit(
        surveillance=surveillance,
        kind=AuditKind.SURVEILLANCE,
        planned_on=surveillance.due_on,
        lead_auditor=evaluator,
        by=evaluator,
    )
    services.record_audit(
        audit_row=audit, conducted_on=date.today(), summary="Sesuai", by=evaluator
    )
    services.record_sampling(
        surveillance=surveillance,
        description="Kain dari toko",
        place="market",
        taken_on=date.today(),
        by=evaluator,
    )


def test_completing_a_surveillance_needs_its_work_and_schedules_the_next(
    flow, decision_maker, evaluator
):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    first = certificate.surveillances.get()
    services.start_surveillance(surveillance=first, by=evaluator)
    with pytest.raises(ValidationError):
        services.complete_surveillance(surveillance=first, conforms=True, note="", by=evaluator)
    _do_the_work(first, evaluator)
    services.complete_surveillance(surveillance=first, conforms=True, note="", by=evaluator)
    assert first.status == SurveillanceStatus.COMPLETED
    second = certificate.surveillances.get(sequence=2)
    assert second.due_on == date(2028, 1, 5)


def test_no_surveillance_is_scheduled_past_the_certificate_s_validity(
    flow, decision_maker, evaluator
):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    for _year in range(3):
        surveillance = certificate.surveillances.filter(status="planned").get()
        services.start_surveillance(surveillance=surveillance, by=evaluator)
        _do_the_work(surveillance, evaluator)
        services.complete_surveillance(
            surveillance=surveillance, conforms=True, note="", by=evaluator
        )
    dues = list(certificate.surveillances.values_list("due_on", flat=True))
    assert dues == [date(2027, 1, 5), date(2028, 1, 5), date(2029, 1, 5)]
    assert certificate.valid_until == date(2030, 1, 4)
    assert not certificate.surveillances.filter(status="planned").exists()


def test_a_nonconforming_outcome_needs_a_note_and_alerts_the_body(
    flow, decision_maker, evaluator, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    surveillance = certificate.surveillances.get()
    services.start_surveillance(surveillance=surveillance, by=evaluator)
    _do_the_work(surveillance, evaluator)
    with pytest.raises(ValidationError):
        services.complete_surveillance(
            surveillance=surveillance, conforms=False, note="", by=evaluator
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_surveillance(
            surveillance=surveillance, conforms=False, note="Warna luntur", by=evaluator
        )
    assert ("surveillance.nonconforming", certificate.business, "body") in notices


def test_overdue_surveillance_is_listed_and_alerts_the_body_once(
    flow, decision_maker, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    surveillance = certificate.surveillances.get()
    assert not overdue_surveillance(surveillance.due_on).exists()
    late = surveillance.due_on + timedelta(days=1)
    assert list(overdue_surveillance(late)) == [surveillance]
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.send_reminders(today=late)
    alerts = [n for n in notices if n[0] == "surveillance.overdue"]
    assert alerts == [("surveillance.overdue", certificate.business, "body")]


def test_surveillance_of_a_withdrawn_certificate_is_not_overdue(flow, decision_maker):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", today=ISSUED)
    services.change_certificate_status(
        certificate=certificate, action="withdraw", reason="Dicabut", by=decision_maker
    )
    assert not overdue_surveillance(date(2028, 1, 1)).exists()
