"""The training and events open datasets: counts below five suppressed (and the turnover
of fewer than five exhibitors with them), in the catalogue and the CKAN API."""

import json
from datetime import date

import pytest

from kriya.insights.tests.downloads import download

pytestmark = pytest.mark.django_db

TRAINING = "pelatihan-per-kecamatan-bulan"
EVENTS = "omzet-acara-per-kecamatan-bulan"


def test_participants_per_district_month_and_gender_are_suppressed_below_five(
    client, make_enrolment
):
    for _n in range(5):
        make_enrolment("35.13.20.2001", gender="female")
    for _n in range(2):
        make_enrolment("35.13.20.2001", gender="male")
    make_enrolment("35.13.20.2001", batch_status="open")  # not trained
    data = json.loads(download(client, f"/data/{TRAINING}.json"))
    rows = {r["jenis_kelamin"]: r for r in data["data"]}
    assert rows["female"]["jumlah"] == 5 and rows["female"]["keterangan"] == ""
    assert rows["male"]["jumlah"] is None and rows["male"]["keterangan"] == "<5"
    assert rows["female"]["bulan"] == "2026-02" and rows["female"]["kode_kecamatan"] == "35.13.20"
    csv = download(client, f"/data/{TRAINING}.csv").decode()
    assert "Peserta " not in csv and ",2," not in csv


def test_turnover_of_fewer_than_five_exhibitors_is_suppressed_with_their_count(
    client, world, make_event, sell
):
    big = make_event("35.13.01", starts=date(2026, 3, 2))
    for n in range(5):
        sell(big, world["business"]("35.13.01.2001"), 0, 100_000 * (n + 1))
    small = make_event("35.13.20", starts=date(2026, 3, 2))
    for _n in range(2):
        sell(small, world["business"]("35.13.20.2001"), 0, 777_000)
    data = json.loads(download(client, f"/data/{EVENTS}.json"))
    rows = {r["kode_kecamatan"]: r for r in data["data"]}
    assert rows["35.13.01"]["jumlah"] == 5 and rows["35.13.01"]["omzet"] == 1_500_000
    small_row = rows["35.13.20"]
    assert small_row["jumlah"] is None and small_row["omzet"] is None
    assert small_row["transaksi"] is None and small_row["keterangan"] == "<5"
    assert "777000" not in download(client, f"/data/{EVENTS}.csv").decode()
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download(client, f"/data/{EVENTS}.xlsx")))
    assert 1554000 not in [cell for row in book["data"].values for cell in row]


def test_both_datasets_are_in_the_catalogue_and_the_ckan_api(client):
    catalogue = client.get("/data/catalog.jsonld").json()
    pages = [d["dcat:landingPage"]["@id"] for d in catalogue["dcat:dataset"]]
    assert any(TRAINING in p for p in pages) and any(EVENTS in p for p in pages)
    names = client.get("/api/3/action/package_list").json()["result"]
    assert TRAINING in names and EVENTS in names
    package = client.get("/api/3/action/package_show", {"id": EVENTS}).json()["result"]
    assert {r["format"] for r in package["resources"]} == {"CSV", "JSON", "XLSX"}
    assert client.get(f"/data/{TRAINING}/").status_code == 200
