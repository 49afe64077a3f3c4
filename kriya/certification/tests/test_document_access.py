"""Least privilege on documents (docs/document-access.md): the certification body's
people read a request's documents through their part in its evaluation; corrective-action
evidence only for those whose work needs it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification import services
from kriya.certification.models import FindingGrade
from kriya.desk.access import get_document_for
from kriya.desk.models import DocumentKind, RequestDocument

from .conftest import pdf_upload


def _ktp(request, owner):
    return RequestDocument.objects.create(
        request=request,
        kind=DocumentKind.APPLICATION,
        slot="ktp",
        title="KTP",
        file="x.pdf",
        original_name="ktp.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=owner,
    )


def test_the_evaluator_of_the_evaluation_reads_its_application_documents(flow, evaluator, owner):
    evaluation = flow.start()
    document = _ktp(evaluation.request, owner)
    assert get_document_for(evaluator, document.pk) == document


def test_an_evaluator_who_takes_no_part_is_refused(flow, second_evaluator, owner):
    evaluation = flow.start()
    document = _ktp(evaluation.request, owner)
    with pytest.raises(PermissionDenied):
        get_document_for(second_evaluator, document.pk)


def test_an_evaluator_without_an_evaluation_on_the_request_is_refused(
    make_request, evaluator, owner
):
    document = _ktp(make_request(), owner)
    with pytest.raises(PermissionDenied):
        get_document_for(evaluator, document.pk)


def test_a_decision_maker_reads_the_documents_only_once_asked_to_decide(
    flow, evaluator, decision_maker, owner
):
    evaluation = flow.start()
    document = _ktp(evaluation.request, owner)
    with pytest.raises(PermissionDenied):
        get_document_for(decision_maker, document.pk)
    flow.review(evaluation)
    services.recommend(evaluation=evaluation, outcome="grant", note="Memenuhi", by=evaluator)
    assert get_document_for(decision_maker, document.pk) == document


def test_the_decision_maker_who_decided_keeps_reading_and_others_are_refused(
    flow, decision_maker, staff, owner
):
    certificate = flow.certificate(decision_maker)
    document = _ktp(certificate.evaluation.request, owner)
    assert get_document_for(decision_maker, document.pk) == document
    with pytest.raises(PermissionDenied):
        get_document_for(staff(Role.DECISION_MAKER, "lain"), document.pk)


# --- Corrective-action evidence ----------------------------------------------------------


@pytest.fixture
def evidence(flow, evaluator, owner):
    from kriya.certification.models import AuditKind

    evaluation = flow.review(flow.start())
    audit = services.plan_audit(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=evaluator,
        by=evaluator,
    )
    finding = services.raise_finding(
        audit_row=audit,
        grade=FindingGrade.MAJOR,
        description="Tidak ada catatan resep pewarnaan",
        deadline=timezone.localdate() + timedelta(days=14),
        by=evaluator,
    )
    action = finding.corrective_action
    services.submit_corrective_action(
        action=action, cause="a", action_taken="b", files=[pdf_upload()], by=owner
    )
    return action.evidence.get()


def url(evidence):
    return f"/sertifikasi/bukti/{evidence.pk}/unduh/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.EVALUATOR, 200),
        (Role.DECISION_MAKER, 200),
        (Role.HEAD, 200),
        (Role.ADMINISTRATOR, 200),
        (Role.DESK, 200),
        (Role.TRAINER, 403),
        (Role.ANALYST, 403),
        (Role.SUPERVISOR, 403),
    ],
)
def test_evidence_is_read_by_the_agency_roles_whose_work_needs_it(
    role, expected, client, staff, evidence
):
    client.force_login(staff(role, f"r-{role}"))
    assert client.get(url(evidence)).status_code == expected


def test_the_corrective_action_page_links_evidence_only_for_those_who_may_open_it(
    client, staff, evidence
):
    page = f"/sertifikasi/tindakan-perbaikan/{evidence.action_id}/"
    client.force_login(staff(Role.TRAINER, "pelatih"))
    response = client.get(page)
    assert response.status_code == 200
    assert url(evidence) not in response.content.decode()
    client.force_login(staff(Role.EVALUATOR, "eko"))
    assert url(evidence) in client.get(page).content.decode()
