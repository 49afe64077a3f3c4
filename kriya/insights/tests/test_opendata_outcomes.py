"""The training outcomes dataset: follow-up answers per district of residence, semester
of the answer (WIB) and round; each answer once; counts of 1–4 suppressed, and a count
whose complement in its row is 1–4 too."""

import json
from datetime import date

import pytest

from kriya.insights import opendata, snapshots
from kriya.insights.tests.downloads import download

pytestmark = pytest.mark.django_db

OUTCOMES = "hasil-pelatihan-per-kecamatan-semester"


def rows_of(client) -> dict:
    snapshots.refresh_all()
    data = json.loads(download(client, f"/data/{OUTCOMES}.json"))
    return {(r["kode_kecamatan"], r["semester"], r["putaran"]): r for r in data["data"]}


@pytest.fixture
def answers(make_enrolment, follow_up):
    sukapura = [make_enrolment("35.13.01.2001", completed=date(2026, 2, 11)) for _n in range(6)]
    for i, person in enumerate(sukapura):
        follow_up(
            person,
            3,
            date(2026, 5, 11),
            produces=True,
            sells=i < 2,
            employs=False,
            turnover="up" if i < 5 else "same",
        )
    # Round 6 of five of them: on 1 July 06:00 WIB (still 30 June in UTC), semester 2.
    for i, person in enumerate(sukapura[:5]):
        follow_up(person, 6, date(2026, 7, 1), hour=6, produces=False, sells=i < 4)
    follow_up(sukapura[5], 6, date(2026, 8, 1), answered=False)  # sent, not answered
    paiton = [make_enrolment("35.13.20.2001", completed=date(2026, 2, 11)) for _n in range(3)]
    for person in paiton:
        follow_up(person, 3, date(2026, 5, 12), produces=True)
    return sukapura


def test_each_answer_counts_once_in_its_round_semester_and_district(client, answers):
    rows = rows_of(client)
    assert set(rows) == {
        ("35.13.01", "2026-S1", 3),
        ("35.13.01", "2026-S2", 6),
        ("35.13.20", "2026-S1", 3),
    }
    three = rows[("35.13.01", "2026-S1", 3)]
    assert three["kode_kabupaten"] == "35.13" and three["nama_kecamatan"] == "Sukapura"
    assert three["jumlah"] == 6
    assert three["memproduksi"] == 6
    assert three["mempekerjakan"] == 0
    assert three["hasil_positif"] == 6
    # Answered 1 July 06:00 WIB: the second semester; the unanswered round is not counted.
    assert rows[("35.13.01", "2026-S2", 6)]["jumlah"] == 5


def test_small_counts_and_small_complements_are_suppressed(client, answers):
    rows = rows_of(client)
    three = rows[("35.13.01", "2026-S1", 3)]
    # Two of six sell: a small cell; five of six turnover up: one did not, also small.
    assert three["menjual"] is None and three["keterangan"] == "<5"
    six = rows[("35.13.01", "2026-S2", 6)]
    assert six["menjual"] is None  # four of five sell, one does not
    assert six["memproduksi"] == 0  # zero is not a small cell; five "no" are not either
    assert six["hasil_positif"] is None  # four positive of five
    paiton = rows[("35.13.20", "2026-S1", 3)]
    assert paiton["jumlah"] is None and paiton["keterangan"] == "<5"
    assert all(paiton[c] is None for c in ("memproduksi", "menjual", "hasil_positif"))
    csv = download(client, f"/data/{OUTCOMES}.csv").decode()
    assert "Peserta " not in csv


def test_the_complement_rule(client, answers):
    rows = rows_of(client)
    three = rows[("35.13.01", "2026-S1", 3)]
    # 5 of 6 with a higher turnover leaves 1 who has not: suppressed.
    assert three["omzet_naik"] is None
    assert three["memproduksi"] == 6 and three["hasil_positif"] == 6  # 0 left: shown


def test_the_dataset_carries_its_metadata_and_is_in_the_catalogue(client, answers):
    dataset = opendata.get(OUTCOMES)
    assert dataset.frequency == "semesteran" and dataset.suppressed
    names = [c.name for c in dataset.columns]
    assert names[:5] == [
        "kode_kabupaten",
        "nama_kabupaten",
        "kode_kecamatan",
        "nama_kecamatan",
        "semester",
    ]
    snapshots.refresh_all()
    data = json.loads(download(client, f"/data/{OUTCOMES}.json"))
    meta = data["metadata"]
    assert meta["lisensi_url"] == opendata.LICENCE_URL
    assert meta["kode_wilayah"] == opendata.REGION_CODES
    assert [c["kolom"] for c in meta["standar_data"]] == names
    catalogue = client.get("/data/catalog.jsonld").json()
    found = next(d for d in catalogue["dcat:dataset"] if d["dct:identifier"] == OUTCOMES)
    assert found["dct:accrualPeriodicity"]["@id"].endswith("/ANNUAL_2")
    assert found["dct:temporal"]["dcat:startDate"]["@value"] == "2026-01-01"
    assert found["dct:temporal"]["dcat:endDate"]["@value"] == "2026-12-31"
    assert OUTCOMES in client.get("/api/3/action/package_list").json()["result"]
    assert "CC BY 4.0" in client.get(f"/data/{OUTCOMES}/").content.decode()
