"""The decision: grant issues the certificate and readies the request's result; a
reduced scope grants fewer products; a refusal writes a decision letter; a halal
inspection ends in the LPH's report and later the fatwa's outcome."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.certification import services
from kriya.certification.models import (
    Certificate,
    EvaluationStatus,
    HalalStatus,
    Outcome,
)
from kriya.desk.models import DocumentKind
from kriya.desk.models import Status as RequestStatus


def test_a_grant_issues_the_certificate_and_readies_the_result(flow, decision_maker):
    evaluation = flow.recommended()
    certificate = services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    evaluation.request.refresh_from_db()
    assert evaluation.request.status == RequestStatus.RESULT_READY
    result = evaluation.request.documents.get(kind=DocumentKind.RESULT)
    assert certificate.number in result.title
    assert certificate.issued_by == decision_maker
    assert evaluation.decided_by == decision_maker


def test_a_reduced_scope_grants_only_the_chosen_products_with_a_reason(
    flow, decision_maker, products
):
    evaluation = flow.recommended()
    with pytest.raises(ValidationError):
        services.decide(
            evaluation=evaluation,
            outcome=Outcome.GRANT_REDUCED,
            reason="",
            products=[products["tulis"]],
            by=decision_maker,
        )
    certificate = services.decide(
        evaluation=evaluation,
        outcome=Outcome.GRANT_REDUCED,
        reason="Selendang tidak lulus uji luntur",
        products=[products["tulis"]],
        by=decision_maker,
    )
    assert list(certificate.products.all()) == [products["tulis"]]
    assert evaluation.decision == Outcome.GRANT_REDUCED
    assert evaluation.decision_reason == "Selendang tidak lulus uji luntur"


def test_a_refusal_needs_a_reason_and_issues_no_certificate(flow, decision_maker):
    evaluation = flow.recommended()
    with pytest.raises(ValidationError):
        services.decide(evaluation=evaluation, outcome=Outcome.REFUSE, by=decision_maker)
    result = services.decide(
        evaluation=evaluation,
        outcome=Outcome.REFUSE,
        reason="Contoh tidak memenuhi SNI 8302",
        by=decision_maker,
    )
    assert result is None
    assert evaluation.status == EvaluationStatus.REFUSED
    assert not Certificate.objects.exists()
    evaluation.request.refresh_from_db()
    assert evaluation.request.status == RequestStatus.RESULT_READY
    letter = evaluation.request.documents.get(kind=DocumentKind.RESULT)
    assert "penolakan" in letter.title


def test_a_returned_evaluation_goes_back_to_its_evaluator_with_the_reason(
    flow, decision_maker, evaluator
):
    evaluation = flow.recommended()
    services.return_evaluation(
        evaluation=evaluation, reason="Lengkapi hasil uji luntur", by=decision_maker
    )
    assert evaluation.status == EvaluationStatus.EVALUATION
    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=evaluator)
    assert evaluation.status == EvaluationStatus.RECOMMENDED


def test_a_decision_cannot_be_made_twice(flow, decision_maker):
    from kriya.core.workflow import InvalidTransition

    evaluation = flow.recommended()
    services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    with pytest.raises(InvalidTransition):
        services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    assert Certificate.objects.count() == 1


def test_a_halal_inspection_ends_in_the_lph_report_not_a_certificate(
    flow, decision_maker, products
):
    evaluation = flow.recommended("pemeriksaan-halal", items=[products["tulis"]])
    result = services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    assert result is None and not Certificate.objects.exists()
    report = evaluation.request.documents.get(kind=DocumentKind.RESULT)
    assert report.title.startswith("Laporan hasil pemeriksaan halal LPH/LHP/")


def test_the_desk_records_the_fatwa_and_the_bpjph_certificate_on_the_products(
    flow, decision_maker, desk, products
):
    from datetime import date

    evaluation = flow.recommended("pemeriksaan-halal", items=[products["tulis"]])
    services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    with pytest.raises(PermissionDenied):
        services.record_fatwa_outcome(
            evaluation=evaluation, halal=True, number="SH2026-1", by=decision_maker
        )
    halal = services.record_fatwa_outcome(
        evaluation=evaluation,
        halal=True,
        number="sh2026 0001234",
        issued_on=date(2026, 5, 2),
        by=desk,
    )
    assert halal.status == HalalStatus.ACCEPTED
    assert halal.number == "SH20260001234"
    assert list(halal.products.all()) == [products["tulis"]]
    assert evaluation.fatwa_outcome == "halal"
    with pytest.raises(ValidationError):
        services.record_fatwa_outcome(evaluation=evaluation, halal=False, by=desk)


def test_a_not_halal_fatwa_records_no_certificate(flow, decision_maker, desk, products):
    evaluation = flow.recommended("pemeriksaan-halal", items=[products["tulis"]])
    services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    assert services.record_fatwa_outcome(evaluation=evaluation, halal=False, by=desk) is None
    assert evaluation.fatwa_outcome == "not_halal"
