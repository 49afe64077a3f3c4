"""The event lifecycle, move by move from every status (table-driven)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.events import services
from kriya.events.models import EventStatus as S
from kriya.events.workflow import EVENT

from .conftest import make_event

ALL = [s.value for s in S]

# (action, from, to, reason needed)
ALLOWED = [
    ("publish", S.DRAFT, S.PUBLISHED, False),
    ("open_call", S.PUBLISHED, S.CALL_OPEN, False),
    ("close_call", S.CALL_OPEN, S.CALL_CLOSED, False),
    ("start", S.CALL_CLOSED, S.RUNNING, False),
    ("start", S.PUBLISHED, S.RUNNING, False),
    ("finish", S.RUNNING, S.REPORTING, False),
    ("close", S.REPORTING, S.CLOSED, False),
    ("postpone", S.PUBLISHED, S.POSTPONED, True),
    ("postpone", S.CALL_OPEN, S.POSTPONED, True),
    ("postpone", S.CALL_CLOSED, S.POSTPONED, True),
    ("resume", S.POSTPONED, S.PUBLISHED, False),
    ("cancel", S.DRAFT, S.CANCELLED, True),
    ("cancel", S.PUBLISHED, S.CANCELLED, True),
    ("cancel", S.CALL_OPEN, S.CANCELLED, True),
    ("cancel", S.CALL_CLOSED, S.CANCELLED, True),
    ("cancel", S.POSTPONED, S.CANCELLED, True),
]
ACTIONS = sorted({a for a, *_ in ALLOWED})


def test_the_table_is_exactly_the_lifecycle():
    declared = {
        (a, str(src), str(m.target))
        for m in EVENT.moves
        for src in m.source_set
        for a in [m.action]
    }
    assert declared == {(a, str(f), str(t)) for a, f, t, _r in ALLOWED}


@pytest.mark.parametrize("status", ALL)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_move_from_every_status(db, officer, probolinggo_unit, status, action):
    event = make_event(officer, probolinggo_unit, status="draft")
    event.status = status  # set up the starting point directly (a fixture, not a move)
    event.save(update_fields=["status"])
    expected = next(((to, r) for a, f, to, r in ALLOWED if a == action and f == status), None)
    if expected is None:
        with pytest.raises(InvalidTransition):
            services.transition_event(event=event, action=action, by=officer, reason="x")
        return
    target, needs_reason = expected
    if needs_reason:
        with pytest.raises(ValidationError):
            services.transition_event(event=event, action=action, by=officer)
    services.transition_event(event=event, action=action, by=officer, reason="Cuaca buruk")
    event.refresh_from_db()
    assert event.status == target
    assert AuditEvent.objects.filter(verb=f"event.{action}", object_id=str(event.pk)).exists()


def test_another_regencys_officer_may_not_move_it(db, officer, other_officer, probolinggo_unit):
    event = make_event(officer, probolinggo_unit, status="draft")
    with pytest.raises(PermissionDenied):
        services.transition_event(event=event, action="publish", by=other_officer)


def test_a_co_organising_unit_may_move_it(db, officer, probolinggo_unit, kota_unit, other_officer):
    event = make_event(officer, probolinggo_unit, status="draft")
    event.co_organisers.add(kota_unit)
    services.transition_event(event=event, action="publish", by=other_officer)
    assert event.status == S.PUBLISHED


def test_postponing_tells_every_applicant_why(
    db, django_capture_on_commit_callbacks, officer, probolinggo_unit, business, owner
):
    from kriya.desk.models import Notification

    from .conftest import apply

    event = make_event(officer, probolinggo_unit)
    apply(event, business, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_event(event=event, action="postpone", by=officer, reason="Erupsi Bromo")
    notice = Notification.objects.get(recipient=owner, event="event.postpone")
    assert notice.data["reason"] == "Erupsi Bromo"
    assert event.status_reason == "Erupsi Bromo"
