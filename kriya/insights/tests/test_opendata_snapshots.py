"""The open datasets written to storage by the scheduler's job: the files are what the
live computation published, a re-run changes nothing, a change shows after the next
run, downloads stream the stored file with validators, and the catalogue and the CKAN
API read the snapshots in a constant number of queries."""

import csv
import io
import json
from datetime import UTC, date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.insights import opendata, snapshots
from kriya.insights.models import OpenDataSnapshot
from kriya.insights.tests.downloads import download
from kriya.ops.schedule import JOBS

pytestmark = pytest.mark.django_db

BUSINESSES = "usaha-per-kecamatan-bulan"


# What the views computed per request before the snapshots, kept here as the reference.
def live_csv(dataset) -> bytes:
    head, rows = opendata.table(dataset)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode()


def live_json(dataset, modified) -> bytes:
    head, rows = opendata.table(dataset)
    return json.dumps(
        {
            "metadata": opendata.metadata(dataset, opendata.base_url(), modified),
            "data": [dict(zip(head, row, strict=True)) for row in rows],
        },
        ensure_ascii=False,
        indent=1,
    ).encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A storage folder of this test's own: the files of other tests stay out of it."""
    settings.MEDIA_ROOT = str(tmp_path)


def stored(snapshot, fmt) -> bytes:
    with snapshots.open_file(snapshot, fmt) as fh:
        return fh.read()


@pytest.fixture
def everything(world, make_certificate, make_enrolment, make_event, sell, follow_up):
    """Some rows in every dataset, with small cells and large ones."""
    for _n in range(6):
        world["business"]("35.13.01.2001", created=date(2026, 3, 3))
    b = world["business"]("35.13.20.2001", created=date(2026, 4, 3))
    make_certificate(b, "sni", date(2026, 2, 1), valid_until=date(2099, 1, 1))
    for _n in range(5):
        make_enrolment("35.13.20.2001")
    people = [make_enrolment("35.13.01.2001", completed=date(2026, 2, 11)) for _n in range(6)]
    for i, person in enumerate(people):
        follow_up(person, 3, date(2026, 5, 11), produces=True, sells=i < 2, employs=False)
    event = make_event("35.13.01", starts=date(2026, 3, 2))
    sell(event, b, 0, 250_000)
    return b


def test_the_job_writes_the_files_the_live_computation_published(everything):
    from openpyxl import load_workbook

    assert JOBS["refresh_open_data"].get_task() is not None
    results = snapshots.refresh_all()
    assert set(results) == {d.slug for d in opendata.all_datasets()}
    assert all(results.values())
    for dataset in opendata.all_datasets():
        snapshot = OpenDataSnapshot.objects.get(slug=dataset.slug)
        assert stored(snapshot, "csv") == live_csv(dataset), dataset.slug
        assert stored(snapshot, "json") == live_json(dataset, snapshot.modified_at), dataset.slug
        head, rows = opendata.table(dataset)
        book = load_workbook(io.BytesIO(stored(snapshot, "xlsx")), read_only=True)
        # openpyxl writes an empty text as no cell at all, as the live workbook did.
        expected = [head, *([None if v == "" else v for v in row] for row in rows)]
        assert [list(r) for r in book["data"].values] == expected, dataset.slug
        meta = dict(book["metadata"].values)
        assert meta["lisensi_url"] == opendata.LICENCE_URL
        assert snapshot.rows == len(rows)
        for fmt in opendata.FORMATS:
            assert snapshot.file(fmt)["size"] == len(stored(snapshot, fmt))


def test_small_cells_stay_suppressed_in_the_stored_files(everything):
    snapshots.refresh_all()
    snapshot = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    lines = stored(snapshot, "csv").decode().strip().splitlines()
    assert any(line.endswith(",6,") for line in lines)  # Sukapura: six businesses
    paiton = next(line for line in lines if "35.13.20" in line)
    assert paiton.endswith(",,<5")


def test_re_running_the_job_changes_nothing(everything):
    first = snapshots.refresh_all(now=timezone.now() - timedelta(hours=1))
    assert all(first.values())
    before = {s.slug: (s.files, s.modified_at, s.checksum) for s in OpenDataSnapshot.objects.all()}
    again = snapshots.refresh_all()
    assert not any(again.values())
    after = OpenDataSnapshot.objects.all()
    assert {s.slug: (s.files, s.modified_at, s.checksum) for s in after} == before
    assert all(s.checked_at > s.modified_at for s in after)
    _dirs, names = default_storage.listdir(f"opendata/{BUSINESSES}")
    assert len(names) == 3


def _paiton(client) -> str:
    text = download(client, f"/data/{BUSINESSES}.csv").decode()
    return next(line for line in text.splitlines() if "35.13.20" in line)


def test_a_change_shows_after_the_next_run_and_old_files_go(client, world, everything, monkeypatch):
    snapshots.refresh_all(now=timezone.now() - timedelta(hours=2))
    old = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    for _n in range(5):
        world["business"]("35.13.20.2001", created=date(2026, 4, 3))
    # Until the job runs, the published file is the stored one.
    assert _paiton(client).endswith(",,<5")
    changed = snapshots.refresh_all(now=timezone.now() - timedelta(hours=1))
    assert changed[BUSINESSES] is True
    assert changed["sertifikat-per-skema"] is False
    new = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    assert new.modified_at > old.modified_at and new.checksum != old.checksum
    assert _paiton(client).endswith(",6,")
    # The previous generation is kept for downloads under way; the one before it goes,
    # once older than PRUNE_AFTER (younger, it may be a concurrent refresh's).
    world["business"]("35.13.01.2001", created=date(2026, 5, 3))
    snapshots.refresh_all()
    _dirs, names = default_storage.listdir(f"opendata/{BUSINESSES}")
    assert len(names) == 9
    monkeypatch.setattr(snapshots, "PRUNE_AFTER", timedelta(0))
    world["business"]("35.13.01.2001", created=date(2026, 6, 3))  # a new row
    snapshots.refresh_all()
    _dirs, names = default_storage.listdir(f"opendata/{BUSINESSES}")
    assert len(names) == 6
    latest = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    assert all(f["name"].split("/")[-1] in names for f in latest.files.values())
    for gone in (old, new):
        assert not any(f["name"].split("/")[-1] in names for f in gone.files.values())


def test_download_streams_the_stored_file_with_validators(client, everything):
    snapshots.refresh_all()
    snapshot = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    response = client.get(f"/data/{BUSINESSES}.xlsx")
    assert response.streaming and response.status_code == 200
    assert response["ETag"] == f'"{snapshot.file("xlsx")["sha256"][:32]}"'
    assert response["Last-Modified"]
    assert response["Cache-Control"].startswith("public, max-age=0, must-revalidate")
    assert response["Content-Length"] == str(snapshot.file("xlsx")["size"])
    assert "attachment" in response["Content-Disposition"]
    again = client.get(f"/data/{BUSINESSES}.xlsx", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(f"/data/{BUSINESSES}.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_fresh_install_builds_the_missing_snapshot_on_first_request(client, everything):
    assert not OpenDataSnapshot.objects.exists()
    assert client.get(f"/data/{BUSINESSES}/").status_code == 200
    assert OpenDataSnapshot.objects.filter(slug=BUSINESSES).exists()
    catalogue = client.get("/data/catalog.jsonld").json()
    assert len(catalogue["dcat:dataset"]) == len(opendata.all_datasets())
    assert OpenDataSnapshot.objects.count() == len(opendata.all_datasets())


def _queries(client, path, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == 200, path
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/data/catalog.jsonld", None),
        ("/api/3/action/package_show", {"id": BUSINESSES}),
        ("/api/3/action/package_search", {"rows": 100}),
        ("/data/", None),
        (f"/data/{BUSINESSES}/", None),
    ],
)
def test_catalogue_and_ckan_read_the_snapshots_in_constant_queries(
    client, world, everything, path, params
):
    from kriya.core import pagecache

    snapshots.refresh_all()
    few = _queries(client, path, params)
    for _n in range(20):
        world["business"]("35.13.20.2001", created=date(2025, 1, 3))
    snapshots.refresh_all()
    pagecache.clear()
    many = _queries(client, path, params)
    assert len(many) == len(few) == 1
    assert "insights_opendatasnapshot" in many[0]


def test_catalogue_says_when_the_data_was_refreshed(client, everything):
    from pyld import jsonld

    moment = timezone.now() - timedelta(days=3)
    snapshots.refresh_all(now=moment)
    doc = client.get("/data/catalog.jsonld").json()
    expanded = jsonld.expand(doc)
    dct = "http://purl.org/dc/terms/"
    dcat = "http://www.w3.org/ns/dcat#"
    dataset = next(
        d for d in expanded[0][dcat + "dataset"] if d[dct + "identifier"][0]["@value"] == BUSINESSES
    )
    modified = dataset[dct + "modified"][0]["@value"]
    assert modified == timezone.localtime(moment).isoformat(timespec="seconds")
    temporal = dataset[dct + "temporal"][0]
    assert temporal[dcat + "startDate"][0]["@value"] == "2026-03-01"
    assert temporal[dcat + "endDate"][0]["@value"] == "2026-04-30"
    snapshot = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    sizes = {d[dcat + "byteSize"][0]["@value"] for d in dataset[dcat + "distribution"]}
    assert sizes == {str(f["size"]) for f in snapshot.files.values()}
    package = client.get("/api/3/action/package_show", {"id": BUSINESSES}).json()["result"]
    utc = moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat()
    assert package["metadata_modified"][:19] == utc
    assert {r["hash"] for r in package["resources"]} == {
        "sha256:" + f["sha256"] for f in snapshot.files.values()
    }


def test_the_command_refreshes_the_datasets_for_operators(everything):
    out = io.StringIO()
    call_command("refresh_open_data", BUSINESSES, stdout=out)
    assert f"{BUSINESSES}: written" in out.getvalue()
    assert OpenDataSnapshot.objects.count() == 1
    out = io.StringIO()
    call_command("refresh_open_data", stdout=out)
    assert f"{BUSINESSES}: unchanged" in out.getvalue()
    assert OpenDataSnapshot.objects.count() == len(opendata.all_datasets())


def test_the_api_lists_the_datasets_from_their_snapshots(client, world, everything, make_user):
    snapshots.refresh_all()
    few = _api_queries(client)
    for _n in range(7):
        world["business"]("35.13.20.2001", created=date(2025, 1, 3))
    snapshots.refresh_all()
    many = _api_queries(client)
    assert len(many) == len(few) == 1  # the snapshots, whatever the data
    listing = client.get("/api/v1/insights/datasets").json()
    assert [d["dataset"] for d in listing] == [d.slug for d in opendata.all_datasets()]
    one = client.get(f"/api/v1/insights/datasets/{BUSINESSES}").json()
    snapshot = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    assert one["rows"] == snapshot.rows and one["suppressed"] is True
    assert {d["format"]: d["sha256"] for d in one["distributions"]} == {
        fmt: f["sha256"] for fmt, f in snapshot.files.items()
    }
    assert one["columns"][0]["name"] == "kode_kabupaten"
    assert client.get("/api/v1/insights/datasets/rahasia").status_code == 422
    # Public as the pages: the same answer signed in as anyone.
    client.force_login(make_user("siapa@saja.test"))
    assert client.get(f"/api/v1/insights/datasets/{BUSINESSES}").json() == one


def _api_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/insights/datasets").status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "insights_" in q["sql"]]


def test_a_file_lost_by_the_storage_is_written_again(client, everything):
    snapshots.refresh_all()
    snapshot = OpenDataSnapshot.objects.get(slug=BUSINESSES)
    default_storage.delete(snapshot.file("csv")["name"])
    assert download(client, f"/data/{BUSINESSES}.csv") == live_csv(opendata.get(BUSINESSES))
    assert default_storage.exists(snapshot.file("csv")["name"])
