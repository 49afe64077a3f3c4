"""Open data: datasets in three formats with metadata, small-cell suppression, the DCAT
catalogue parsed with a JSON-LD processor, and a CKAN-style harvest."""

import io
import json
from datetime import date

import pytest

from kriya.insights import opendata
from kriya.insights.tests.downloads import download

pytestmark = pytest.mark.django_db


def test_suppression_rule():
    assert [opendata.suppress(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


@pytest.fixture
def businesses(world):
    for _n in range(5):
        world["business"]("35.13.01.2001", created=date(2026, 3, 3))
    for _n in range(2):
        world["business"]("35.13.20.2001", created=date(2026, 3, 3))


def test_counts_below_five_are_suppressed_in_every_format(client, businesses):
    csv = download(client, "/data/usaha-per-kecamatan-bulan.csv").decode()
    lines = csv.strip().splitlines()
    assert lines[0].startswith("kode_kabupaten,")
    sukapura = next(line for line in lines if "35.13.01" in line)
    paiton = next(line for line in lines if "35.13.20" in line)
    assert sukapura.endswith(",5,")
    assert paiton.endswith(",,<5") and ",2," not in paiton
    data = json.loads(download(client, "/data/usaha-per-kecamatan-bulan.json"))
    counts = {r["kode_kecamatan"]: (r["jumlah"], r["keterangan"]) for r in data["data"]}
    assert counts == {"35.13.01": (5, ""), "35.13.20": (None, "<5")}
    assert data["metadata"]["lisensi_url"] == opendata.LICENCE_URL
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(download(client, "/data/usaha-per-kecamatan-bulan.xlsx")))
    rows = list(book["data"].values)
    assert rows[0][0] == "kode_kabupaten"
    assert sorted((r[2], r[-2]) for r in rows[1:]) == [("35.13.01", 5), ("35.13.20", None)]
    assert "metadata" in book.sheetnames


def test_no_business_is_identifiable_in_aggregates(client, businesses):
    for slug in ("usaha-per-kecamatan-bulan", "sertifikat-per-skema"):
        text = download(client, f"/data/{slug}.csv").decode()
        assert "Usaha " not in text and "Pemilik" not in text


def test_pages_are_public_and_cached(client, businesses):
    response = client.get("/data/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    page = client.get("/data/usaha-per-kecamatan-bulan/")
    assert page.status_code == 200
    assert "CC BY 4.0" in page.content.decode()
    assert client.get("/data/tidak-ada/").status_code == 404
    assert client.get("/data/tidak-ada.csv").status_code == 404


def test_dcat_catalogue_parses_as_json_ld(client, businesses):
    from pyld import jsonld

    response = client.get("/data/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    doc = json.loads(response.content)
    expanded = jsonld.expand(doc)
    dcat = "http://www.w3.org/ns/dcat#"
    dct = "http://purl.org/dc/terms/"
    catalog = expanded[0]
    assert catalog["@type"] == [dcat + "Catalog"]
    assert catalog[dct + "publisher"][0]["@id"].endswith("#penerbit")
    datasets = catalog[dcat + "dataset"]
    assert len(datasets) == len(opendata.all_datasets())
    for dataset in datasets:
        assert dataset["@type"] == [dcat + "Dataset"]
        for key in ("title", "publisher", "modified", "spatial", "temporal", "license"):
            assert dct + key in dataset, key
        distributions = dataset[dcat + "distribution"]
        assert {d[dct + "format"][0]["@value"] for d in distributions} == {"CSV", "JSON", "XLSX"}
        for d in distributions:
            assert d["@type"] == [dcat + "Distribution"]
            url = d[dcat + "downloadURL"][0]["@id"]
            path = url.split("//", 1)[1].split("/", 1)[1]
            assert client.get("/" + path).status_code == 200
    flat = jsonld.flatten(doc)
    assert any(dcat + "Distribution" in n.get("@type", []) for n in flat)


def test_ckan_harvest_of_every_dataset(client, businesses):
    listing = client.get("/api/3/action/package_list").json()
    assert listing["success"] is True
    names = listing["result"]
    assert set(names) == {d.slug for d in opendata.all_datasets()}
    for name in names:
        package = client.get("/api/3/action/package_show", {"id": name}).json()
        assert package["success"] is True
        result = package["result"]
        assert result["name"] == name and result["license_id"] == "cc-by"
        assert result["metadata_modified"] and result["title"]
        assert len(result["resources"]) == 3
        for resource in result["resources"]:
            path = "/" + resource["url"].split("//", 1)[1].split("/", 1)[1]
            got = client.get(path)
            assert got.status_code == 200, path
            assert got["Content-Type"].startswith(resource["mimetype"])
    # a harvester pages through package_search
    seen, start = [], 0
    while True:
        page = client.get("/api/3/action/package_search", {"rows": 1, "start": start}).json()
        assert page["success"] and page["result"]["count"] == len(names)
        if not page["result"]["results"]:
            break
        seen += [p["name"] for p in page["result"]["results"]]
        start += 1
    assert sorted(seen) == sorted(names)
    found = client.get("/api/3/action/package_search", {"q": "sertifikat"}).json()
    assert found["result"]["count"] >= 1
    missing = client.get("/api/3/action/package_show", {"id": "tidak-ada"})
    assert missing.status_code == 404 and missing.json()["success"] is False


def test_directory_lists_certified_products(client, world, make_certificate):
    b = world["business"]("35.13.01.2001")
    c = make_certificate(b, "sni", date(2026, 2, 1), valid_until=date(2099, 1, 1))
    text = download(client, "/data/direktori-produk-bersertifikat.csv").decode()
    assert c.number in text and "Sukapura" in text
