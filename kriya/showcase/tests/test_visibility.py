"""Only published products of verified businesses appear, and a business that leaves
verification disappears on the very next request (the page, the catalogue, the API)."""

import pytest

from kriya.registry import services
from kriya.registry.models import Business, BusinessStatus, Product

from .factories import make_business


def visible(client, product) -> dict:
    return {
        "product page": client.get(f"/produk/{product.slug}/").status_code == 200,
        "business page": client.get(f"/usaha/{product.business.slug}/").status_code == 200,
        "catalogue": product.name in client.get("/produk/").text,
        "search": product.name in client.get("/produk/?q=selendang").text,
        "district": product.name in client.get("/kecamatan/35.13.20/").text,
        "home": product.name in client.get("/").text,
        "api": client.get(f"/api/v1/showcase/products/{product.slug}").status_code == 200,
    }


def everywhere(value):
    return dict.fromkeys(
        ("product page", "business page", "catalogue", "search", "district", "home", "api"),
        value,
    )


@pytest.fixture
def selendang(shop, add_product):
    return add_product(shop, name="Selendang sutra")


def test_a_published_product_of_a_verified_business_is_everywhere(client, selendang):
    assert visible(client, selendang) == everywhere(True)


def test_an_unpublished_product_is_nowhere_but_its_business_stays(client, owner, selendang):
    services.update_product(product=selendang, data={"is_published": False}, by=owner)
    seen = visible(client, selendang)
    assert seen.pop("business page") is True
    assert not any(seen.values())


def test_products_of_a_business_not_yet_verified_are_nowhere(client, make_user, regions):
    owner = make_user("draf@example.test")
    business = make_business(owner, name="Batik Draf")
    product = services.create_product(
        business=business,
        data={"name": "Selendang draf", "sector": "batik", "price": 1000, "is_published": True},
        by=owner,
    )
    services.transition_business(business=business, action="submit", by=owner)
    assert visible(client, product) == everywhere(False)


def test_a_suspended_business_disappears_on_the_next_request(client, officer, selendang):
    assert visible(client, selendang) == everywhere(True)
    services.transition_business(
        business=selendang.business, action="suspend", by=officer, reason="Izin usaha dicabut"
    )
    assert visible(client, selendang) == everywhere(False)
    services.transition_business(business=selendang.business, action="reinstate", by=officer)
    assert visible(client, selendang) == everywhere(True)


def test_a_business_sent_back_to_reverification_disappears(client, owner, selendang):
    assert visible(client, selendang)["catalogue"]
    services.update_business(
        business=selendang.business, data={"name": "Batik Prabulinggih Baru"}, by=owner
    )
    assert Business.objects.get().status == BusinessStatus.SUBMITTED
    assert visible(client, selendang) == everywhere(False)


def test_a_stale_index_can_never_show_a_hidden_product(client, selendang):
    # A status written behind the services' back leaves the index stale; the pages
    # still read products through Product.objects.public().
    Business.objects.filter(pk=selendang.business_id).update(status=BusinessStatus.SUSPENDED)
    assert not Product.objects.public().exists()
    assert visible(client, selendang) == everywhere(False)
