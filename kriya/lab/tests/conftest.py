"""Lab personas: an analyst, a supervisor (verifier), a person who is both, and the
lab's administrator. The shared personas (desk, officer, other_officer) come from
kriya/conftest.py."""

import pytest

from kriya.accounts.models import Role


@pytest.fixture
def analyst(make_user, agency, member):
    return member(make_user("analis@agency.test", full_name="Ani Analis"), agency, Role.ANALYST)


@pytest.fixture
def other_analyst(make_user, agency, member):
    return member(make_user("analis2@agency.test", full_name="Budi Analis"), agency, Role.ANALYST)


@pytest.fixture
def supervisor(make_user, agency, member):
    return member(
        make_user("penyelia@agency.test", full_name="Sari Penyelia"), agency, Role.SUPERVISOR
    )


@pytest.fixture
def second_supervisor(make_user, agency, member):
    return member(
        make_user("penyelia2@agency.test", full_name="Tono Penyelia"), agency, Role.SUPERVISOR
    )


@pytest.fixture
def analyst_verifier(make_user, agency, member):
    """An analyst who is also a verifier (both roles)."""
    user = make_user("ganda@agency.test", full_name="Gita Ganda")
    member(user, agency, Role.ANALYST)
    return member(user, agency, Role.SUPERVISOR)


@pytest.fixture
def lab_admin(make_user, agency, member):
    user = make_user("admin@agency.test", full_name="Adi Admin", is_staff=True, is_superuser=True)
    return member(user, agency, Role.ADMINISTRATOR)
