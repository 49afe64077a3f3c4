"""The workspace overview: charts of the businesses by district, sector, verification
status and month, each equal to its table and its CSV, in the officer's regency only."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.registry.models import Business

from .factories import make_business

URL = "/kabupaten/ringkasan/"


@pytest.fixture
def spread(regions, owner, other_owner, officer):
    """Four businesses of Kabupaten Probolinggo (two districts, two sectors, three
    statuses, registered in two months) and two of Kota Probolinggo."""
    made = [
        make_business(owner, name="Batik Paiton", status="submitted"),
        make_business(owner, name="Batik Paiton 2", status="verified", officer=officer),
        make_business(
            owner,
            name="Tenun Sukapura",
            village_id="35.13.01.2001",
            sector="tenun",
            status="verified",
            officer=officer,
        ),
        make_business(owner, name="Tenun Sukapura 2", village_id="35.13.01.2001", sector="tenun"),
        make_business(other_owner, name="Batik Kota", village_id="35.74.01.1001"),
        make_business(other_owner, name="Tenun Kota", village_id="35.74.01.1001", sector="tenun"),
    ]
    # One of Paiton registered two months ago.
    now = timezone.localtime()
    earlier = now.replace(day=1) - timezone.timedelta(days=40)
    Business.objects.filter(pk=made[0].pk).update(created_at=earlier)
    return {"made": made, "earlier": earlier, "now": now}


def table_of(chart) -> dict:
    return {label: values for label, values in chart.rows}


def read_csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_the_officer_sees_the_counts_of_their_regency(client, officer, spread):
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == 200
    charts = response.context["charts"]
    assert table_of(charts["district"]) == {"Paiton": ["2"], "Sukapura": ["2"]}
    assert charts["district"].footer_row == ("Jumlah", ["4"])
    assert table_of(charts["sector"]) == {"Batik": ["2"], "Tenun": ["2"]}
    status = table_of(charts["status"])
    assert (status["Draf"], status["Menunggu verifikasi"], status["Terverifikasi"]) == (
        ["1"],
        ["1"],
        ["2"],
    )
    growth = charts["growth"]
    assert growth.series[0].values[-1] == 3  # three registered this month
    assert sum(growth.series[0].values) == 4
    assert growth.series[1].values[-1] == 4  # four on record at the end of this month
    month_label = growth.labels[-1]
    assert month_label.endswith(str(spread["now"].year))


def test_chart_data_equals_table_and_csv(client, officer, spread):
    client.force_login(officer)
    response = client.get(URL)
    page = response.content.decode()
    for key, chart in response.context["charts"].items():
        data = chart.data
        assert data["labels"] == list(chart.labels)
        # the drawn series are the table's columns, value for value
        drawn = [s for s in chart.series if s.plot]
        assert [d["data"] for d in data["datasets"]] == [list(s.values) for s in drawn]
        rows = read_csv(client.get(URL, {"unduh": chart.key}))
        assert rows[0] == chart.header
        assert [r[0] for r in rows[1 : 1 + len(chart.labels)]] == list(chart.labels)
        for series_index, series in enumerate(chart.series, start=1):
            assert [r[series_index] for r in rows[1 : 1 + len(chart.labels)]] == [
                str(v) for v in series.values
            ], key
        # the page carries the same data for the drawing, and the same table
        assert f'id="chart-{chart.key}-data"' in page
        for label, values in chart.rows:
            cells = "".join(f'<td class="num">{v}</td>' for v in values)
            assert f'<th scope="row">{label}</th>{cells}' in page


def test_csv_of_the_district_chart(client, officer, spread):
    client.force_login(officer)
    response = client.get(URL, {"unduh": "usaha-per-kecamatan"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="usaha-per-kecamatan-')
    assert read_csv(response) == [
        ["Kecamatan", "Usaha"],
        ["Paiton", "2"],
        ["Sukapura", "2"],
        ["Jumlah", "4"],
    ]


def test_the_csv_keeps_the_filters_of_the_page(client, officer, spread):
    client.force_login(officer)
    rows = read_csv(client.get(URL, {"sector": "tenun", "unduh": "usaha-per-kecamatan"}))
    assert rows == [["Kecamatan", "Usaha"], ["Sukapura", "2"], ["Jumlah", "2"]]


def test_another_regencys_officer_gets_only_their_own_figures(client, other_officer, spread):
    client.force_login(other_officer)
    rows = read_csv(client.get(URL, {"unduh": "usaha-per-kecamatan"}))
    assert rows == [["Kecamatan", "Usaha"], ["Mayangan", "2"], ["Jumlah", "2"]]
    # and cannot ask for the other regency through the filter
    response = client.get(URL, {"regency": "35.13", "unduh": "usaha-per-kecamatan"})
    assert read_csv(response) == [["Kecamatan", "Usaha"], ["Mayangan", "2"], ["Jumlah", "2"]]


def test_agency_staff_see_every_regency(client, desk, spread):
    client.force_login(desk)
    rows = read_csv(client.get(URL, {"unduh": "usaha-per-kecamatan"}))
    assert rows[-1] == ["Jumlah", "6"]


@pytest.mark.parametrize("query", [{}, {"unduh": "usaha-per-kecamatan"}])
def test_an_owner_may_not_open_the_overview_or_its_csv(client, owner, spread, query):
    client.force_login(owner)
    assert client.get(URL, query).status_code == 403


@pytest.mark.parametrize("query", [{}, {"unduh": "usaha-per-kecamatan"}])
def test_anonymous_is_sent_to_log_in(client, spread, query):
    response = client.get(URL, query)
    assert response.status_code == 302 and "/akun/" in response["Location"]


def test_an_unknown_chart_is_not_found(client, officer, spread):
    client.force_login(officer)
    assert client.get(URL, {"unduh": "tidak-ada"}).status_code == 404


def test_the_overview_runs_a_fixed_number_of_queries(client, officer, spread, owner):
    client.force_login(officer)
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for i in range(6):
        make_business(
            owner, name=f"Batik {i}", sector="kayu" if i % 2 else "batik", status="submitted"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) <= 12


def test_an_empty_workspace_says_so(client, officer, regions):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "Belum ada data." in page
    assert 'class="chart-area' not in page  # nothing to draw, only the empty table
