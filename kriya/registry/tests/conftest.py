import pytest

from .factories import make_business, make_facilitator, make_product


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.test", full_name="Siti Aminah")


@pytest.fixture
def other_owner(make_user):
    return make_user("other-owner@example.test", full_name="Budi")


@pytest.fixture
def facilitator(make_user):
    return make_facilitator(make_user)


@pytest.fixture
def business(regions, owner):
    """A draft business of `owner` in Kabupaten Probolinggo (35.13)."""
    return make_business(owner)


@pytest.fixture
def other_business(regions, other_owner):
    """A draft business of another owner in Kota Probolinggo (35.74)."""
    return make_business(
        other_owner, name="Batik Kota", village_id="35.74.01.1001", owner_name="Budi"
    )


@pytest.fixture
def product(business, owner):
    return make_product(business, owner)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
