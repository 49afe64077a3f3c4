"""A key-field edit (NIB, name, village) of a verified business sends it back to
re-verification; other edits do not. Every change is an audit event."""

import pytest

from kriya.core.models import AuditEvent
from kriya.registry import services

from .factories import make_business, next_nib


@pytest.fixture
def verified(regions, owner, officer):
    return make_business(owner, status="verified", officer=officer)


@pytest.mark.parametrize(
    "change",
    [
        {"nib": "NEW"},
        {"name": "Batik Prabulinggih Baru"},
        {"village_id": "35.13.01.2001"},
    ],
)
def test_a_key_field_edit_sends_a_verified_business_back(verified, owner, change):
    if change.get("nib") == "NEW":
        change = {"nib": next_nib()}
    services.update_business(business=verified, data=change, by=owner)
    verified.refresh_from_db()
    assert verified.status == "submitted"
    event = AuditEvent.objects.for_object(verified).get(verb="business.reverify")
    assert event.actor is None  # the system, on behalf of the editor
    assert event.data["edited_by"] == owner.pk
    assert event.data["fields"] == [next(iter(change))]


@pytest.mark.parametrize(
    "change",
    [
        {"phone": "+6281234567890"},
        {"address": "Jl. Raya Paiton 5"},
        {"annual_sales": 3_000_000_000},
        {"kbli": ["13134"]},
        {"workforce_total": 4},
    ],
)
def test_other_edits_keep_it_verified_but_are_recorded(verified, owner, change):
    services.update_business(business=verified, data=change, by=owner)
    verified.refresh_from_db()
    assert verified.status == "verified"
    event = AuditEvent.objects.for_object(verified).filter(verb="business.updated").get()
    assert event.actor == owner
    assert next(iter(change)) in event.data["changed"]


def test_an_unchanged_key_field_is_not_a_change(verified, owner):
    services.update_business(business=verified, data={"name": verified.name}, by=owner)
    verified.refresh_from_db()
    assert verified.status == "verified"
    assert not AuditEvent.objects.for_object(verified).filter(verb="business.updated").exists()


def test_a_village_change_moves_district_and_regency_along(verified, owner):
    services.update_business(business=verified, data={"village_id": "35.74.01.1001"}, by=owner)
    verified.refresh_from_db()
    assert (verified.district_id, verified.regency_id) == ("35.74.01", "35.74")


def test_sales_change_recomputes_the_size_class(verified, owner):
    services.update_business(business=verified, data={"annual_sales": 3_000_000_000}, by=owner)
    verified.refresh_from_db()
    assert verified.size_class == "kecil"


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "suspended"])
def test_key_edits_in_other_statuses_do_not_move_the_business(regions, owner, officer, status):
    business = make_business(owner, status=status, officer=officer)
    services.update_business(business=business, data={"name": "Nama Lain"}, by=owner)
    business.refresh_from_db()
    assert business.status == status
