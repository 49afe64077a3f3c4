"""An owner registers and keeps their business and products through the pages."""

import pytest

from kriya.core.models import AuditEvent
from kriya.registry.models import BusinessStatus, Product

from .factories import make_business, make_product


def form_data(**extra):
    """The one-page business form's data (the facilitator's form still uses it)."""
    data = {
        "nib": "9120 0012.3456-7",
        "name": "Batik Dewi Rengganis",
        "legal_form": "perorangan",
        "owner_name": "Rengganis",
        "phone": "0812-3456-7890",
        "email": "",
        "address": "Jl. Raya Krejengan 1",
        "province": "35",
        "regency": "35.13",
        "district": "35.13.20",
        "village": "35.13.20.2001",
        "kbli": "13134, 13132",
        "sector": "batik",
        "year_founded": "2015",
        "workforce_total": "6",
        "workforce_women": "5",
        "workforce_youth": "2",
        "capital": "Rp 25.000.000",
        "annual_sales": "1,5 juta",
        "trademark_number": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(extra)
    return data


def test_owner_submits_and_sees_the_return_reason(client, regions, owner, officer):
    from kriya.registry import services

    business = make_business(owner)
    make_product(business, owner)
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/")
    assert 'value="submit"' in page.text
    client.post(f"/usaha-saya/{business.pk}/", {"action": "submit"})
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    services.transition_business(
        business=business, action="return", by=officer, reason="Foto produk buram"
    )
    page = client.get(f"/usaha-saya/{business.pk}/")
    assert "Foto produk buram" in page.text and 'value="resubmit"' in page.text


def test_owner_cannot_verify_their_own_business(client, regions, owner):
    business = make_business(owner, status="submitted")
    client.force_login(owner)
    response = client.post(f"/usaha-saya/{business.pk}/", {"action": "verify"})
    assert response.status_code == 403
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED


def test_a_double_click_on_submit_is_harmless(client, regions, owner):
    business = make_business(owner)
    client.force_login(owner)
    client.post(f"/usaha-saya/{business.pk}/", {"action": "submit"})
    response = client.post(f"/usaha-saya/{business.pk}/", {"action": "submit"}, follow=True)
    assert response.status_code == 200 and "tidak tersedia" in response.text
    assert AuditEvent.objects.for_object(business).filter(verb="business.submit").count() == 1


def test_my_businesses_lists_only_mine(client, regions, owner, other_owner):
    make_business(owner, name="Batik Saya")
    make_business(other_owner, name="Batik Orang Lain")
    client.force_login(owner)
    page = client.get("/usaha-saya/")
    assert "Batik Saya" in page.text and "Batik Orang Lain" not in page.text


# --- Products ------------------------------------------------------------------

PRODUCT = {
    "name": "Kain batik tulis Anggur",
    "description": "Katun primissima, pewarna alam.",
    "sector": "batik",
    "category": "kain",
    "technique": "tulis",
    "motif": "anggur",
    "dye": "natural",
    "fabric": "katun primissima",
    "size": "2 x 1,15 m",
    "price": "Rp 750.000",
    "availability": "ready",
    "is_published": "on",
}


def test_owner_adds_a_product(client, owner, business):
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/produk/baru/")
    assert "Tiruan batik / printing motif batik" in page.text
    response = client.post(f"/usaha-saya/{business.pk}/produk/baru/", PRODUCT)
    product = Product.objects.get()
    assert response.status_code == 302 and product.price == 750_000 and product.is_batik
    assert AuditEvent.objects.for_object(product).get(verb="product.created").actor == owner


def test_printing_is_a_product_but_not_batik(client, owner, business):
    client.force_login(owner)
    client.post(f"/usaha-saya/{business.pk}/produk/baru/", {**PRODUCT, "technique": "printing"})
    product = Product.objects.get()
    assert not product.is_batik and not product.may_carry_batik_certificate
    page = client.get(f"/usaha-saya/produk/{product.pk}/")
    assert "Tiruan batik / printing motif batik" in page.text


@pytest.mark.parametrize(
    "change, field",
    [
        ({"technique": ""}, "technique"),
        ({"sector": "kayu"}, "technique"),
        ({"price": "0"}, "price"),
        ({"price": "murah"}, "price"),
        ({"name": ""}, "name"),
    ],
)
def test_product_errors_are_at_the_field_and_nothing_is_saved(
    client, owner, business, change, field
):
    client.force_login(owner)
    response = client.post(f"/usaha-saya/{business.pk}/produk/baru/", {**PRODUCT, **change})
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert not Product.objects.exists()


def test_owner_edits_a_product(client, owner, product):
    client.force_login(owner)
    response = client.post(
        f"/usaha-saya/produk/{product.pk}/ubah/", {**PRODUCT, "price": "1,2 juta"}
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == 1_200_000
    assert AuditEvent.objects.for_object(product).filter(verb="product.updated").exists()
