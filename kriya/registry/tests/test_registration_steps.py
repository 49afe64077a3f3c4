"""The business form in steps: identity → address → sector → check your answers.

What is typed is kept in the session until the check page saves it through one service
call; each step shows its errors at the field and in a summary at the top."""

import re

import pytest

from kriya.accounts.models import Organisation
from kriya.core.models import AuditEvent
from kriya.registry.models import Business, BusinessStatus

from .factories import make_business

NEW = "/usaha-saya/baru/"

IDENTITY = {
    "nib": "9120 0012.3456-7",
    "name": "Batik Dewi Rengganis",
    "legal_form": "perorangan",
    "owner_name": "Rengganis",
    "phone": "0812-3456-7890",
    "email": "",
    "trademark_number": "",
}
ADDRESS = {
    "address": "Jl. Raya Krejengan 1",
    "province": "35",
    "regency": "35.13",
    "district": "35.13.20",
    "village": "35.13.20.2001",
    "latitude": "-7.754300",
    "longitude": "113.215900",
}
SECTOR = {
    "sector": "batik",
    "kbli": "13134, 13132",
    "year_founded": "2015",
    "workforce_total": "6",
    "workforce_women": "5",
    "workforce_youth": "2",
    "capital": "Rp 25.000.000",
    "annual_sales": "1,5 juta",
}


def answer_all(client, base=NEW, **changes):
    """Post the three steps; `changes` maps a step slug to the values that differ."""
    first = client.post(base, {**IDENTITY, **changes.get("identitas", {})})
    second = client.post(base + "alamat/", {**ADDRESS, **changes.get("alamat", {})})
    third = client.post(base + "usaha/", {**SECTOR, **changes.get("usaha", {})})
    return first, second, third


def test_the_steps_lead_to_the_check_page_and_save_once(client, regions, owner):
    client.force_login(owner)
    page = client.get(NEW)
    assert page.status_code == 200 and "Langkah 1 dari 3" in page.text
    first, second, third = answer_all(client)
    assert first["Location"] == NEW + "alamat/"
    assert second["Location"] == NEW + "usaha/"
    assert third["Location"] == NEW + "periksa/"
    assert not Business.objects.exists()  # nothing saved before the check page

    check = client.get(NEW + "periksa/")
    text = check.text
    assert "Periksa jawaban Anda" in text and "Batik Dewi Rengganis" in text
    assert "Bulujaran Lor, Paiton, Kabupaten Probolinggo" in text
    assert "Rp 25.000.000" in text and "Sudah ditandai" in text
    assert "<dd>6</dd>" in text
    assert "113.2159" not in text  # no raw coordinates
    assert text.count(">Ubah<") >= 10  # a change link per answer
    assert f'href="{NEW}alamat/#id_address"' in text

    response = client.post(NEW + "periksa/")
    business = Business.objects.get()
    assert response["Location"] == f"/usaha-saya/{business.pk}/"
    assert business.nib == "9120001234567" and business.phone == "+6281234567890"
    assert business.kbli == ["13134", "13132"]
    assert (business.capital, business.annual_sales) == (25_000_000, 1_500_000)
    assert (business.district_id, business.regency_id) == ("35.13.20", "35.13")
    assert str(business.latitude) == "-7.754300"
    assert business.status == BusinessStatus.DRAFT and business.size_class == "mikro"
    assert business.organisation.memberships.get().user == owner
    assert AuditEvent.objects.for_object(business).get(verb="business.created").actor == owner
    # The answers are forgotten: a new registration starts empty.
    assert "Batik Dewi Rengganis" not in client.get(NEW).text


def test_an_invalid_step_shows_errors_at_the_field_and_in_the_summary(client, regions, owner):
    client.force_login(owner)
    response = client.post(NEW, {**IDENTITY, "nib": "12345", "phone": "telepon", "name": ""})
    assert response.status_code == 200
    text = response.text
    summary = text[
        text.index('class="error-summary"') : text.index("</div>", text.index("error-summary"))
    ]
    assert 'href="#id_nib"' in summary and "NIB harus 13 digit angka." in summary
    assert 'href="#id_phone"' in summary and 'href="#id_name"' in summary
    assert "Nama usaha wajib diisi." in summary
    assert 'id="id_nib_error"' in text and 'id="id_phone_error"' in text
    assert 'id="id_name_error"' in text
    # What was typed stays in the field.
    assert 'value="telepon"' in text
    # The next step cannot be reached by typing its address.
    assert client.get(NEW + "alamat/")["Location"] == NEW
    assert not Business.objects.exists() and not Organisation.objects.exists()


def test_the_address_step_presets_the_deployment_regency(client, regions, owner, settings):
    client.force_login(owner)
    client.post(NEW, IDENTITY)
    text = client.get(NEW + "alamat/").text
    assert '<option value="35" selected>Jawa Timur</option>' in text
    assert '<option value="35.13" selected>Kabupaten Probolinggo</option>' in text
    assert '<option value="35.13.20">Paiton</option>' in text
    # No raw latitude/longitude fields: hidden inputs filled by "Gunakan lokasi saya".
    assert 'type="hidden" name="latitude"' in text and 'type="hidden" name="longitude"' in text
    assert "Gunakan lokasi saya" in text
    assert not re.search(r'type="(text|number)" name="(latitude|longitude)"', text)

    settings.KRIYA_HOME_REGENCY = "35.74"
    text = client.get(NEW + "alamat/").text
    assert '<option value="35.74" selected>Kota Probolinggo</option>' in text
    settings.KRIYA_HOME_REGENCY = "99.99"  # not in the region list: nothing preset
    text = client.get(NEW + "alamat/").text
    assert "selected>Jawa Timur" not in text


def test_the_address_step_allows_the_location_and_other_pages_do_not(client, regions, owner):
    client.force_login(owner)
    first = client.post(NEW, IDENTITY, follow=True)
    assert "geolocation=(self)" in first["Permissions-Policy"]
    assert "geolocation=()" in client.get(NEW)["Permissions-Policy"]


def test_the_picker_button_keeps_what_was_typed_and_saves_nothing(client, regions, owner):
    client.force_login(owner)
    client.post(NEW, IDENTITY)
    data = {**ADDRESS, "district": "", "village": "", "_pick": "1"}
    response = client.post(NEW + "alamat/", data)
    assert response.status_code == 200
    assert '<option value="35.13.20">Paiton</option>' in response.text
    assert 'class="error"' not in response.text and "error-summary" not in response.text
    assert 'value="Jl. Raya Krejengan 1"' in response.text
    assert not Business.objects.exists()


def test_a_village_outside_the_district_is_refused_at_the_picker(client, regions, owner):
    client.force_login(owner)
    client.post(NEW, IDENTITY)
    response = client.post(NEW + "alamat/", {**ADDRESS, "village": "35.13.01.2001"})
    assert response.status_code == 200
    assert 'id="id_village_error"' in response.text
    assert 'href="#region-picker-main"' in response.text


def test_a_location_out_of_range_is_refused(client, regions, owner):
    client.force_login(owner)
    client.post(NEW, IDENTITY)
    response = client.post(NEW + "alamat/", {**ADDRESS, "latitude": "95"})
    assert response.status_code == 200 and 'href="#location"' in response.text
    assert "Lintang harus antara -90 dan 90." in response.text


def test_workforce_parts_cannot_exceed_the_total(client, regions, owner):
    client.force_login(owner)
    response = answer_all(client, usaha={"workforce_women": "9"})[2]
    assert response.status_code == 200 and 'id="id_workforce_women_error"' in response.text
    assert 'href="#id_workforce_women"' in response.text
    assert client.get(NEW + "periksa/")["Location"] == NEW + "usaha/"


def test_nothing_is_saved_when_the_final_submit_is_invalid(client, regions, owner, other_owner):
    client.force_login(owner)
    answer_all(client)
    # Someone else registers the NIB meanwhile.
    theirs = make_business(other_owner, name="Batik Rahasia", nib="9120001234567")
    response = client.post(NEW + "periksa/")
    assert response.status_code == 200
    assert "sudah terdaftar di Kriya atas usaha lain" in response.text
    assert "Batik Rahasia" not in response.text
    assert f'href="{NEW}#id_nib"' in response.text  # the summary links to the step
    assert list(Business.objects.all()) == [theirs]
    assert Organisation.objects.filter(kind="business").count() == 1
    # The step shows the error at the field.
    step = client.get(NEW)
    assert 'id="id_nib_error"' in step.text


def test_duplicate_nib_names_the_business_when_the_user_may_see_it(client, regions, owner):
    mine = make_business(owner, name="Batik Saya")
    client.force_login(owner)
    response = client.post(NEW, {**IDENTITY, "nib": mine.nib})
    assert "sudah terdaftar atas usaha “Batik Saya”" in response.text


def test_discarding_forgets_the_answers(client, regions, owner):
    client.force_login(owner)
    answer_all(client)
    response = client.post(NEW + "periksa/", {"_discard": "1"})
    assert response["Location"] == "/usaha-saya/"
    assert client.get(NEW + "periksa/")["Location"] == NEW
    assert not Business.objects.exists()


def test_the_answers_belong_to_one_user(client, regions, owner, other_owner):
    client.force_login(owner)
    answer_all(client)
    client.logout()
    client.force_login(other_owner)
    assert client.get(NEW + "periksa/")["Location"] == NEW
    assert "Batik Dewi Rengganis" not in client.get(NEW).text


def test_another_owner_cannot_touch_the_business_or_its_steps(
    client, regions, owner, other_owner, business
):
    client.force_login(other_owner)
    base = f"/usaha-saya/{business.pk}/ubah/"
    for url in (base, base + "identitas/", base + "alamat/", base + "periksa/"):
        assert client.get(url).status_code == 404
    assert client.post(base + "identitas/", {**IDENTITY, "name": "Diambil"}).status_code == 404
    assert client.post(base).status_code == 404
    business.refresh_from_db()
    assert business.name == "Batik Prabulinggih"


def test_anonymous_is_sent_to_log_in(client, regions):
    for url in (NEW, NEW + "alamat/", NEW + "periksa/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/akun/login/")
    assert client.post(NEW, IDENTITY).status_code == 302
    assert not Business.objects.exists()


def test_an_unknown_step_is_404(client, regions, owner):
    client.force_login(owner)
    assert client.get(NEW + "lain/").status_code == 404


def test_editing_starts_on_the_check_page_and_uses_the_steps(client, regions, owner, business):
    client.force_login(owner)
    base = f"/usaha-saya/{business.pk}/ubah/"
    check = client.get(base)
    assert check.status_code == 200 and business.nib in check.text
    step = client.get(base + "identitas/")
    assert "Simpan dan kembali ke ringkasan" in step.text
    response = client.post(
        base + "identitas/", {**IDENTITY, "nib": business.nib, "name": "Batik Baru"}
    )
    assert response["Location"] == base + "periksa/"
    business.refresh_from_db()
    assert business.name == "Batik Prabulinggih"  # not saved before the check page
    client.post(base + "periksa/")
    business.refresh_from_db()
    assert business.name == "Batik Baru"


def test_a_key_change_of_a_verified_business_warns(client, regions, owner, officer):
    business = make_business(owner, status="verified", officer=officer)
    client.force_login(owner)
    base = f"/usaha-saya/{business.pk}/ubah/"
    client.post(base + "identitas/", {**IDENTITY, "nib": business.nib, "name": "Batik Baru"})
    response = client.post(base + "periksa/", follow=True)
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    assert "dikirim kembali ke verifikasi" in response.text


@pytest.mark.parametrize("url", [NEW, NEW + "alamat/", NEW + "usaha/", NEW + "periksa/"])
def test_every_step_page_renders_with_the_steps_navigation(client, regions, owner, url):
    client.force_login(owner)
    answer_all(client)
    page = client.get(url)
    assert page.status_code == 200
    assert 'aria-current="step"' in page.text or "Periksa jawaban Anda" in page.text


def test_the_steps_speak_english_when_asked(client, regions, owner):
    client.force_login(owner)
    text = client.get(NEW, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Step 1 of 3" in text and "Business identity and NIB" in text
    assert "Continue" in text and "Lanjutkan" not in text
    answer_all(client)
    text = client.get(NEW + "periksa/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Check your answers" in text and ">Change<" in text


def test_a_zero_is_an_answer_not_a_blank(client, regions, owner):
    client.force_login(owner)
    answer_all(client, usaha={"workforce_youth": "0"})
    text = client.get(NEW + "periksa/").text
    row = text[text.index("Tenaga kerja di bawah 30 tahun") :]
    assert row[: row.index("</div>")].count("<dd>0</dd>") == 1
