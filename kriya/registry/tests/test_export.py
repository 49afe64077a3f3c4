"""Export of the filtered list to CSV and XLSX: the same rows as the page."""

import csv
import io

import pytest
from openpyxl import load_workbook

from kriya.core.models import AuditEvent

from .factories import make_business


@pytest.fixture
def listed(regions, owner, other_owner, officer):
    make_business(
        owner,
        name='=HYPERLINK("http://x")',
        owner_name="Siti",
        phone="+6281234567890",
        kbli=["13134", "13132"],
        capital=25_000_000,
        annual_sales=150_000_000,
        status="verified",
        officer=officer,
    )
    make_business(owner, name="Tenun Sukapura", village_id="35.13.01.2001", sector="tenun")
    make_business(other_owner, name="Batik Kota", village_id="35.74.01.1001")


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_csv_has_the_filtered_rows_of_the_officers_regency(client, officer, listed):
    client.force_login(officer)
    response = client.get("/kabupaten/usaha/ekspor.csv", {"sector": "batik"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="usaha-')
    header, *rows = read_csv(response)
    assert header[:4] == ["NIB", "Nama usaha", "Bentuk usaha", "Nama pemilik"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Nama usaha"] == '\'=HYPERLINK("http://x")'  # never run as a formula
    assert row["No HP"] == "+6281234567890"
    assert row["KBLI"] == "13134, 13132"
    assert (row["Desa/Kelurahan"], row["Kecamatan"]) == ("Bulujaran Lor", "Paiton")
    assert (row["Modal usaha (Rp)"], row["Omzet per tahun (Rp)"]) == ("25000000", "150000000")
    assert (row["Kelas usaha"], row["Status"]) == ("Mikro", "Terverifikasi")


def test_csv_without_filters_has_every_business_of_the_regency_only(client, officer, listed):
    client.force_login(officer)
    _header, *rows = read_csv(client.get("/kabupaten/usaha/ekspor.csv"))
    assert sorted(r[1] for r in rows) == ['\'=HYPERLINK("http://x")', "Tenun Sukapura"]


def test_xlsx_has_the_same_rows(client, officer, listed):
    client.force_login(officer)
    response = client.get("/kabupaten/usaha/ekspor.xlsx", {"district": "35.13.01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Nama usaha"
    assert [r[1] for r in rows[1:]] == ["Tenun Sukapura"]


def test_xlsx_never_holds_a_formula(client, officer, listed):
    client.force_login(officer)
    response = client.get("/kabupaten/usaha/ekspor.xlsx", {"sector": "batik"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_exports_are_recorded(client, officer, listed):
    client.force_login(officer)
    client.get("/kabupaten/usaha/ekspor.csv", {"sector": "batik"})
    event = AuditEvent.objects.get(verb="business.exported")
    assert event.actor == officer
    assert event.data == {"format": "csv", "filters": {"sector": "batik"}, "count": 1}


def test_other_regency_officer_exports_none_of_these(client, other_officer, listed):
    client.force_login(other_officer)
    _header, *rows = read_csv(client.get("/kabupaten/usaha/ekspor.csv"))
    assert [r[1] for r in rows] == ["Batik Kota"]
