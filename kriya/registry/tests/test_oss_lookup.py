"""NIB look-up at OSS in the business form and on the officer's page: empty fields are
prefilled, differences are shown and taken over only when the owner ticks them."""

import pytest

from kriya.core import adapters
from kriya.registry.adapters.oss import FakeOss
from kriya.registry.models import Business

from .factories import make_business
from .test_registration_steps import ADDRESS, IDENTITY, NEW, SECTOR

FAKE = "kriya.registry.adapters.oss.FakeOss"


@pytest.fixture
def oss_on(settings):
    settings.KRIYA_OSS_ADAPTER = FAKE


def test_off_the_form_is_as_before(client, regions, owner, settings):
    settings.KRIYA_OSS_ADAPTER = ""
    client.force_login(owner)
    client.post(NEW, {**IDENTITY, "nib": "9120000000001"})
    page = client.get(NEW + "alamat/")
    assert "Diisi dari data OSS" not in page.text
    assert 'value="Jl. Raya Kraksaan No. 12"' not in page.text


def test_empty_fields_are_prefilled_and_said_so(client, regions, owner, oss_on):
    client.force_login(owner)
    client.post(NEW, {**IDENTITY, "nib": "9120000000001", "name": "Batik Prabulinggih"})
    page = client.get(NEW + "alamat/")
    assert "Diisi dari data OSS" in page.text
    assert 'value="Jl. Raya Kraksaan No. 12"' in page.text
    client.post(NEW + "alamat/", {**ADDRESS, "address": "Jl. Raya Kraksaan No. 12"})
    assert 'value="13134, 47711"' in client.get(NEW + "usaha/").text
    assert adapters.status("oss")["last_success"] is not None


def test_a_different_name_is_shown_and_kept_until_the_owner_takes_it(
    client, regions, owner, oss_on
):
    client.force_login(owner)
    nib = FakeOss.DIFFERENT_NAME
    client.post(NEW, {**IDENTITY, "nib": nib})
    client.post(NEW + "alamat/", ADDRESS)  # typed over the prefilled address
    client.post(NEW + "usaha/", {**SECTOR, "kbli": "13134"})
    check = client.get(NEW + "periksa/").text
    assert "Beberapa isian berbeda dengan data OSS" in check
    assert "CV Batik Sumber Rejeki Abadi" in check and "Batik Dewi Rengganis" in check
    assert 'name="oss_field" value="name"' in check
    assert 'name="oss_field" value="address"' in check
    assert 'name="oss_field" value="kbli"' not in check  # the same codes

    # Saving without ticking keeps what the owner typed.
    client.post(NEW + "periksa/", {"_use_oss": "1"})  # nothing ticked
    assert "Batik Dewi Rengganis" in client.get(NEW + "periksa/").text
    # Ticking the name takes OSS's name, and only it.
    client.post(NEW + "periksa/", {"_use_oss": "1", "oss_field": ["name"]})
    client.post(NEW + "periksa/")
    business = Business.objects.get()
    assert business.name == "CV Batik Sumber Rejeki Abadi"
    assert business.address == ADDRESS["address"]


def test_an_unknown_nib_is_flagged_not_refused(client, regions, owner, oss_on):
    client.force_login(owner)
    client.post(NEW, {**IDENTITY, "nib": FakeOss.UNKNOWN})
    client.post(NEW + "alamat/", ADDRESS)
    client.post(NEW + "usaha/", SECTOR)
    check = client.get(NEW + "periksa/").text
    assert "NIB tidak ditemukan di OSS" in check
    client.post(NEW + "periksa/")
    assert Business.objects.filter(nib=FakeOss.UNKNOWN).exists()


def test_oss_down_does_not_stop_the_owner(client, regions, owner, oss_on):
    client.force_login(owner)
    client.post(NEW, {**IDENTITY, "nib": FakeOss.BROKEN})
    client.post(NEW + "alamat/", ADDRESS)
    client.post(NEW + "usaha/", SECTOR)
    assert "OSS tidak dapat dihubungi" in client.get(NEW + "periksa/").text
    client.post(NEW + "periksa/")
    assert Business.objects.filter(nib=FakeOss.BROKEN).exists()
    status = adapters.status("oss")
    assert status["last_error"] is not None and "OssError" in status["error"]


def test_the_officer_sees_each_difference_before_verifying(client, regions, owner, officer, oss_on):
    business = make_business(
        owner, status="submitted", nib=FakeOss.DIFFERENT_NAME, address="Dusun Krajan RT 02 RW 01"
    )
    client.force_login(officer)
    page = client.get(f"/kabupaten/usaha/{business.pk}/").text
    assert "Data NIB di OSS" in page and "Menengah rendah" in page
    assert "CV Batik Sumber Rejeki Abadi" in page
    assert 'name="oss_field"' not in page  # the officer reads, the owner decides
    business.refresh_from_db()
    assert business.name == "Batik Prabulinggih"


def test_the_officer_sees_an_unknown_nib(client, regions, owner, officer, oss_on):
    business = make_business(owner, status="submitted", nib=FakeOss.UNKNOWN)
    client.force_login(officer)
    assert "NIB tidak ditemukan di OSS" in client.get(f"/kabupaten/usaha/{business.pk}/").text


def test_a_facilitated_or_saved_business_shows_the_differences_on_its_page(
    client, regions, owner, oss_on
):
    business = make_business(owner, nib=FakeOss.DIFFERENT_NAME)
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/").text
    assert "CV Batik Sumber Rejeki Abadi" in page and 'name="oss_field"' not in page
