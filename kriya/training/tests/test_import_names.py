"""Enrolment from a spreadsheet of names: the registry's reading (messy headers, title
rows, spaces) and the same enrolment service as every other path."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kriya.training import imports
from kriya.training.models import Channel, Enrolment, EnrolmentStatus, Participant

pytestmark = pytest.mark.django_db


def _born(age):
    today = date.today()
    return date(today.year - age, 1, 15).strftime("%d/%m/%Y")


def messy_csv(rows):
    lines = [
        "DAFTAR CALON PESERTA PELATIHAN BATIK;;;;",
        ";;;;",
        "  no ; NAMA LENGKAP ; Tgl. Lahir ; L/P ; No. HP/WA ; Desa ; Keterangan",
    ]
    lines += [";".join(str(c) for c in row) for row in rows]
    return "\n".join(lines).encode("utf-8-sig")


@pytest.fixture
def messy_file():
    return messy_csv(
        [
            (1, "  Ayu   Lestari ", _born(20), "p", "0812-3456-7890", "Desa Ngadisari", ""),
            (2, "Bagus Santoso", "31/02/2004", "L", "081234567891", "Ngadisari", "tgl salah"),
            (3, "AYU LESTARI", _born(20), "P", "081234567890", "ngadisari", "dobel"),
            (4, "Pak Tua", _born(55), "L", "081234567892", "BULUJARAN LOR", "terlalu tua"),
            ("", "", "", "", "", "", ""),
            (5, "Citra Dewi", _born(18), "Perempuan", "+62 812 3456 7893", "Bulujaran Lor", ""),
            (6, "Dimas Putra", _born(22), "laki-laki", "081234567894", "Ds. Ngadisari", ""),
        ]
    )


def test_messy_file_enrols_each_row_once_with_a_report(batch, organiser, messy_file):
    outcome = imports.enrol_from_file(
        batch=batch, fileobj=io.BytesIO(messy_file), consent=True, by=organiser
    )
    by_row = {r.row: r for r in outcome.rows}
    assert [r.result for r in outcome.rows] == [
        "enrolled",
        "rejected",
        "duplicate",
        "rejected",
        "blank",
        "enrolled",
        "waitlisted",
    ]
    assert "Tanggal lahir" in by_row[5].reasons[0]
    assert "baris 4" in by_row[6].reasons[0]
    assert by_row[7].reasons[0].startswith("Syarat usia")
    ayu = Participant.objects.get(full_name="Ayu Lestari")
    assert ayu.consent_at is not None and ayu.created_by == organiser
    assert ayu.phone.endswith("81234567890")
    enrolment = Enrolment.objects.get(participant=ayu)
    assert enrolment.channel == Channel.IMPORT
    assert Enrolment.objects.filter(batch=batch, status=EnrolmentStatus.WAITLISTED).count() == 1
    # The same file again: nobody twice, whatever the path.
    again = imports.enrol_from_file(
        batch=batch, fileobj=io.BytesIO(messy_file), consent=True, by=organiser
    )
    assert again.count("already") == 3
    assert Enrolment.objects.filter(batch=batch).count() == 3


def test_xlsx_with_excel_dates(batch, organiser):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nama Peserta", "Tanggal Lahir", "Jenis Kelamin", "No HP", "Desa/Kelurahan"])
    sheet.append(["Eka", date(date.today().year - 19, 5, 1), "P", 81234567899, "Ngadisari"])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = imports.enrol_from_file(
        batch=batch, fileobj=io.BytesIO(buffer.getvalue()), consent=True, by=organiser
    )
    assert [r.result for r in outcome.rows] == ["enrolled"]


@pytest.mark.parametrize("who", ["organiser", "trainer", "other_organiser", "anonymous"])
def test_import_page_access(client, request, batch, messy_file, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user:
        client.force_login(user)
    url = f"/pelatihan/kelola/{batch.pk}/impor/"
    response = client.post(
        url, {"file": SimpleUploadedFile("peserta.csv", messy_file), "consent": "on"}
    )
    if who == "organiser":
        assert response.status_code == 200
        assert response.context["outcome"].count("enrolled") == 2
    else:
        assert response.status_code in (302, 404)
        assert not Enrolment.objects.exists()


def test_import_needs_consent_and_a_header(client, batch, organiser):
    client.force_login(organiser)
    url = f"/pelatihan/kelola/{batch.pk}/impor/"
    response = client.post(url, {"file": SimpleUploadedFile("x.csv", b"a;b\n1;2\n")})
    form = response.context["form"]
    assert "consent" in form.errors and "file" in form.errors
