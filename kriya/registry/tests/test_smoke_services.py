"""The registry's core services end to end; the registry's own suite goes deeper."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.accounts.access import organisation_ids_of
from kriya.registry import services
from kriya.registry.access import businesses_visible_to
from kriya.registry.models import BusinessStatus, SizeClass


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.test")


def make_business(owner, **extra):
    data = {
        "nib": "9120001234567",
        "name": "Batik Prabulinggih",
        "owner_name": "Siti",
        "village_id": "35.13.20.2001",
        "sector": "batik",
        "annual_sales": 150_000_000,
    }
    data.update(extra)
    return services.create_business(data=data, by=owner, owner=owner)


def test_create_derives_district_regency_and_size_class(regions, owner):
    business = make_business(owner)
    assert (business.district_id, business.regency_id) == ("35.13.20", "35.13")
    assert business.size_class == SizeClass.MIKRO
    assert business.status == BusinessStatus.DRAFT
    assert business.organisation_id in organisation_ids_of(owner)


def test_bad_nib_is_refused_and_nothing_saved(regions, owner):
    with pytest.raises(ValidationError):
        make_business(owner, nib="12345")
    assert not businesses_visible_to(owner).exists()


def test_verify_by_own_regency_officer_only(regions, owner, officer, other_officer):
    business = make_business(owner)
    services.transition_business(business=business, action="submit", by=owner)
    with pytest.raises(PermissionDenied):
        services.transition_business(business=business, action="verify", by=other_officer)
    services.transition_business(business=business, action="verify", by=officer)
    assert business.status == BusinessStatus.VERIFIED


def test_key_field_edit_sends_a_verified_business_back(regions, owner, officer):
    business = make_business(owner)
    services.transition_business(business=business, action="submit", by=owner)
    services.transition_business(business=business, action="verify", by=officer)
    services.update_business(business=business, data={"phone": "+6281234567890"}, by=owner)
    assert business.status == BusinessStatus.VERIFIED
    services.update_business(business=business, data={"name": "Batik Prabulinggih Baru"}, by=owner)
    assert business.status == BusinessStatus.SUBMITTED
