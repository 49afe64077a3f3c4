"""Certificate badges come from one hook (kriya/showcase/badges.py) answered by the
certification app; the pages, the certificate filter and the API show them."""

from datetime import date

import pytest

from kriya.showcase import badges, search


def test_without_a_valid_certificate_no_badge_shows(client, product):
    html = client.get("/produk/").text
    assert 'name="sertifikat"' in html and "Batikmark tulis" in html  # the filter's types
    assert 'class="badge' not in client.get(f"/produk/{product.slug}/").text


def test_the_filter_hides_when_there_are_no_certificate_types(client, product, monkeypatch):
    monkeypatch.setattr(badges, "certificate_types", lambda: [])
    assert 'name="sertifikat"' not in client.get("/produk/").text


def test_an_accepted_halal_certificate_badges_the_product_and_feeds_the_filter(
    client, shop, owner, desk, add_product, django_capture_on_commit_callbacks
):
    from kriya.certification import services as certification

    product = add_product(shop, name="Mukena bordir halal", sector="bordir", technique="")
    other = add_product(shop, name="Mukena bordir biasa", sector="bordir", technique="")
    halal = certification.record_halal_certificate(
        business=shop, products=[product], number="SH2026-77", issued_on=date(2026, 2, 1), by=owner
    )
    assert client.get("/produk/", {"sertifikat": "halal"}).text.count("Mukena bordir") == 0
    with django_capture_on_commit_callbacks(execute=True):
        certification.check_halal_certificate(halal=halal, accept=True, by=desk)
    html = client.get("/produk/", {"sertifikat": "halal"}).text
    assert product.name in html and other.name not in html
    page = client.get(f"/produk/{product.slug}/").text
    assert '<span class="badge ok">Halal</span>' in page


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
