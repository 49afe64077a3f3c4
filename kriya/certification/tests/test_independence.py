"""The decision is made by a decision maker who took no part in the evaluation
(ISO/IEC 17065 7.6.2): not its evaluator, not a lead auditor of its audits, not the
author of a finding, check or sampling. Enforced by the lifecycle's predicate, so the
service, the page and the API all refuse."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification import services
from kriya.certification.models import Audit, AuditKind, EvaluationStatus, Outcome
from kriya.certification.workflow import is_independent_decision_maker


@pytest.fixture
def evaluator_and_decision_maker(staff, agency, member):
    """One person holding both roles."""
    user = staff(Role.EVALUATOR, "ganda")
    member(user, agency, Role.DECISION_MAKER)
    return user


def test_a_decision_maker_cannot_decide_a_request_they_evaluated(
    flow, schemes, make_request, products, evaluator_and_decision_maker
):
    both = evaluator_and_decision_maker
    request = make_request("batikmark", [products["tulis"]])
    evaluation = services.start_evaluation(request=request, by=both)
    for requirement in evaluation.scheme.requirements.all():
        services.check_requirement(
            evaluation=evaluation, requirement=requirement, verdict="conform", by=both
        )
    services.complete_review(evaluation=evaluation, by=both)
    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=both)

    assert not is_independent_decision_maker(both, evaluation)
    with pytest.raises(PermissionDenied):
        services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=both)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.RECOMMENDED
    assert not hasattr(evaluation, "certificate") or evaluation.certificate is None


def test_a_decision_maker_who_led_an_audit_of_it_cannot_decide(flow, staff, evaluator):
    auditor = staff(Role.DECISION_MAKER, "auditor")
    evaluation = flow.recommended()
    Audit.objects.create(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=auditor,
        created_by=evaluator,
        status="conducted",
    )
    with pytest.raises(PermissionDenied):
        services.decide(evaluation=evaluation, outcome=Outcome.REFUSE, reason="x", by=auditor)


def test_a_decision_maker_who_raised_a_finding_cannot_decide(flow, staff, evaluator):
    member = staff(Role.DECISION_MAKER, "tim")
    evaluation = flow.recommended()
    audit = Audit.objects.create(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=evaluator,
        created_by=evaluator,
        status="conducted",
    )
    audit.findings.create(grade="observation", description="Catatan", raised_by=member)
    assert not is_independent_decision_maker(member, evaluation)


def test_an_independent_decision_maker_may_decide(flow, decision_maker):
    evaluation = flow.recommended()
    assert is_independent_decision_maker(decision_maker, evaluation)
    certificate = services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    assert certificate.evaluation == evaluation


def test_an_evaluator_without_the_decision_role_cannot_decide(flow, second_evaluator):
    evaluation = flow.recommended()
    with pytest.raises(PermissionDenied):
        services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=second_evaluator)


def test_the_decision_page_and_api_refuse_the_evaluator(
    client, flow, schemes, make_request, products, evaluator_and_decision_maker
):
    both = evaluator_and_decision_maker
    request = make_request("batikmark", [products["tulis"]])
    evaluation = services.start_evaluation(request=request, by=both)
    client.force_login(both)
    page = client.get(f"/sertifikasi/evaluasi/{evaluation.pk}/keputusan/")
    assert page.status_code == 403
    api = client.post(
        f"/api/v1/certification/evaluations/{evaluation.pk}/decision",
        {"outcome": "grant"},
        content_type="application/json",
    )
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "forbidden"
