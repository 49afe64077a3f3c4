"""The whole transitions table of a service request: every allowed move by exactly the
roles listed, every other (status, action, person) refused."""

import pytest
from django.core.exceptions import PermissionDenied

from kriya.core.workflow import InvalidTransition
from kriya.desk import services
from kriya.desk.models import Status
from kriya.desk.workflow import LIFECYCLE

APPLICANT = {"owner", "facilitator"}
DESK = {"desk"}
PERFORMERS = {"desk", "analyst", "supervisor", "evaluator", "decision_maker"}
SYSTEM = {"system"}

# (status, action, variant of the service, who may make it)
TABLE = [
    ("draft", "submit", "billed", APPLICANT),
    ("submitted", "review", "billed", DESK),
    ("resubmitted", "review", "billed", DESK),
    ("in_review", "return", "billed", DESK),
    ("returned", "resubmit", "billed", APPLICANT),
    ("in_review", "accept", "billed", DESK),
    ("submitted", "reject", "billed", DESK),
    ("resubmitted", "reject", "billed", DESK),
    ("in_review", "reject", "billed", DESK),
    ("accepted", "issue_bill", "billed", DESK),
    ("accepted", "issue_bill", "free", set()),
    ("awaiting_payment", "confirm_payment", "billed", DESK),
    ("awaiting_payment", "expire_bill", "billed", SYSTEM),
    ("paid", "start_work", "billed", PERFORMERS),
    ("accepted", "start_work", "free", PERFORMERS),
    ("accepted", "start_work", "billed", set()),
    ("in_progress", "mark_result_ready", "billed", PERFORMERS | SYSTEM),
    ("result_ready", "complete", "billed", PERFORMERS),
] + [
    (status, "cancel", "billed", APPLICANT)
    for status in (
        "draft",
        "submitted",
        "resubmitted",
        "in_review",
        "returned",
        "accepted",
        "awaiting_payment",
    )
]

TARGETS = {
    "submit": Status.SUBMITTED,
    "review": Status.IN_REVIEW,
    "return": Status.RETURNED,
    "resubmit": Status.RESUBMITTED,
    "accept": Status.ACCEPTED,
    "reject": Status.REJECTED,
    "issue_bill": Status.AWAITING_PAYMENT,
    "confirm_payment": Status.PAID,
    "expire_bill": Status.RETURNED,
    "start_work": Status.IN_PROGRESS,
    "mark_result_ready": Status.RESULT_READY,
    "complete": Status.COMPLETED,
    "cancel": Status.CANCELLED,
}


def test_the_table_covers_every_move_of_the_lifecycle():
    in_lifecycle = {(s, m.action) for m in LIFECYCLE.moves for s in m.source_set}
    in_table = {(s, a) for s, a, _v, _who in TABLE}
    assert in_lifecycle == in_table
    for move in LIFECYCLE.moves:
        assert TARGETS[move.action] == move.target


@pytest.mark.parametrize(
    ("status", "action", "variant", "allowed"),
    TABLE,
    ids=[f"{s}-{a}-{v}" for s, a, v, _ in TABLE],
)
def test_each_move_is_allowed_to_exactly_its_roles(
    status, action, variant, allowed, personas, make_request, testing_service, free_service
):
    service = free_service if variant == "free" else testing_service
    for name, person in personas.items():
        request = make_request(status, service=service)
        assert LIFECYCLE.can(request, person, action) == (name in allowed), name
        if name in allowed:
            services.transition_request(
                request=request, action=action, by=person, reason="Alasan uji"
            )
            request.refresh_from_db()
            assert request.status == TARGETS[action], name
        else:
            with pytest.raises(PermissionDenied):
                services.transition_request(
                    request=request, action=action, by=person, reason="Alasan uji"
                )
            request.refresh_from_db()
            assert request.status == status, name


@pytest.mark.parametrize("status", [s.value for s in Status])
def test_every_move_missing_from_a_status_is_refused_for_everyone(
    status, make_request, desk, owner
):
    request = make_request(status)
    existing = {m.action for m in LIFECYCLE.moves_from(status)}
    for action in sorted(set(TARGETS) - existing):
        for person in (desk, owner, None):
            with pytest.raises(InvalidTransition):
                services.transition_request(
                    request=request, action=action, by=person, reason="Alasan uji"
                )
    request.refresh_from_db()
    assert request.status == status


@pytest.mark.parametrize("action", ["return", "reject"])
def test_returning_and_rejecting_need_a_reason(action, make_request, desk):
    from django.core.exceptions import ValidationError

    request = make_request("in_review")
    with pytest.raises(ValidationError):
        services.transition_request(request=request, action=action, by=desk, reason="  ")
    request.refresh_from_db()
    assert request.status == Status.IN_REVIEW


def test_the_reason_is_kept_on_the_request_and_in_the_timeline(make_request, desk):
    from kriya.core.models import AuditEvent

    request = make_request("in_review")
    services.transition_request(
        request=request, action="return", by=desk, reason="Foto produk kurang jelas"
    )
    assert request.status_reason == "Foto produk kurang jelas"
    event = AuditEvent.objects.for_object(request).get(verb="service_request.return")
    assert event.actor == desk and event.data["reason"] == "Foto produk kurang jelas"
