"""Every showcase page is public, in Indonesian, and shows what the issue lists."""

import pytest

from kriya.showcase.models import Destination

from .factories import make_business


def test_home_shows_featured_products_search_box_districts_and_sign_up(client, product):
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert product.name in page
    assert 'role="search"' in page and 'name="q"' in page
    assert "/kecamatan/35.13.20/" in page and "Paiton" in page
    assert "/akun/signup/" in page and "/akun/login/" in page


@pytest.mark.django_db
def test_home_works_on_an_empty_catalogue(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada produk di etalase." in response.text


def test_home_greets_a_signed_in_user_instead_of_offering_sign_up(client, owner, product):
    client.force_login(owner)
    page = client.get("/").text
    assert "Selamat datang, Siti." in page
    assert "/akun/signup/" not in page


def test_no_events_section_while_events_do_not_exist(client, product):
    assert "Acara mendatang" not in client.get("/").text


def test_events_appear_when_the_events_hook_returns_some(client, product, monkeypatch):
    from datetime import date

    from kriya.showcase import events

    item = events.EventItem("Yadnya Kasada", date(2026, 6, 1), date(2026, 6, 2), "Sukapura")
    monkeypatch.setattr(events, "upcoming_events", lambda limit=5: [item])
    page = client.get("/").text
    assert "Acara mendatang" in page and "Yadnya Kasada" in page


def test_catalogue_lists_products_with_price_business_and_district(client, product):
    page = client.get("/produk/").text
    assert product.name in page
    assert "Rp\xa0350.000" in page
    assert "Batik Prabulinggih · Paiton" in page
    assert "1 produk" in page


def test_product_page_shows_the_facts_of_the_product(client, product):
    response = client.get(f"/produk/{product.slug}/")
    assert response.status_code == 200
    page = response.text
    for text in ("Kain batik tulis motif anggur", "Rp\xa0350.000", "Batik tulis", "anggur"):
        assert text in page
    assert f'href="/usaha/{product.business.slug}/"' in page
    assert 'href="/kecamatan/35.13.20/"' in page
    assert "<svg" in page and 'class="qr"' in page
    assert "https://wa.me/?text=" in page  # share link


def test_business_page_shows_products_location_in_words_and_map_link(client, owner, product):
    from kriya.registry import services

    business = product.business
    services.update_business(
        business=business,
        data={"address": "Jl. Raya Paiton 1", "latitude": "-7.7200", "longitude": "113.5000"},
        by=owner,
    )
    page = client.get(f"/usaha/{business.slug}/").text
    assert product.name in page
    assert "Jl. Raya Paiton 1" in page
    assert "Desa Bulujaran Lor, Kecamatan Paiton, Kabupaten Probolinggo" in page
    assert "openstreetmap.org/?mlat=-7.720000&amp;mlon=113.500000" in page


def test_business_page_without_coordinates_has_no_map_link(client, product):
    assert "openstreetmap" not in client.get(f"/usaha/{product.business.slug}/").text


def test_district_page_lists_its_businesses_and_products(client, product, destination):
    page = client.get("/kecamatan/35.13.20/").text
    assert "Kecamatan Paiton" in page and "Kabupaten Probolinggo" in page
    assert product.name in page and "Batik Prabulinggih" in page


def test_district_page_of_another_district_is_empty_but_friendly(client, product, destination):
    page = client.get("/kecamatan/35.13.01/").text
    assert product.name not in page
    assert "Belum ada produk dari kecamatan ini." in page
    assert "Gunung Bromo" in page


@pytest.mark.django_db
def test_unknown_district_and_non_district_codes_are_404(client, regions):
    assert client.get("/kecamatan/35.13.99/").status_code == 404
    assert client.get("/kecamatan/35.13/").status_code == 404


def test_destination_shows_products_from_its_district(
    client, make_user, officer, add_product, destination
):
    bromo = make_business(
        make_user("bromo@example.test"), officer=officer, name="Batik Pasir Berbisik",
        village_id="35.13.01.2001",
    )  # fmt: skip
    add_product(bromo, name="Kain batik Tengger")
    page = client.get("/destinasi/gunung-bromo/").text
    assert "Gunung Bromo" in page and "Kain batik Tengger" in page
    assert "Kecamatan Sukapura" in page
    assert "Gunung Bromo" in client.get("/destinasi/").text


def test_unpublished_destination_is_404(client, destination):
    Destination.objects.filter(pk=destination.pk).update(is_published=False)
    assert client.get("/destinasi/gunung-bromo/").status_code == 404
    assert "Gunung Bromo" not in client.get("/destinasi/").text


def test_pages_answer_head_but_refuse_post(client, product):
    assert client.head("/produk/").status_code == 200
    assert client.post("/produk/").status_code == 405


def test_pages_are_translated_to_english(client, product):
    client.cookies["django_language"] = "en"
    page = client.get("/produk/").text
    assert 'lang="en"' in page


def test_the_catalogue_speaks_english_to_an_english_visitor(client, product):
    client.cookies["django_language"] = "en"
    html = client.get("/produk/", {"q": "kain"}).text
    assert "Search results for “kain”" in html and "1 product" in html
    assert "Filter and sort" in html
