"""The instrument pages: lab staff see calibration status; supervisors record calibrations."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kriya.lab.models import Calibration

from .factories import InstrumentFactory, calibrated_instrument

pytestmark = pytest.mark.django_db


def test_analyst_sees_expired_and_expiring_calibrations(client, analyst):
    calibrated_instrument(code="XENON", days_left=-2)
    calibrated_instrument(code="CROCK", days_left=12)
    calibrated_instrument(code="LAUNDER", days_left=200)
    client.force_login(analyst)
    page = client.get("/lab/instrumen/").text
    expired, rest = page.split("Berakhir dalam 30 hari", 1)
    expiring, everything = rest.split("Semua instrumen", 1)
    assert "XENON" in expired and "CROCK" not in expired
    assert "CROCK" in expiring and "LAUNDER" not in expiring
    assert "LAUNDER" in everything


def test_officer_of_a_regency_is_refused_the_lab_pages(client, other_officer):
    instrument = InstrumentFactory()
    client.force_login(other_officer)
    assert client.get("/lab/instrumen/").status_code == 403
    assert client.get(f"/lab/instrumen/{instrument.pk}/").status_code == 404
    assert client.get("/lab/spesifikasi/").status_code == 403


def test_anonymous_visitor_is_sent_to_login(client):
    instrument = InstrumentFactory()
    for url in ("/lab/instrumen/", f"/lab/instrumen/{instrument.pk}/", "/lab/spesifikasi/"):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_supervisor_records_a_calibration_with_its_certificate(client, supervisor):
    instrument = calibrated_instrument(days_left=-1)
    client.force_login(supervisor)
    today = timezone.localdate()
    response = client.post(
        f"/lab/instrumen/{instrument.pk}/",
        {
            "calibrated_on": today.isoformat(),
            "valid_until": (today + timedelta(days=365)).isoformat(),
            "certificate_number": "KAL/2026/11",
            "calibrated_by": "Lab kalibrasi",
            "document": SimpleUploadedFile("sertifikat.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    assert response.status_code == 302
    calibration = Calibration.objects.get(certificate_number="KAL/2026/11")
    assert calibration.recorded_by == supervisor
    assert not calibration.document.name.endswith("sertifikat.pdf")
    assert instrument.is_usable_on(today)


def test_calibration_form_refuses_a_fake_pdf_and_saves_nothing(client, supervisor):
    instrument = InstrumentFactory()
    client.force_login(supervisor)
    today = timezone.localdate()
    response = client.post(
        f"/lab/instrumen/{instrument.pk}/",
        {
            "calibrated_on": today.isoformat(),
            "valid_until": today.isoformat(),
            "certificate_number": "KAL/1",
            "document": SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert 'id="id_document_error"' in response.text
    assert not Calibration.objects.exists()


def test_calibration_ending_before_it_starts_is_refused_at_the_field(client, supervisor):
    instrument = InstrumentFactory()
    client.force_login(supervisor)
    today = timezone.localdate()
    response = client.post(
        f"/lab/instrumen/{instrument.pk}/",
        {
            "calibrated_on": today.isoformat(),
            "valid_until": (today - timedelta(days=1)).isoformat(),
            "certificate_number": "KAL/1",
        },
    )
    assert 'id="id_valid_until_error"' in response.text
    assert not Calibration.objects.exists()


def test_analyst_sees_the_history_but_cannot_record_a_calibration(client, analyst):
    instrument = calibrated_instrument()
    client.force_login(analyst)
    page = client.get(f"/lab/instrumen/{instrument.pk}/")
    assert page.status_code == 200
    assert "Catat kalibrasi" not in page.text
    response = client.post(f"/lab/instrumen/{instrument.pk}/", {"certificate_number": "X"})
    assert response.status_code == 403
