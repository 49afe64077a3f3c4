"""The batch lifecycle as a table: each move from each state, by each persona — allowed
exactly where the table says — and every move absent from the table refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.training import services
from kriya.training.models import BatchStatus as B
from kriya.training.workflow import BATCH

ALL_STATES = list(B.values)
# action, from, to, personas who may
TABLE = [
    ("open", B.DRAFT, B.OPEN, {"organiser", "officer"}),
    ("start", B.OPEN, B.RUNNING, {"organiser", "officer", "trainer"}),
    ("assess", B.RUNNING, B.ASSESSING, {"organiser", "officer", "trainer"}),
    ("complete", B.ASSESSING, B.COMPLETED, {"organiser", "officer"}),
    ("cancel", B.DRAFT, B.CANCELLED, {"organiser", "officer"}),
    ("cancel", B.OPEN, B.CANCELLED, {"organiser", "officer"}),
    ("cancel", B.RUNNING, B.CANCELLED, {"organiser", "officer"}),
    ("cancel", B.ASSESSING, B.CANCELLED, {"organiser", "officer"}),
]
# "organiser" is a trainer of the organising regency unit; "officer" is that unit's
# regency officer (an organiser too); "trainer" teaches the batch from the agency.
PERSONAS = ["organiser", "trainer", "assessor", "other_organiser", "officer"]


def test_the_table_is_the_lifecycle():
    moves = {(m.action, s, m.target) for m in BATCH.moves for s in m.source_set}
    assert moves == {(a, s, t) for a, s, t, _who in TABLE}


@pytest.mark.parametrize("action,source,target,allowed", TABLE)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_move_by_each_persona(request, make_batch, action, source, target, allowed, persona):
    batch = make_batch(status=source)
    user = request.getfixturevalue(persona)
    reason = "Pelatih berhalangan" if action == "cancel" else ""
    if persona in allowed:
        services.transition_batch(batch=batch, action=action, by=user, reason=reason)
        batch.refresh_from_db()
        assert batch.status == target
        assert AuditEvent.objects.filter(verb=f"training_batch.{action}").exists()
    else:
        with pytest.raises(PermissionDenied):
            services.transition_batch(batch=batch, action=action, by=user, reason=reason)
        batch.refresh_from_db()
        assert batch.status == source


@pytest.mark.parametrize("source", ALL_STATES)
@pytest.mark.parametrize("action", sorted({a for a, *_ in TABLE}))
def test_moves_not_in_the_table_are_refused(make_batch, organiser, source, action):
    if any(a == action and s == source for a, s, *_ in TABLE):
        return
    batch = make_batch(status=source)
    with pytest.raises(InvalidTransition):
        services.transition_batch(batch=batch, action=action, by=organiser, reason="x")


def test_cancelling_needs_a_reason_and_keeps_it(make_batch, organiser):
    batch = make_batch(status=B.OPEN)
    with pytest.raises(ValidationError):
        services.transition_batch(batch=batch, action="cancel", by=organiser, reason=" ")
    services.transition_batch(batch=batch, action="cancel", by=organiser, reason="Banjir")
    batch.refresh_from_db()
    assert batch.status == B.CANCELLED and batch.cancel_reason == "Banjir"
