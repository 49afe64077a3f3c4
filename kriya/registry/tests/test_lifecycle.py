"""The business lifecycle table: every move by every persona, allowed or forbidden."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.registry import services
from kriya.registry.models import BusinessStatus, FacilitationConsent
from kriya.registry.workflow import LIFECYCLE

from .factories import make_business, make_facilitator

PERSONAS = [
    "owner",
    "facilitator_with_consent",
    "facilitator_without_consent",
    "own_officer",
    "other_officer",
    "desk",
    "anonymous",
    "system",
]

# action → personas who may make it; everybody else is refused.
ALLOWED = {
    "submit": {"owner", "facilitator_with_consent"},
    "verify": {"own_officer"},
    "return": {"own_officer"},
    "resubmit": {"owner", "facilitator_with_consent"},
    "suspend": {"own_officer"},
    "reinstate": {"own_officer"},
    "reverify": {"system"},
}

SOURCE = {
    "submit": "draft",
    "verify": "submitted",
    "return": "submitted",
    "resubmit": "returned",
    "suspend": "verified",
    "reinstate": "suspended",
    "reverify": "verified",
}


def test_the_table_covers_every_move_of_the_lifecycle():
    assert {m.action for m in LIFECYCLE.moves} == set(ALLOWED) == set(SOURCE)
    for move in LIFECYCLE.moves:
        assert move.source_set == (SOURCE[move.action],)


@pytest.fixture
def people(regions, make_user, officer, other_officer, desk):
    owner = make_user("owner@example.test")
    with_consent = make_facilitator(make_user, "with@example.test")
    without_consent = make_facilitator(make_user, "without@example.test")
    return {
        "owner": owner,
        "facilitator_with_consent": with_consent,
        "facilitator_without_consent": without_consent,
        "own_officer": officer,
        "other_officer": other_officer,
        "desk": desk,
        "anonymous": AnonymousUser(),
        "system": None,
    }


def business_in(status, people):
    business = make_business(people["owner"], status=status, officer=people["own_officer"])
    FacilitationConsent.objects.create(
        business=business,
        facilitator=people["facilitator_with_consent"],
        method="in_person",
        declared_by="Siti Aminah",
        declared_at=timezone.now(),
    )
    return business


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(ALLOWED))
def test_move_is_allowed_only_for_its_roles(people, action, persona):
    business = business_in(SOURCE[action], people)
    move = LIFECYCLE.find(SOURCE[action], action)
    by = people[persona]
    if persona in ALLOWED[action]:
        services.transition_business(business=business, action=action, by=by, reason="Alasan")
        business.refresh_from_db()
        assert business.status == move.target
        event = AuditEvent.objects.for_object(business).filter(verb=f"business.{action}").get()
        assert event.data["from"] == SOURCE[action]
    else:
        with pytest.raises(PermissionDenied):
            services.transition_business(business=business, action=action, by=by, reason="Alasan")
        business.refresh_from_db()
        assert business.status == SOURCE[action]


@pytest.mark.parametrize("status", [s for s, _label in BusinessStatus.choices])
def test_moves_that_do_not_exist_from_a_status_are_refused_for_everyone(people, status):
    business = business_in(status, people)
    for action in ALLOWED:
        if LIFECYCLE.find(status, action):
            continue
        for persona in ("owner", "own_officer"):
            with pytest.raises(InvalidTransition):
                services.transition_business(
                    business=business, action=action, by=people[persona], reason="x"
                )
    business.refresh_from_db()
    assert business.status == status


def test_return_and_suspend_need_a_reason(people):
    from django.core.exceptions import ValidationError

    business = business_in("submitted", people)
    with pytest.raises(ValidationError):
        services.transition_business(
            business=business, action="return", by=people["own_officer"], reason="  "
        )
    business.refresh_from_db()
    assert business.status == "submitted"


def test_return_reason_is_kept_for_the_owner_and_cleared_on_verification(people):
    business = business_in("submitted", people)
    officer = people["own_officer"]
    services.transition_business(
        business=business, action="return", by=officer, reason="NIB tidak terbaca"
    )
    assert business.return_reason == "NIB tidak terbaca"
    services.transition_business(business=business, action="resubmit", by=people["owner"])
    services.transition_business(business=business, action="verify", by=officer)
    business.refresh_from_db()
    assert business.return_reason == "" and business.verified_at is not None


@pytest.mark.parametrize(
    "status, persona, expected",
    [
        ("draft", "owner", ["submit"]),
        ("draft", "own_officer", []),
        ("submitted", "own_officer", ["verify", "return"]),
        ("submitted", "other_officer", []),
        ("submitted", "owner", []),
        ("returned", "facilitator_with_consent", ["resubmit"]),
        ("verified", "own_officer", ["suspend"]),
        ("verified", "owner", []),
        ("suspended", "own_officer", ["reinstate"]),
        ("verified", "desk", []),
    ],
)
def test_buttons_are_exactly_the_available_moves(people, status, persona, expected):
    business = business_in(status, people)
    assert [m.action for m in LIFECYCLE.available(business, people[persona])] == expected
