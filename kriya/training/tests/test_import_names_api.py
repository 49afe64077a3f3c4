"""Enrolment from a spreadsheet of names in the API: the page's form and
`imports.enrol_from_file`, the same per-row report; the batch's organisers only."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kriya.training.models import Channel, Enrolment, EnrolmentStatus
from kriya.training.tests.test_api import bearer
from kriya.training.tests.test_import_names import _born, messy_csv

pytestmark = pytest.mark.django_db
API = "/api/v1/training"


def _url(batch) -> str:
    return f"{API}/manage/batches/{batch.pk}/name-list"


def _upload(content: bytes, name: str = "peserta.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def messy_file():
    return messy_csv(
        [
            (1, "Ayu Lestari", _born(20), "p", "0812-3456-7890", "Desa Ngadisari", ""),
            (2, "Bagus Santoso", "31/02/2004", "L", "081234567891", "Ngadisari", "tgl salah"),
            (3, "AYU LESTARI", _born(20), "P", "081234567890", "ngadisari", "dobel"),
            ("", "", "", "", "", "", ""),
            (4, "Citra Dewi", _born(18), "Perempuan", "+62 812 3456 7893", "Bulujaran Lor", ""),
            (5, "Dimas Putra", _born(22), "laki-laki", "081234567894", "Ds. Ngadisari", ""),
        ]
    )


def test_the_organiser_gets_the_pages_report(client, batch, organiser, messy_file):
    response = client.post(
        _url(batch), {"file": _upload(messy_file), "consent": "true"}, **bearer(organiser)
    )
    assert response.status_code == 200
    body = response.json()
    assert [(r["row"], r["result"]) for r in body["rows"]] == [
        (4, "enrolled"),
        (5, "rejected"),
        (6, "duplicate"),
        (7, "blank"),
        (8, "enrolled"),
        (9, "waitlisted"),
    ]
    rows = {r["row"]: r for r in body["rows"]}
    assert rows[5]["reasons"][0].startswith("Tanggal lahir") and rows[5]["label"] == "Ditolak"
    assert "baris 4" in rows[6]["reasons"][0] and rows[4]["name"] == "Ayu Lestari"
    assert body["counts"] == {
        "enrolled": 2,
        "waitlisted": 1,
        "already": 0,
        "rejected": 1,
        "duplicate": 1,
        "blank": 1,
    }
    assert body["line"].startswith("baris 6: terdaftar 2, daftar tunggu 1")
    assert body["ignored_headers"]  # "no" and "Keterangan"
    assert set(Enrolment.objects.filter(batch=batch).values_list("channel", flat=True)) == {
        Channel.IMPORT
    }
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITLISTED).count() == 1
    # The same file again: nobody enrolled twice.
    again = client.post(
        _url(batch), {"file": _upload(messy_file), "consent": "true"}, **bearer(organiser)
    ).json()
    assert again["counts"]["already"] == 3 and Enrolment.objects.count() == 3


def test_an_xlsx_file(client, batch, organiser):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nama", "Tanggal Lahir", "JK", "No HP", "Desa"])
    sheet.append(["Eka Putri", date(date.today().year - 19, 5, 1), "P", 81234567800, "Ngadisari"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        _url(batch),
        {"file": _upload(buffer.getvalue(), "peserta.xlsx"), "consent": "true"},
        **bearer(organiser),
    )
    assert response.status_code == 200
    assert [(r["result"], r["reasons"]) for r in response.json()["rows"]] == [("enrolled", [])]


def test_consent_and_a_readable_file_are_checked_at_their_field(
    client, batch, organiser, messy_file
):
    def errors(response) -> dict:
        assert response.status_code == 422
        return {d["field"]: d["message"] for d in response.json()["error"]["details"]}

    without_consent = client.post(_url(batch), {"file": _upload(messy_file)}, **bearer(organiser))
    assert errors(without_consent)["consent"].startswith("Centang bila")
    no_header = client.post(
        _url(batch),
        {"file": _upload(b"a;b;c\n1;2;3\n"), "consent": "true"},
        **bearer(organiser),
    )
    assert "file" in errors(no_header)
    not_a_sheet = client.post(
        _url(batch),
        {"file": _upload(b"%PDF-1.7 not a list", "peserta.pdf"), "consent": "true"},
        **bearer(organiser),
    )
    assert "file" in errors(not_a_sheet)
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("who", ["trainer", "assessor", "other_organiser", "anonymous"])
def test_only_the_batchs_organisers(client, request, batch, messy_file, who):
    auth = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    response = client.post(_url(batch), {"file": _upload(messy_file), "consent": "true"}, **auth)
    assert response.status_code == (401 if who == "anonymous" else 404)
    assert not Enrolment.objects.exists()
