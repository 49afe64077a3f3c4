"""Impartiality, whole (ISO/IEC 17065 7.6.2): everyone who took part in an evaluation
is excluded from deciding it — every evaluator ever assigned (a replaced one too), the
creators and lead auditors of its audits, the authors of findings, the reviewers of
corrective actions, the authors of requirement checks and samplings. One rule
(`workflow.is_independent_decision_maker`) answers the service, the pages and the API.

Every person in the table holds several roles (evaluator and decision maker at least),
so only their part in the evaluation tells them apart."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification import services
from kriya.certification.models import (
    Audit,
    AuditKind,
    CorrectiveActionStatus,
    EvaluationStatus,
    EvaluatorAssignment,
    FindingGrade,
    Outcome,
    Sampling,
    SamplingPlace,
)
from kriya.certification.workflow import evaluation_team, is_independent_decision_maker
from kriya.core import audit as audit_trail

from .conftest import pdf_upload


def _audit(evaluation, *, lead, creator):
    return Audit.objects.create(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=lead,
        created_by=creator,
        status="conducted",
    )


def _action(evaluation, evaluator):
    audit = _audit(evaluation, lead=evaluator, creator=evaluator)
    finding = services.raise_finding(
        audit_row=audit,
        grade=FindingGrade.MINOR,
        description="Catatan pewarnaan tidak lengkap",
        deadline=timezone.localdate() + timedelta(days=14),
        by=evaluator,
    )
    return finding.corrective_action


# Each kind of participation, as it is recorded (rows written directly where the service
# would demand that the person be the current evaluator, which is its own case).
def replaced_evaluator(ctx, person):
    # The person started the evaluation; the head handed it to another evaluator.
    request = ctx.make_request("batikmark", [ctx.products["tulis"]])
    evaluation = services.start_evaluation(request=request, by=person)
    services.reassign_evaluator(
        evaluation=evaluation, evaluator=ctx.evaluator, reason="Cuti panjang", by=ctx.head
    )
    return evaluation


def audit_creator(ctx, person):
    _audit(ctx.evaluation, lead=ctx.evaluator, creator=person)


def lead_auditor(ctx, person):
    _audit(ctx.evaluation, lead=person, creator=ctx.evaluator)


def finding_author(ctx, person):
    audit = _audit(ctx.evaluation, lead=ctx.evaluator, creator=ctx.evaluator)
    audit.findings.create(grade=FindingGrade.OBSERVATION, description="Rapi", raised_by=person)


def corrective_action_acceptor(ctx, person):
    action = _action(ctx.evaluation, ctx.evaluator)
    type(action).objects.filter(pk=action.pk).update(
        status=CorrectiveActionStatus.ACCEPTED, reviewed_by=person, reviewed_at=timezone.now()
    )


def corrective_action_returner(ctx, person):
    # The person sent a correction back; someone else accepted it later, so only the
    # audit trail still names the person.
    action = _action(ctx.evaluation, ctx.evaluator)
    audit_trail.record(actor=person, verb="corrective_action.reject", obj=action)
    type(action).objects.filter(pk=action.pk).update(
        status=CorrectiveActionStatus.ACCEPTED, reviewed_by=ctx.evaluator
    )


def requirement_checker(ctx, person):
    ctx.evaluation.requirement_checks.filter(
        pk=ctx.evaluation.requirement_checks.first().pk
    ).update(checked_by=person)


def sampler(ctx, person):
    Sampling.objects.create(
        evaluation=ctx.evaluation,
        description="Kain tulis 2 m",
        place=SamplingPlace.FACTORY,
        taken_on=timezone.localdate(),
        taken_by=person,
    )


def no_part(ctx, person):
    pass


CASES = [
    (replaced_evaluator, False),
    (audit_creator, False),
    (lead_auditor, False),
    (finding_author, False),
    (corrective_action_acceptor, False),
    (corrective_action_returner, False),
    (requirement_checker, False),
    (sampler, False),
    (no_part, True),
]


@pytest.fixture
def ctx(flow, make_request, products, evaluator, head):
    class Ctx:
        pass

    c = Ctx()
    c.flow, c.make_request, c.products, c.evaluator, c.head = (
        flow,
        make_request,
        products,
        evaluator,
        head,
    )
    return c


@pytest.fixture
def many_roles(staff, agency, member):
    """A decision maker who is also an evaluator and works at the desk."""
    person = staff(Role.DECISION_MAKER, "banyak")
    member(person, agency, Role.EVALUATOR)
    member(person, agency, Role.DESK)
    return person


def _recommended(ctx, part, person):
    if part is replaced_evaluator:
        evaluation = replaced_evaluator(ctx, person)
        ctx.flow.review(evaluation)
    else:
        evaluation = ctx.flow.review(ctx.flow.start(items=[ctx.products["tulis"]]))
        ctx.evaluation = evaluation
        part(ctx, person)
    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=ctx.evaluator)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.RECOMMENDED
    return evaluation


@pytest.mark.parametrize(("part", "may_decide"), CASES, ids=[c[0].__name__ for c in CASES])
def test_only_a_decision_maker_who_took_no_part_may_decide_in_the_service(
    ctx, many_roles, part, may_decide
):
    evaluation = _recommended(ctx, part, many_roles)
    assert (many_roles.pk not in evaluation_team(evaluation)) is may_decide
    assert is_independent_decision_maker(many_roles, evaluation) is may_decide
    if may_decide:
        certificate = services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=many_roles)
        assert certificate.evaluation == evaluation
    else:
        with pytest.raises(PermissionDenied):
            services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=many_roles)
        with pytest.raises(PermissionDenied):
            services.return_evaluation(evaluation=evaluation, reason="Periksa", by=many_roles)
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.RECOMMENDED


@pytest.mark.parametrize(("part", "may_decide"), CASES, ids=[c[0].__name__ for c in CASES])
def test_the_decision_is_offered_on_the_page_and_api_only_to_one_who_took_no_part(
    client, ctx, many_roles, part, may_decide
):
    evaluation = _recommended(ctx, part, many_roles)
    client.force_login(many_roles)
    decide_url = reverse("certification:decide", args=[evaluation.pk])

    detail = client.get(reverse("certification:evaluation", args=[evaluation.pk]))
    assert detail.status_code == 200
    assert (decide_url in detail.content.decode()) is may_decide
    assert client.get(decide_url).status_code == (200 if may_decide else 403)

    api = client.get(f"/api/v1/certification/evaluations/{evaluation.pk}")
    assert api.status_code == 200
    assert ("grant" in api.json()["actions"]) is may_decide

    decided = client.post(
        f"/api/v1/certification/evaluations/{evaluation.pk}/decision",
        {"outcome": "grant"},
        content_type="application/json",
    )
    assert decided.status_code == (200 if may_decide else 403)
    evaluation.refresh_from_db()
    expected = EvaluationStatus.GRANTED if may_decide else EvaluationStatus.RECOMMENDED
    assert evaluation.status == expected


def test_one_who_holds_both_roles_can_neither_close_a_nonconformity_of_anothers_file_nor_then_decide_it(  # noqa: E501
    ctx, flow, many_roles, owner, evaluator
):
    evaluation = flow.review(flow.start(items=[ctx.products["tulis"]]))
    action = _action(evaluation, evaluator)
    services.submit_corrective_action(
        action=action, cause="Lupa", action_taken="Dicatat", files=[pdf_upload()], by=owner
    )
    with pytest.raises(PermissionDenied):
        services.review_corrective_action(action=action, accept=True, by=many_roles)
    with pytest.raises(PermissionDenied):
        services.review_corrective_action(action=action, accept=False, note="x", by=many_roles)
    action.refresh_from_db()
    assert action.status == CorrectiveActionStatus.SUBMITTED

    services.review_corrective_action(action=action, accept=True, by=evaluator)
    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=evaluator)
    assert is_independent_decision_maker(many_roles, evaluation)


def test_the_assigned_evaluator_who_closed_a_nonconformity_cannot_decide_the_file(
    ctx, flow, many_roles, owner
):
    request = ctx.make_request("batikmark", [ctx.products["tulis"]])
    evaluation = services.start_evaluation(request=request, by=many_roles)
    action = _action(evaluation, many_roles)
    services.submit_corrective_action(
        action=action, cause="Lupa", action_taken="Dicatat", files=[pdf_upload()], by=owner
    )
    services.review_corrective_action(action=action, accept=True, by=many_roles)
    assert action.status == CorrectiveActionStatus.ACCEPTED
    with pytest.raises(PermissionDenied):
        services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=many_roles)


def test_the_corrective_action_page_offers_the_review_only_to_the_assigned_evaluator(
    client, ctx, flow, many_roles, owner, evaluator
):
    evaluation = flow.review(flow.start(items=[ctx.products["tulis"]]))
    action = _action(evaluation, evaluator)
    services.submit_corrective_action(
        action=action, cause="Lupa", action_taken="Dicatat", files=[pdf_upload()], by=owner
    )
    url = reverse("certification:corrective_action", args=[action.pk])
    client.force_login(many_roles)
    assert 'name="step" value="review"' not in client.get(url).content.decode()
    client.post(url, {"step": "review", "decision": "accept", "note": ""})
    action.refresh_from_db()
    assert action.status == CorrectiveActionStatus.SUBMITTED
    client.force_login(evaluator)
    assert 'name="step" value="review"' in client.get(url).content.decode()


def test_every_assignment_of_an_evaluator_is_kept_and_only_the_head_reassigns(
    ctx, many_roles, second_evaluator, evaluator, head
):
    request = ctx.make_request("batikmark", [ctx.products["tulis"]])
    evaluation = services.start_evaluation(request=request, by=evaluator)
    with pytest.raises(PermissionDenied):
        services.reassign_evaluator(
            evaluation=evaluation, evaluator=second_evaluator, reason="x", by=many_roles
        )
    services.reassign_evaluator(
        evaluation=evaluation, evaluator=second_evaluator, reason="Sakit", by=head
    )
    rows = list(EvaluatorAssignment.objects.filter(evaluation=evaluation))
    assert [r.evaluator for r in rows] == [evaluator, second_evaluator]
    assert rows[0].ended_at is not None and rows[0].reason == "Sakit"
    assert rows[1].ended_at is None and rows[1].assigned_by == head
    evaluation.refresh_from_db()
    assert evaluation.evaluator == second_evaluator
    assert {evaluator.pk, second_evaluator.pk} <= evaluation_team(evaluation)
