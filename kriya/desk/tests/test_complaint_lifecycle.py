"""The complaint lifecycle: every allowed move by exactly the roles listed, every other
(status, action, person) refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.core.workflow import InvalidTransition
from kriya.desk import complaints
from kriya.desk.models import ComplaintStatus

HANDLERS = {"desk", "head"}
APPLICANT = {"owner", "facilitator"}

TABLE = [
    ("received", "handle", HANDLERS),
    ("in_handling", "answer", HANDLERS),
    ("answered", "close", APPLICANT | HANDLERS),
]
TARGETS = {
    "handle": ComplaintStatus.IN_HANDLING,
    "answer": ComplaintStatus.ANSWERED,
    "close": ComplaintStatus.CLOSED,
}


def test_the_table_covers_every_move_of_the_lifecycle():
    in_lifecycle = {(s, m.action) for m in complaints.LIFECYCLE.moves for s in m.source_set}
    assert in_lifecycle == {(s, a) for s, a, _who in TABLE}
    for move in complaints.LIFECYCLE.moves:
        assert TARGETS[move.action] == move.target


@pytest.mark.parametrize(("status", "action", "allowed"), TABLE, ids=[a for _s, a, _w in TABLE])
def test_each_move_is_allowed_to_exactly_its_roles(
    status, action, allowed, personas, make_complaint
):
    for name, person in personas.items():
        complaint = make_complaint(status)
        assert complaints.LIFECYCLE.can(complaint, person, action) == (name in allowed), name
        if name in allowed:
            complaints.transition_complaint(
                complaint=complaint, action=action, by=person, text="Jawaban uji"
            )
            complaint.refresh_from_db()
            assert complaint.status == TARGETS[action], name
        else:
            with pytest.raises(PermissionDenied):
                complaints.transition_complaint(
                    complaint=complaint, action=action, by=person, text="Jawaban uji"
                )
            complaint.refresh_from_db()
            assert complaint.status == status, name


@pytest.mark.parametrize("status", [s.value for s in ComplaintStatus])
def test_every_move_missing_from_a_status_is_refused_for_everyone(
    status, make_complaint, desk, owner
):
    complaint = make_complaint(status)
    existing = {m.action for m in complaints.LIFECYCLE.moves_from(status)}
    for action in sorted(set(TARGETS) - existing):
        for person in (desk, owner, None):
            with pytest.raises(InvalidTransition):
                complaints.transition_complaint(
                    complaint=complaint, action=action, by=person, text="x"
                )
    complaint.refresh_from_db()
    assert complaint.status == status


def test_an_answer_needs_its_text(make_complaint, desk):
    complaint = make_complaint("in_handling")
    with pytest.raises(ValidationError):
        complaints.transition_complaint(complaint=complaint, action="answer", by=desk, text=" ")
    complaint.refresh_from_db()
    assert complaint.status == "in_handling" and complaint.answer == ""


def test_the_moves_keep_who_and_when(make_complaint, desk, head, owner):
    complaint = make_complaint()
    complaints.transition_complaint(complaint=complaint, action="handle", by=desk)
    complaints.transition_complaint(
        complaint=complaint, action="answer", by=head, text="Hasil dikirim hari ini."
    )
    complaints.transition_complaint(complaint=complaint, action="close", by=owner)
    complaint.refresh_from_db()
    assert complaint.handled_by == desk and complaint.answered_by == head
    assert complaint.answer == "Hasil dikirim hari ini."
    assert complaint.answered_at and complaint.closed_at
    assert [e.label for e in complaints.history(complaint)] == [
        "Mulai ditangani",
        "Dijawab",
        "Ditutup",
    ]
