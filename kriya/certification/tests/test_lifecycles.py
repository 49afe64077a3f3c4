"""One table over every lifecycle of certification: each move from each of its source
states, by every persona — allowed exactly for the roles the table names — and every
move that does not exist from a state is refused."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification.models import (
    Audit,
    AuditKind,
    Certificate,
    CorrectiveAction,
    Evaluation,
    Finding,
    HalalCertificate,
    LabelBatch,
    Surveillance,
)
from kriya.certification.workflow import (
    AUDIT,
    CERTIFICATE,
    CORRECTIVE_ACTION,
    EVALUATION,
    HALAL,
    LABEL_BATCH,
    LIFECYCLES,
    SURVEILLANCE,
)
from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition

EVALUATOR = {"evaluator"}
EVALUATORS = {"evaluator", "other_evaluator"}
INDEPENDENT = {"decision_maker"}
OFFICERS = {"decision_maker", "dependent_dm", "head", "system"}
LABEL_OFFICERS = {"decision_maker", "dependent_dm", "head", "desk"}
HOLDER = {"owner", "facilitator"}

# (lifecycle, action, source status) → personas allowed
TABLE = {
    (EVALUATION, "complete_review", "review"): EVALUATOR,
    (EVALUATION, "recommend", "evaluation"): EVALUATOR,
    (EVALUATION, "return", "recommended"): INDEPENDENT,
    (EVALUATION, "grant", "recommended"): INDEPENDENT,
    (EVALUATION, "grant_reduced", "recommended"): INDEPENDENT,
    (EVALUATION, "refuse", "recommended"): INDEPENDENT,
    (CORRECTIVE_ACTION, "submit", "open"): HOLDER,
    # Only the assigned evaluator reviews a corrective action (issue 15, impartiality).
    (CORRECTIVE_ACTION, "accept", "submitted"): EVALUATOR,
    (CORRECTIVE_ACTION, "reject", "submitted"): EVALUATOR,
    (AUDIT, "conduct", "planned"): EVALUATORS,
    (AUDIT, "cancel", "planned"): EVALUATORS,
    (CERTIFICATE, "suspend", "active"): OFFICERS,
    (CERTIFICATE, "reinstate", "suspended"): OFFICERS,
    (CERTIFICATE, "withdraw", "active"): OFFICERS,
    (CERTIFICATE, "withdraw", "suspended"): OFFICERS,
    (SURVEILLANCE, "start", "planned"): EVALUATORS,
    (SURVEILLANCE, "complete", "in_progress"): EVALUATORS,
    (SURVEILLANCE, "cancel", "planned"): OFFICERS,
    (SURVEILLANCE, "cancel", "in_progress"): OFFICERS,
    (LABEL_BATCH, "issue", "ordered"): LABEL_OFFICERS,
    (LABEL_BATCH, "refuse", "ordered"): LABEL_OFFICERS,
    (LABEL_BATCH, "cancel", "ordered"): HOLDER,
    (HALAL, "accept", "submitted"): {"desk"},
    (HALAL, "reject", "submitted"): {"desk"},
    (HALAL, "lapse", "accepted"): HOLDER | {"desk"},
}
PERSONAS = [
    "evaluator",
    "other_evaluator",
    "decision_maker",
    "dependent_dm",
    "head",
    "desk",
    "owner",
    "facilitator",
    "stranger",
    "anonymous",
    "system",
]
MODELS = {
    EVALUATION: Evaluation,
    CORRECTIVE_ACTION: CorrectiveAction,
    AUDIT: Audit,
    CERTIFICATE: Certificate,
    SURVEILLANCE: Surveillance,
    LABEL_BATCH: LabelBatch,
    HALAL: HalalCertificate,
}


def test_the_table_covers_every_move_of_every_lifecycle():
    declared = {
        (lifecycle, move.action, str(source))
        for lifecycle in LIFECYCLES
        for move in lifecycle.moves
        for source in move.source_set
    }
    assert declared == set(TABLE)


@pytest.fixture
def world(
    flow,
    evaluator,
    second_evaluator,
    decision_maker,
    head,
    desk,
    owner,
    facilitator,
    stranger,
    other_business,
    staff,
    products,
):
    """One object of each lifecycle, and the personas."""
    dependent = staff(Role.DECISION_MAKER, "dina")
    evaluation = flow.start(items=[products["cap"]])
    certificate = Certificate.objects.create(
        number="LSPro/BM/0099/2026",
        scheme=evaluation.scheme,
        business=evaluation.request.business,
        holder_name="Batik Prabulinggih",
        holder_nib="9120001234567",
        scope="Kain batik cap",
        technique="cap",
        issued_on=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=1000),
        issued_by=decision_maker,
    )
    audit = Audit.objects.create(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=dependent,
        created_by=evaluator,
    )
    finding = Finding.objects.create(
        audit=audit,
        grade="minor",
        description="Catatan produksi tidak lengkap",
        raised_by=evaluator,
    )
    action = CorrectiveAction.objects.create(
        finding=finding, deadline=timezone.localdate() + timedelta(days=30)
    )
    surveillance = Surveillance.objects.create(
        certificate=certificate, sequence=9, due_on=timezone.localdate(), with_audit=True
    )
    batch = LabelBatch.objects.create(certificate=certificate, quantity=5, ordered_by=owner)
    halal = HalalCertificate.objects.create(
        business=certificate.business,
        number="SH2026-0001",
        issued_on=timezone.localdate(),
        submitted_by=owner,
    )
    return {
        "objects": {
            EVALUATION: evaluation,
            CORRECTIVE_ACTION: action,
            AUDIT: audit,
            CERTIFICATE: certificate,
            SURVEILLANCE: surveillance,
            LABEL_BATCH: batch,
            HALAL: halal,
        },
        "personas": {
            "evaluator": evaluator,
            "other_evaluator": second_evaluator,
            "decision_maker": decision_maker,
            "dependent_dm": dependent,
            "head": head,
            "desk": desk,
            "owner": owner,
            "facilitator": facilitator,
            "stranger": stranger,
            "anonymous": AnonymousUser(),
            "system": None,
        },
    }


def _in_status(lifecycle, obj, status):
    model = MODELS[lifecycle]
    model.objects.filter(pk=obj.pk).update(**{lifecycle.field: status})
    return model.objects.get(pk=obj.pk)


@pytest.mark.parametrize(
    ("lifecycle", "action", "source"),
    list(TABLE),
    ids=[f"{lc.name}.{a}.{s}" for lc, a, s in TABLE],
)
def test_each_move_is_allowed_exactly_to_its_roles_and_leaves_history(
    world, lifecycle, action, source
):
    obj = _in_status(lifecycle, world["objects"][lifecycle], source)
    allowed = {name for name, user in world["personas"].items() if lifecycle.can(obj, user, action)}
    assert allowed == TABLE[(lifecycle, action, source)]

    persona = sorted(allowed)[0]
    move = lifecycle.find(source, action)
    lifecycle.transition(obj, action=action, by=world["personas"][persona], reason="Alasan uji")
    assert getattr(obj, lifecycle.field) == move.target
    event = AuditEvent.objects.filter(verb=f"{lifecycle.name}.{action}").latest("id")
    assert event.data["from"] == source and event.data["reason"] == "Alasan uji"


def _statuses(lifecycle):
    return {str(s) for m in lifecycle.moves for s in m.source_set} | {
        str(m.target) for m in lifecycle.moves
    }


FORBIDDEN = [
    (lifecycle, action, status)
    for lifecycle in LIFECYCLES
    for action in sorted({m.action for m in lifecycle.moves})
    for status in sorted(_statuses(lifecycle))
    if (lifecycle, action, status) not in TABLE
]


def test_every_move_from_a_state_without_it_is_refused(world):
    assert FORBIDDEN
    for lifecycle, action, status in FORBIDDEN:
        obj = _in_status(lifecycle, world["objects"][lifecycle], status)
        with pytest.raises(InvalidTransition):
            lifecycle.transition(obj, action=action, by=None, reason="x")
        assert getattr(MODELS[lifecycle].objects.get(pk=obj.pk), lifecycle.field) == status


def test_every_move_that_needs_a_reason_refuses_an_empty_one(world):
    from django.core.exceptions import ValidationError

    needing = [key for key in TABLE if key[0].find(key[2], key[1]).needs_reason]
    assert len(needing) >= 10
    for lifecycle, action, source in needing:
        obj = _in_status(lifecycle, world["objects"][lifecycle], source)
        persona = sorted(TABLE[(lifecycle, action, source)])[0]
        with pytest.raises(ValidationError):
            lifecycle.transition(obj, action=action, by=world["personas"][persona], reason="  ")
        assert getattr(MODELS[lifecycle].objects.get(pk=obj.pk), lifecycle.field) == source
