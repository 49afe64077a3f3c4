"""Certificate badges come from one hook (kriya/showcase/badges.py), empty until the
certification app fills it; when it answers, the pages, the filter and the API show them."""

import pytest

from kriya.showcase import badges, search


def test_without_certificates_there_is_no_badge_and_no_certificate_filter(client, product):
    html = client.get("/produk/").text
    assert 'name="sertifikat"' not in html
    assert 'class="badge' not in client.get(f"/produk/{product.slug}/").text


@pytest.fixture
def certified(product, monkeypatch):
    mark = badges.Badge(
        "batikmark_tulis", "Batikmark tulis", "BM-001", "https://kriya.test/verifikasi/BM-001"
    )
    halal = badges.Badge("halal", "Halal", "SH-002")
    monkeypatch.setattr(
        badges, "certificate_types", lambda: [("batikmark_tulis", "Batikmark tulis")]
    )
    monkeypatch.setattr(badges, "product_badges", lambda ids: {product.pk: [mark]})
    monkeypatch.setattr(badges, "business_badges", lambda ids: {product.business_id: [halal]})
    search.reindex_business(product.business)
    return product


def test_badges_show_on_cards_the_product_and_the_business(client, certified):
    assert "Batikmark tulis" in client.get("/produk/").text
    page = client.get(f"/produk/{certified.slug}/").text
    assert 'href="https://kriya.test/verifikasi/BM-001">Batikmark tulis' in page
    assert "Halal" in page
    business = client.get(f"/usaha/{certified.business.slug}/").text
    assert "Sertifikat" in business and "SH-002" in business


def test_the_certificate_filter_appears_and_filters(client, certified, add_product):
    other = add_product(certified.business, name="Kain batik tanpa sertifikat")
    html = client.get("/produk/", {"sertifikat": "batikmark_tulis"}).text
    assert 'name="sertifikat"' in html
    assert certified.name in html and other.name not in html


def test_badges_are_in_the_api_and_the_json_ld(client, certified):
    body = client.get(f"/api/v1/showcase/products/{certified.slug}").json()
    assert body["badges"][0]["code"] == "batikmark_tulis"
    page = client.get(f"/produk/{certified.slug}/").text
    assert '"hasCertification": [{"@type": "Certification", "name": "Batikmark tulis"' in page
