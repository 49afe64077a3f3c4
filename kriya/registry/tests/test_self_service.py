"""An owner registers and keeps their business and products through the pages."""

import pytest

from kriya.accounts.models import Organisation
from kriya.core.models import AuditEvent
from kriya.registry.models import Business, BusinessStatus, Product

from .factories import make_business


def form_data(**extra):
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


def test_owner_registers_a_business_with_values_as_typed(client, regions, owner):
    client.force_login(owner)
    assert client.get("/usaha-saya/baru/").status_code == 200
    response = client.post("/usaha-saya/baru/", form_data())
    business = Business.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/usaha-saya/{business.pk}/"
    assert business.nib == "9120001234567"
    assert business.phone == "+6281234567890"
    assert business.kbli == ["13134", "13132"]
    assert (business.capital, business.annual_sales) == (25_000_000, 1_500_000)
    assert (business.district_id, business.regency_id) == ("35.13.20", "35.13")
    assert business.status == BusinessStatus.DRAFT and business.size_class == "mikro"
    assert business.organisation.memberships.get().user == owner
    assert AuditEvent.objects.for_object(business).get(verb="business.created").actor == owner


def test_the_picker_button_shows_the_next_level_and_saves_nothing(client, regions, owner):
    client.force_login(owner)
    data = form_data(district="", village="", _pick="1", nib="")
    response = client.post("/usaha-saya/baru/", data)
    assert response.status_code == 200
    assert '<option value="35.13.20">Paiton</option>' in response.text
    assert 'class="error"' not in response.text  # no errors for a half-filled form
    assert not Business.objects.exists()


def test_errors_are_shown_at_the_field_in_indonesian_and_nothing_is_saved(client, regions, owner):
    client.force_login(owner)
    response = client.post(
        "/usaha-saya/baru/",
        form_data(nib="12345", phone="telepon", kbli="1313", capital="banyak", village=""),
    )
    assert response.status_code == 200
    text = response.text
    assert 'id="id_nib_error"' in text and "NIB harus 13 digit angka." in text
    assert 'id="id_phone_error"' in text and 'id="id_kbli_error"' in text
    assert 'id="id_capital_error"' in text and 'id="id_village_error"' in text
    assert not Business.objects.exists() and not Organisation.objects.exists()


def test_a_village_that_does_not_belong_to_the_district_is_not_taken(client, regions, owner):
    client.force_login(owner)
    response = client.post("/usaha-saya/baru/", form_data(village="35.13.01.2001"))
    assert response.status_code == 200 and 'id="id_village_error"' in response.text
    assert not Business.objects.exists()


def test_workforce_parts_cannot_exceed_the_total(client, regions, owner):
    client.force_login(owner)
    response = client.post("/usaha-saya/baru/", form_data(workforce_women="9"))
    assert 'id="id_workforce_women_error"' in response.text
    assert not Business.objects.exists()


def test_duplicate_nib_names_the_business_when_the_user_may_see_it(client, regions, owner):
    mine = make_business(owner, name="Batik Saya")
    client.force_login(owner)
    response = client.post("/usaha-saya/baru/", form_data(nib=mine.nib))
    assert "sudah terdaftar atas usaha “Batik Saya”" in response.text
    assert Business.objects.count() == 1


def test_duplicate_nib_does_not_name_a_business_the_user_may_not_see(
    client, regions, owner, other_owner
):
    theirs = make_business(other_owner, name="Batik Rahasia")
    client.force_login(owner)
    response = client.post("/usaha-saya/baru/", form_data(nib=theirs.nib))
    assert response.status_code == 200
    assert "sudah terdaftar di Kriya atas usaha lain" in response.text
    assert "Batik Rahasia" not in response.text


def test_owner_edits_and_a_key_field_change_of_a_verified_business_warns(
    client, regions, owner, officer
):
    business = make_business(owner, status="verified", officer=officer)
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/ubah/")
    assert page.status_code == 200 and business.nib in page.text
    data = form_data(nib=business.nib, name="Batik Baru", village="35.13.20.2001")
    response = client.post(f"/usaha-saya/{business.pk}/ubah/", data, follow=True)
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    assert "dikirim kembali ke verifikasi" in response.text


def test_owner_submits_and_sees_the_return_reason(client, regions, owner, officer):
    from kriya.registry import services

    business = make_business(owner)
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
