import pytest
from django.core.exceptions import ValidationError

from kriya.accounts.access import is_staff_user, officer_regency_codes, roles_of
from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role


def test_regency_officer_is_bound_to_their_regency(officer, other_officer):
    assert officer_regency_codes(officer) == {"35.13"}
    assert officer_regency_codes(other_officer) == {"35.74"}


def test_regency_unit_needs_a_regency_level_region(regions):
    with pytest.raises(ValidationError):
        Organisation(name="X", kind=OrganisationKind.REGENCY_UNIT).full_clean()
    with pytest.raises(ValidationError):
        Organisation(
            name="X", kind=OrganisationKind.REGENCY_UNIT, regency=regions["35.13.01"]
        ).full_clean()
    Organisation(
        name="X", kind=OrganisationKind.REGENCY_UNIT, regency=regions["35.13"]
    ).full_clean()


def test_a_role_must_fit_the_organisation_kind(make_user, agency):
    user = make_user("x@example.test")
    with pytest.raises(ValidationError):
        Membership(user=user, organisation=agency, role=Role.REGENCY_OFFICER).full_clean()
    Membership(user=user, organisation=agency, role=Role.ANALYST).full_clean()


def test_inactive_memberships_give_no_role(make_user, agency):
    user = make_user("x@example.test")
    Membership.objects.create(user=user, organisation=agency, role=Role.DESK, is_active=False)
    assert roles_of(user) == set()
    assert not is_staff_user(user)


def test_staff_roles_and_owners(desk, make_user, member):
    owner = make_user("o@example.test")
    member(owner, Organisation.objects.create(name="B", kind=OrganisationKind.BUSINESS), Role.OWNER)
    assert is_staff_user(desk)
    assert not is_staff_user(owner)
