"""The product feed (JSON and CSV): public products with stable ids, price, NIB, district
and live badges; paginated; incremental by `updated_since` with removals; anonymous and
served from the page cache; a constant number of queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.registry import services as registry
from kriya.showcase import search
from kriya.showcase.models import FeedItem

from .test_card_badges import certify, schemes  # noqa: F401 (fixtures)

JSON, CSV = "/feed/produk.json", "/feed/produk.csv"


def test_the_feed_lists_public_products_with_what_a_marketplace_needs(client, shop, product):
    body = client.get(JSON).json()
    assert body["count"] == 1 and body["pages"] == 1 and body["next"] is None
    [item] = body["items"]
    assert item["id"] == f"kriya-product-{product.pk}" and item["removed"] is False
    assert item["price"] == 350_000 and item["currency"] == "IDR"
    assert item["business"]["nib"] == shop.nib
    assert item["district"] == {"code": "35.13.20", "name": shop.district.name}
    assert item["url"].endswith(f"/produk/{product.slug}/")
    assert item["jsonld"]["@type"] == "Product" and item["jsonld"]["offers"]["price"] == "350000"
    assert item["updated_at"]


def test_only_public_products(client, shop, product, add_product):
    add_product(shop, name="Belum tampil", is_published=False)
    assert [i["name"] for i in client.get(JSON).json()["items"]] == [product.name]


def test_live_certificate_badges_are_in_the_feed(client, shop, product, certify):  # noqa: F811
    certify(shop, [product], kind="batikmark")
    certify(shop, [product], kind="batikmark", status="suspended")
    search.reindex_business(shop)
    [item] = client.get(JSON).json()["items"]
    assert len(item["badges"]) == 1 and item["badges"][0]["number"].startswith("CERT-")
    assert item["jsonld"]["hasCertification"]


def test_pages_follow_each_other(client, shop, add_product):
    made = [add_product(shop, name=f"Produk {n}") for n in range(5)]
    first = client.get(JSON, {"page_size": 2}).json()
    assert first["count"] == 5 and first["pages"] == 3
    assert first["next"].endswith("/feed/produk.json?page_size=2&page=2")
    seen = []
    page = 1
    while True:
        body = client.get(JSON, {"page_size": 2, "page": page}).json()
        seen += [i["id"] for i in body["items"]]
        if body["next"] is None:
            break
        page += 1
    assert seen == [f"kriya-product-{p.pk}" for p in sorted(made, key=lambda p: p.pk)]


def test_updated_since_gives_the_changes_and_removals_only(client, shop, owner, add_product):
    kept, edited, withdrawn = (add_product(shop, name=n) for n in ("Tetap", "Diubah", "Ditarik"))
    FeedItem.objects.update(changed_at=timezone.now() - timedelta(hours=2))
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    assert client.get(JSON, {"updated_since": since}).json()["items"] == []

    registry.update_product(product=edited, data={"price": 400_000}, by=owner)
    registry.update_product(product=withdrawn, data={"is_published": False}, by=owner)
    items = client.get(JSON, {"updated_since": since}).json()["items"]
    by_id = {i["id"]: i for i in items}
    assert set(by_id) == {f"kriya-product-{edited.pk}", f"kriya-product-{withdrawn.pk}"}
    assert by_id[f"kriya-product-{edited.pk}"]["price"] == 400_000
    assert by_id[f"kriya-product-{withdrawn.pk}"]["removed"] is True
    # The full feed no longer has the withdrawn product.
    full = [i["id"] for i in client.get(JSON).json()["items"]]
    assert f"kriya-product-{withdrawn.pk}" not in full and f"kriya-product-{kept.pk}" in full


def test_a_suspended_business_removes_its_products(client, shop, product, officer):
    since = timezone.now().isoformat()
    registry.transition_business(
        business=shop, action="suspend", by=officer, reason="Alamat fiktif"
    )
    [item] = client.get(JSON, {"updated_since": since}).json()["items"]
    assert item == {
        "id": f"kriya-product-{product.pk}",
        "removed": True,
        "updated_at": item["updated_at"],
    }


@pytest.mark.parametrize("bad", ["kemarin", "2026-13-45"])
def test_a_bad_updated_since_is_a_clear_400(client, db, bad):
    response = client.get(JSON, {"updated_since": bad})
    assert response.status_code == 400 and "ISO 8601" in response.json()["detail"]
    assert client.get(JSON, {"page_size": "1000"}).status_code == 400


def test_the_csv_has_the_same_items(client, shop, product, add_product):
    add_product(shop, name="Kedua, dengan koma")
    response = client.get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["id"] for r in rows] == [i["id"] for i in client.get(JSON).json()["items"]]
    assert rows[0]["business_nib"] == shop.nib and rows[0]["price"] == "350000"
    assert rows[1]["name"] == "Kedua, dengan koma"
    assert 'rel="next"' in client.get(CSV, {"page_size": 1})["Link"]


def test_anonymous_and_page_cached(client, shop, product, settings):
    settings.KRIYA_PAGE_CACHE = True
    first = client.get(JSON)
    assert first.status_code == 200 and "public" in first["Cache-Control"]


def test_queries_do_not_grow_with_the_page(
    client, shop, add_product, django_assert_max_num_queries
):
    for n in range(3):
        add_product(shop, name=f"A{n}")
    with django_assert_max_num_queries(12) as small:
        client.get(JSON, {"page_size": 3})
    for n in range(12):
        add_product(shop, name=f"B{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(JSON, {"page_size": 15})


def test_the_api_gives_the_same_feed(client, shop, product, owner):
    body = client.get("/api/v1/showcase/feed").json()
    assert body["count"] == 1 and body["items"][0]["id"] == f"kriya-product-{product.pk}"
    assert body["items"][0]["business"]["nib"] == shop.nib
    since = timezone.now().isoformat()
    registry.update_product(product=product, data={"is_published": False}, by=owner)
    changed = client.get("/api/v1/showcase/feed", {"updated_since": since}).json()["items"]
    assert changed[0]["removed"] is True
    assert client.get("/api/v1/showcase/feed", {"page_size": 501}).status_code == 422
