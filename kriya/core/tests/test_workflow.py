"""The transition() building block, exercised on a real model (a user's language)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.accounts.models import User
from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition, Lifecycle, Move


def is_self(user, obj):
    return user.pk == obj.pk


LANGUAGE = Lifecycle(
    name="language",
    field="language",
    moves=[
        Move("to_english", "id", "en", is_self, "English"),
        Move("to_indonesian", "en", "id", is_self, "Indonesia", needs_reason=True),
    ],
)


@pytest.fixture
def alice(make_user):
    return make_user("alice@example.test")


@pytest.fixture
def bob(make_user):
    return make_user("bob@example.test")


def test_allowed_move_changes_status_and_writes_history(alice):
    LANGUAGE.transition(alice, action="to_english", by=alice)
    assert alice.language == "en"
    assert User.objects.get(pk=alice.pk).language == "en"
    event = AuditEvent.objects.get(verb="language.to_english")
    assert event.actor == alice
    assert event.data["from"] == "id" and event.data["to"] == "en"


def test_move_from_the_wrong_status_is_refused(alice):
    with pytest.raises(InvalidTransition):
        LANGUAGE.transition(alice, action="to_indonesian", by=alice, reason="x")
    assert not AuditEvent.objects.filter(verb__startswith="language.").exists()


def test_actor_without_the_right_is_refused_and_nothing_changes(alice, bob):
    with pytest.raises(PermissionDenied):
        LANGUAGE.transition(alice, action="to_english", by=bob)
    assert User.objects.get(pk=alice.pk).language == "id"
    assert not AuditEvent.objects.filter(verb__startswith="language.").exists()


def test_reason_is_required_where_the_move_says_so(alice):
    LANGUAGE.transition(alice, action="to_english", by=alice)
    with pytest.raises(ValidationError):
        LANGUAGE.transition(alice, action="to_indonesian", by=alice, reason="  ")
    LANGUAGE.transition(alice, action="to_indonesian", by=alice, reason="pulang")
    assert AuditEvent.objects.get(verb="language.to_indonesian").data["reason"] == "pulang"


def test_transition_reads_the_stored_status_not_a_stale_copy(alice):
    stale = User.objects.get(pk=alice.pk)
    LANGUAGE.transition(alice, action="to_english", by=alice)
    with pytest.raises(InvalidTransition):
        LANGUAGE.transition(stale, action="to_english", by=alice)


def test_available_moves_drive_the_buttons(alice, bob):
    assert [m.action for m in LANGUAGE.available(alice, alice)] == ["to_english"]
    assert LANGUAGE.available(alice, bob) == []


def test_duplicate_moves_are_rejected_when_declared():
    with pytest.raises(ValueError):
        Lifecycle(name="x", moves=[Move("a", "s", "t", is_self), Move("a", "s", "u", is_self)])


def test_mermaid_lists_every_move():
    assert "id --> en: to_english" in LANGUAGE.mermaid()
    assert "en --> id: to_indonesian" in LANGUAGE.mermaid()
