"""Starting an evaluation, reviewing requirements, and what stands in the way of a
grant recommendation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kriya.certification import services
from kriya.certification.models import (
    AuditKind,
    CheckVerdict,
    EvaluationStatus,
    FindingGrade,
    Outcome,
)
from kriya.certification.queries import blockers
from kriya.desk.models import DocumentKind, RequestDocument
from kriya.desk.models import Status as RequestStatus

from .conftest import pdf_upload


def test_batik_printing_is_never_eligible_for_batikmark(schemes, make_request, products, evaluator):
    request = make_request("batikmark", [products["printing"]])
    with pytest.raises(ValidationError) as error:
        services.start_evaluation(request=request, by=evaluator)
    assert "printing" in str(error.value.message_dict["products"])
    request.refresh_from_db()
    assert request.status == RequestStatus.PAID


def test_one_batikmark_certificate_covers_one_technique(schemes, make_request, products, evaluator):
    request = make_request("batikmark", [products["tulis"], products["cap"]])
    with pytest.raises(ValidationError):
        services.start_evaluation(request=request, by=evaluator)


def test_printing_is_accepted_by_other_schemes(schemes, make_request, products, evaluator):
    request = make_request("industri_hijau", [products["printing"]])
    evaluation = services.start_evaluation(request=request, by=evaluator)
    assert evaluation.scheme.code == "industri-hijau"


def test_products_of_another_business_cannot_be_evaluated(
    schemes, make_request, products, evaluator, other_business, stranger
):
    from kriya.registry import services as registry

    foreign = registry.create_product(
        business=other_business,
        data={"name": "Kain", "sector": "batik", "technique": "tulis", "price": 1},
        by=stranger,
    )
    request = make_request("batikmark", [])
    with pytest.raises(ValidationError):
        services.start_evaluation(request=request, by=evaluator, products=[foreign])


def test_an_unpaid_request_cannot_be_evaluated(schemes, make_request, products, evaluator):
    request = make_request("batikmark", [products["tulis"]], status=RequestStatus.AWAITING_PAYMENT)
    with pytest.raises(ValidationError):
        services.start_evaluation(request=request, by=evaluator)


def test_only_an_evaluator_starts_an_evaluation(schemes, make_request, products, decision_maker):
    request = make_request("batikmark", [products["tulis"]])
    with pytest.raises(PermissionDenied):
        services.start_evaluation(request=request, by=decision_maker)


def test_a_scheme_must_be_chosen_when_the_service_has_several(
    schemes, make_request, products, evaluator
):
    request = make_request("sppt_sni", [products["tulis"]])
    with pytest.raises(ValidationError) as error:
        services.start_evaluation(request=request, by=evaluator)
    assert "scheme" in error.value.message_dict
    evaluation = services.start_evaluation(
        request=request, by=evaluator, scheme=schemes["sppt-sni-5"]
    )
    assert evaluation.scheme.certification_type == "5"


def test_a_document_check_names_the_latest_uploaded_version(flow, evaluator, owner):
    evaluation = flow.start()
    requirement = evaluation.scheme.requirements.get(code="ktp")
    for _version in (1, 2):
        RequestDocument.objects.create(
            request=evaluation.request,
            kind=DocumentKind.APPLICATION,
            slot="ktp",
            version=_version,
            title="KTP",
            file="x.pdf",
            original_name="ktp.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            uploaded_by=owner,
        )
    check = services.check_requirement(
        evaluation=evaluation, requirement=requirement, verdict="conform", by=evaluator
    )
    assert check.document.version == 2


def test_a_nonconforming_check_needs_a_note(flow, evaluator):
    evaluation = flow.start()
    requirement = evaluation.scheme.requirements.first()
    with pytest.raises(ValidationError) as error:
        services.check_requirement(
            evaluation=evaluation, requirement=requirement, verdict="nonconform", by=evaluator
        )
    assert "note" in error.value.message_dict
    assert not evaluation.requirement_checks.exists()


def test_only_the_evaluation_s_evaluator_checks_requirements(flow, second_evaluator):
    evaluation = flow.start()
    with pytest.raises(PermissionDenied):
        services.check_requirement(
            evaluation=evaluation,
            requirement=evaluation.scheme.requirements.first(),
            verdict="conform",
            by=second_evaluator,
        )


def test_the_review_closes_only_when_every_mandatory_document_is_checked(flow, evaluator):
    evaluation = flow.start()
    with pytest.raises(ValidationError):
        services.complete_review(evaluation=evaluation, by=evaluator)
    for requirement in evaluation.scheme.requirements.filter(kind="document"):
        services.check_requirement(
            evaluation=evaluation, requirement=requirement, verdict="conform", by=evaluator
        )
    services.complete_review(evaluation=evaluation, by=evaluator)
    assert evaluation.status == EvaluationStatus.EVALUATION


def _audit(evaluation, evaluator, conducted=True):
    audit = services.plan_audit(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=evaluator,
        by=evaluator,
    )
    if conducted:
        services.record_audit(
            audit_row=audit, conducted_on=timezone.localdate(), summary="Terlaksana", by=evaluator
        )
    return audit


def test_a_planned_audit_blocks_a_grant_recommendation(flow, evaluator):
    evaluation = flow.review(flow.start())
    _audit(evaluation, evaluator, conducted=False)
    assert blockers(evaluation)
    with pytest.raises(ValidationError):
        services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=evaluator)


def test_an_open_major_nonconformity_blocks_a_grant_until_its_correction_is_accepted(
    flow, evaluator, owner
):
    evaluation = flow.review(flow.start())
    audit = _audit(evaluation, evaluator)
    finding = services.raise_finding(
        audit_row=audit,
        grade=FindingGrade.MAJOR,
        description="Pewarnaan tidak sesuai SNI",
        deadline=timezone.localdate() + timedelta(days=30),
        by=evaluator,
    )
    assert any("mayor" in b for b in blockers(evaluation))
    action = finding.corrective_action
    services.submit_corrective_action(
        action=action, cause="Bahan", action_taken="Ganti pewarna", files=[pdf_upload()], by=owner
    )
    assert any("mayor" in b for b in blockers(evaluation))
    services.review_corrective_action(action=action, accept=True, by=evaluator)
    assert blockers(evaluation) == []
    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=evaluator)
    assert evaluation.status == EvaluationStatus.RECOMMENDED


def test_an_unanswered_minor_nonconformity_blocks_a_grant_but_a_submitted_one_does_not(
    flow, evaluator, owner
):
    evaluation = flow.review(flow.start())
    finding = services.raise_finding(
        audit_row=_audit(evaluation, evaluator),
        grade=FindingGrade.MINOR,
        description="Label belum mencantumkan teknik",
        deadline=timezone.localdate() + timedelta(days=60),
        by=evaluator,
    )
    assert blockers(evaluation)
    services.submit_corrective_action(
        action=finding.corrective_action,
        cause="Lupa",
        action_taken="Label diperbaiki",
        files=[pdf_upload()],
        by=owner,
    )
    assert blockers(evaluation) == []


def test_a_nonconforming_requirement_blocks_a_grant_but_not_a_refusal(flow, evaluator):
    evaluation = flow.review(flow.start())
    services.check_requirement(
        evaluation=evaluation,
        requirement=evaluation.scheme.requirements.get(code="lulus-uji-mengkeret"),
        verdict=CheckVerdict.NONCONFORM,
        note="Mengkeret 6 %",
        by=evaluator,
    )
    with pytest.raises(ValidationError):
        services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=evaluator)
    services.recommend(
        evaluation=evaluation, outcome=Outcome.REFUSE, note="Gagal uji mengkeret", by=evaluator
    )
    assert evaluation.recommendation == Outcome.REFUSE


def test_a_refusal_or_reduced_scope_recommendation_needs_its_reason(flow, evaluator, products):
    evaluation = flow.review(flow.start())
    for outcome in (Outcome.REFUSE, Outcome.GRANT_REDUCED):
        with pytest.raises(ValidationError):
            services.recommend(
                evaluation=evaluation,
                outcome=outcome,
                note="",
                products=[products["tulis"]],
                by=evaluator,
            )
    assert evaluation.status == EvaluationStatus.EVALUATION


def test_a_reduced_scope_must_be_narrower_than_the_application(flow, evaluator, products):
    evaluation = flow.review(flow.start())
    everything = [products["tulis"], products["tulis2"]]
    with pytest.raises(ValidationError):
        services.recommend(
            evaluation=evaluation,
            outcome=Outcome.GRANT_REDUCED,
            note="x",
            products=everything,
            by=evaluator,
        )
    with pytest.raises(ValidationError):
        services.recommend(
            evaluation=evaluation,
            outcome=Outcome.GRANT_REDUCED,
            note="x",
            products=[products["cap"]],
            by=evaluator,
        )
    services.recommend(
        evaluation=evaluation,
        outcome=Outcome.GRANT_REDUCED,
        note="Selendang belum memenuhi",
        products=[products["tulis"]],
        by=evaluator,
    )
    assert list(evaluation.recommended_products.all()) == [products["tulis"]]


def test_sampling_is_recorded_and_listed_with_its_lab_results(flow, evaluator, products):
    from kriya.certification.queries import lab_results

    evaluation = flow.review(flow.start())
    sampling = services.record_sampling(
        evaluation=evaluation,
        description="2 lembar kain batik tulis",
        place="factory",
        taken_on=timezone.localdate(),
        product=products["tulis"],
        seal_number="S-01",
        by=evaluator,
    )
    assert lab_results(evaluation) == [(sampling, [])]


def test_a_sampling_date_in_the_future_is_refused(flow, evaluator):
    evaluation = flow.start()
    with pytest.raises(ValidationError) as error:
        services.record_sampling(
            evaluation=evaluation,
            description="Kain",
            place="factory",
            taken_on=timezone.localdate() + timedelta(days=2),
            by=evaluator,
        )
    assert "taken_on" in error.value.message_dict
    assert not evaluation.samplings.exists()
