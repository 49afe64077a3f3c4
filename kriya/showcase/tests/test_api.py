"""The public showcase API: search, products and businesses without a login, paginated,
with the catalogue's filters and visibility."""

import pytest

from kriya.registry import services

from .factories import make_business


@pytest.fixture
def catalogue(shop, add_product):
    return [
        add_product(shop, name="Kain batik tulis motif anggur", price=450_000),
        add_product(shop, name="Kemeja batik cap", technique="cap", price=150_000),
        add_product(shop, name="Mukena bordir", sector="bordir", technique="", price=275_000),
    ]


def test_search_needs_no_login_and_finds_by_words(client, catalogue):
    response = client.get("/api/v1/showcase/products", {"q": "kemej"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and not body["more"]
    item = body["items"][0]
    assert item["name"] == "Kemeja batik cap" and item["price"] == 150_000
    assert item["currency"] == "IDR"
    assert item["business"]["district"] == {"code": "35.13.20", "name": "Paiton"}
    assert item["url"].endswith(f"/produk/{catalogue[1].slug}/")
    assert item["whatsapp_url"].startswith("https://wa.me/6281234567890?text=")


def test_search_applies_the_filters_and_sort(client, catalogue):
    get = lambda **p: client.get("/api/v1/showcase/products", p).json()  # noqa: E731
    assert [i["name"] for i in get(technique="cap")["items"]] == ["Kemeja batik cap"]
    assert [i["name"] for i in get(sector="bordir")["items"]] == ["Mukena bordir"]
    assert get(price_min=200_000, price_max=300_000)["count"] == 1
    assert get(district="35.13.01")["count"] == 0
    assert [i["price"] for i in get(sort="price")["items"]] == [150_000, 275_000, 450_000]


def test_search_repairs_a_typo_and_says_so(client, catalogue):
    body = client.get("/api/v1/showcase/products", {"q": "mukean"}).json()
    assert body["corrected"] == "mukena" and body["count"] == 1


def test_search_is_paginated(client, catalogue):
    body = client.get("/api/v1/showcase/products", {"page_size": 2, "page": 2}).json()
    assert body["page"] == 2 and body["pages"] == 2 and len(body["items"]) == 1


def test_bad_parameters_get_the_json_error_format(client, catalogue):
    for params in ({"sector": "plastik"}, {"price_min": -1}, {"district": "35.13"},
                   {"page": 0}, {"sort": "acak"}):  # fmt: skip
        response = client.get("/api/v1/showcase/products", params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid"


def test_product_and_business_details(client, catalogue):
    product = catalogue[0]
    body = client.get(f"/api/v1/showcase/products/{product.slug}").json()
    assert body["name"] == product.name and body["technique"] == "tulis"
    business = client.get(f"/api/v1/showcase/businesses/{product.business.slug}").json()
    assert business["name"] == "Batik Prabulinggih"
    assert business["village"]["name"] == "Bulujaran Lor"
    products = client.get(f"/api/v1/showcase/businesses/{product.business.slug}/products")
    assert products.json()["count"] == 3


def test_businesses_list_only_verified_ones(client, make_user, regions, catalogue):
    make_business(make_user("draf@example.test"), name="Batik Draf")
    body = client.get("/api/v1/showcase/businesses").json()
    assert [b["name"] for b in body["items"]] == ["Batik Prabulinggih"]
    assert client.get("/api/v1/showcase/businesses", {"district": "35.13.01"}).json()["count"] == 0


def test_hidden_products_and_businesses_are_404_in_the_json_format(
    client, owner, officer, catalogue
):
    product = catalogue[0]
    services.update_product(product=product, data={"is_published": False}, by=owner)
    response = client.get(f"/api/v1/showcase/products/{product.slug}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    services.transition_business(
        business=product.business, action="suspend", by=officer, reason="Izin"
    )
    assert client.get(f"/api/v1/showcase/businesses/{product.business.slug}").status_code == 404
    assert client.get("/api/v1/showcase/products").json()["count"] == 0


def test_the_api_is_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/showcase/products" in paths
    assert "/api/v1/showcase/businesses/{slug}" in paths
