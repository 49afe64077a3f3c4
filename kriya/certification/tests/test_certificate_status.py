"""Every status change of a certificate has its reason, is in its history, is mirrored
in kriya.verify's register (and so its status list), and the holder is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.certification import register, services
from kriya.certification.models import CertificateStatus, SurveillanceStatus
from kriya.certification.queries import history
from kriya.core.workflow import InvalidTransition
from kriya.verify.models import DocumentStatus
from kriya.verify.queries import check

STEPS = [
    ("suspend", CertificateStatus.SUSPENDED, "Survailen menemukan ketidaksesuaian mayor"),
    ("reinstate", CertificateStatus.ACTIVE, "Tindakan perbaikan diterima"),
    ("suspend", CertificateStatus.SUSPENDED, "Pemegang meminta pembekuan sementara"),
    ("withdraw", CertificateStatus.WITHDRAWN, "Pemegang tidak memperbaiki dalam 6 bulan"),
]
VERDICT = {"active": "valid", "suspended": "suspended", "withdrawn": "withdrawn"}


def test_every_status_change_keeps_its_reason_and_is_mirrored_and_told(
    flow, decision_maker, head, notices, django_capture_on_commit_callbacks
):
    certificate = flow.certificate(decision_maker)
    for index, (action, status, reason) in enumerate(STEPS):
        by = head if index % 2 else decision_maker
        with django_capture_on_commit_callbacks(execute=True):
            services.change_certificate_status(
                certificate=certificate, action=action, reason=reason, by=by
            )
        assert certificate.status == status and certificate.status_reason == reason
        document = register.document_of(certificate)
        assert document.status == DocumentStatus(status) and document.status_reason == reason
        assert check(certificate.number).found[0].verdict == VERDICT[status]
        assert (f"certificate.{action}", certificate.business, "holder") in notices
    changes = [
        e for e in history(certificate) if e.verb.startswith("certificate.") and "to" in e.data
    ]
    assert [(e.verb, e.data["to"], e.data["reason"]) for e in changes] == [
        (f"certificate.{a}", s, r) for a, s, r in STEPS
    ]


@pytest.mark.parametrize("action", ["suspend", "withdraw"])
def test_a_status_change_without_a_reason_is_refused(flow, decision_maker, action):
    certificate = flow.certificate(decision_maker)
    with pytest.raises(ValidationError):
        services.change_certificate_status(
            certificate=certificate, action=action, reason=" ", by=decision_maker
        )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    assert register.document_of(certificate).status == DocumentStatus.ACTIVE


def test_an_evaluator_or_the_holder_cannot_change_a_certificate_s_status(
    flow, decision_maker, evaluator, owner
):
    certificate = flow.certificate(decision_maker)
    for user in (evaluator, owner):
        with pytest.raises(PermissionDenied):
            services.change_certificate_status(
                certificate=certificate, action="suspend", reason="x", by=user
            )


def test_a_withdrawn_certificate_cannot_be_reinstated(flow, decision_maker):
    certificate = flow.certificate(decision_maker)
    services.change_certificate_status(
        certificate=certificate, action="withdraw", reason="Dicabut", by=decision_maker
    )
    with pytest.raises(InvalidTransition):
        services.change_certificate_status(
            certificate=certificate, action="reinstate", reason="x", by=decision_maker
        )


def test_withdrawing_cancels_open_surveillance(flow, decision_maker):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5")
    surveillance = certificate.surveillances.get()
    services.change_certificate_status(
        certificate=certificate, action="withdraw", reason="Dicabut", by=decision_maker
    )
    surveillance.refresh_from_db()
    assert surveillance.status == SurveillanceStatus.CANCELLED
