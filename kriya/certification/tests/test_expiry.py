"""Expiry follows from the date: no job runs for a certificate to be expired."""

from datetime import date, timedelta

from kriya.certification import services
from kriya.certification.models import Certificate, CertificateState, Outcome
from kriya.verify.queries import check

ISSUED = date(2026, 1, 5)


def test_a_certificate_is_valid_through_its_last_day_and_expired_the_next(flow, decision_maker):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    assert certificate.valid_until == date(2029, 1, 4)
    last_day, next_day = certificate.valid_until, certificate.valid_until + timedelta(days=1)
    assert certificate.state_on(last_day) == CertificateState.ACTIVE
    assert certificate.state_on(next_day) == CertificateState.EXPIRED
    assert Certificate.objects.in_state("active", last_day).get() == certificate
    assert Certificate.objects.in_state("expired", next_day).get() == certificate
    assert not Certificate.objects.valid(next_day).exists()
    assert check(certificate.number, today=last_day).found[0].verdict == "valid"
    assert check(certificate.number, today=next_day).found[0].verdict == "expired"


def test_a_suspension_outranks_the_date_as_in_the_register(flow, decision_maker):
    certificate = flow.certificate(decision_maker, today=ISSUED)
    services.change_certificate_status(
        certificate=certificate, action="suspend", reason="Survailen", by=decision_maker
    )
    later = certificate.valid_until + timedelta(days=10)
    assert certificate.state_on(later) == CertificateState.SUSPENDED
    assert Certificate.objects.with_state(later).get().state == "suspended"
    assert check(certificate.number, today=later).found[0].verdict == "suspended"


def test_a_scheme_without_validity_issues_certificates_that_never_expire(
    flow, decision_maker, schemes, products
):
    scheme = schemes["industri-hijau"]
    scheme.validity_years = None
    scheme.save()
    evaluation = flow.recommended("industri-hijau", items=[products["tulis"]])
    certificate = services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    assert certificate.valid_until is None
    assert certificate.state_on(date(2099, 1, 1)) == CertificateState.ACTIVE
    assert Certificate.objects.valid(date(2099, 1, 1)).exists()


def test_validity_from_a_leap_day_ends_the_day_before_the_anniversary(schemes):
    assert schemes["batikmark"].valid_until(date(2028, 2, 29)) == date(2031, 2, 27)
    assert schemes["sppt-sni-5"].valid_until(date(2026, 3, 1)) == date(2030, 2, 28)
