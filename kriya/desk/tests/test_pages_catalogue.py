"""Public catalogue pages: requirements, fees and the service standard."""

import pytest

from kriya.desk.models import Service


def test_anyone_sees_the_catalogue(client, testing_service):
    response = client.get("/layanan/")
    assert response.status_code == 200
    assert "Pengujian" in response.text


def test_the_detail_lists_documents_fees_and_standard(client, testing_service):
    response = client.get("/layanan/pengujian/")
    assert response.status_code == 200
    assert "Surat permohonan" in response.text
    assert "Rp\xa0150.000" in response.text
    assert "5 hari kerja" in response.text


def test_an_unknown_tariff_is_not_shown_as_a_number(client, free_service):
    Service.objects.filter(pk=free_service.pk).update(variant="billed")
    response = client.get("/layanan/konsultansi/")
    # No number is made up; the page says plainly whom to ask.
    assert "belum tercantum dalam daftar tarif" in response.text
    assert "Unit Pelayanan Publik" in response.text
    assert "Rp" not in response.text.split("Biaya (PNBP)")[1].split("</div>")[0]


def test_unconfirmed_values_are_marked_for_agency_staff_only(client, desk, free_service):
    Service.objects.filter(pk=free_service.pk).update(
        is_verified=False, unverified_note="Standar belum pasti."
    )
    assert "belum dikonfirmasi" not in client.get("/layanan/konsultansi/").text
    client.force_login(desk)
    assert "Standar belum pasti." in client.get("/layanan/konsultansi/").text


def test_an_inactive_service_is_not_found(client, testing_service):
    Service.objects.filter(pk=testing_service.pk).update(is_active=False)
    assert client.get("/layanan/pengujian/").status_code == 404
    assert "Pengujian" not in client.get("/layanan/").text


@pytest.mark.django_db
def test_the_catalogue_shows_the_seeded_services_in_english(client, settings):
    from kriya.desk.catalogue import seed_catalogue

    seed_catalogue()
    response = client.get("/layanan/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Green industry certification" in response.text
