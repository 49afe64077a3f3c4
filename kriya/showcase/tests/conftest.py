import pytest
from django.utils import translation

from .factories import make_business, make_product


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    # A request in English leaves English active in the thread (LocaleMiddleware does
    # not undo it); code that runs later outside a request would speak English.
    yield
    translation.deactivate()


@pytest.fixture
def owner(make_user):
    return make_user("pemilik@example.test", full_name="Siti")


@pytest.fixture
def shop(regions, owner, officer):
    """A verified batik business in Paiton (35.13.20)."""
    return make_business(owner, officer=officer)


@pytest.fixture
def product(shop, owner):
    return make_product(shop, owner)


@pytest.fixture
def add_product(owner):
    def add(business, **extra):
        return make_product(business, owner, **extra)

    return add


@pytest.fixture
def destination(regions):
    from kriya.showcase.models import Destination

    return Destination.objects.create(
        name="Gunung Bromo", slug="gunung-bromo", district=regions["35.13.01"]
    )
