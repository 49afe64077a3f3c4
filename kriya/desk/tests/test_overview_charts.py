"""The head's overview as charts: requests per service and state, lead time against the
standard, and the satisfaction index; each chart equal to its table and its CSV, the CSV
behind the page's own access check, and a fixed number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.desk.models import SURVEY_FIELDS, ServiceRequest, SurveyResponse

URL = "/permohonan/ringkasan/"


@pytest.fixture
def seeded(make_request, free_service, owner):
    """Testing (standard 5 days): one late in review, one submitted, three completed
    this year in 2, 4 and 9 working days, one rejected; consulting: one submitted.
    Two surveys of testing (all 4s, all 3s)."""
    now = timezone.now()
    make_request("in_review", standard_days=2, clock_days_used=5)
    make_request("submitted")
    done = [make_request("completed", clock_days_used=days, completed_at=now) for days in (2, 4, 9)]
    make_request("rejected")
    make_request("submitted", service=free_service)
    make_request("draft")
    for request, score in zip(done, (4, 3), strict=False):
        SurveyResponse.objects.create(
            request=request,
            service=request.service,
            respondent=owner,
            **dict.fromkeys(SURVEY_FIELDS, score),
        )
    return done


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def table(chart) -> dict:
    return dict(chart.rows)


def test_requests_per_service_and_state(client, head, seeded):
    client.force_login(head)
    charts = client.get(URL).context["charts"]
    services = table(charts["services"])
    # open within the standard, overdue, completed, rejected or cancelled
    assert services["Pengujian"] == ["1", "1", "3", "1"]
    assert services["Konsultansi"] == ["1", "0", "0", "0"]
    assert charts["services"].footer_row == ("Jumlah", ["2", "1", "3", "1"])
    states = table(charts["status"])
    assert states["Diajukan"] == ["2"] and states["Diperiksa"] == ["1"]
    assert states["Selesai"] == ["3"] and states["Ditolak"] == ["1"]
    assert "Draf" not in states
    assert charts["status"].footer_row == ("Jumlah", ["7"])


def test_lead_time_median_and_90th_percentile_against_the_standard(client, head, seeded):
    client.force_login(head)
    charts = client.get(URL).context["charts"]
    lead = table(charts["lead_time"])
    # median of 2, 4, 9 = 4; nearest-rank 90th percentile = 9; standard 5; 3 completed
    assert lead["Pengujian"] == ["4,0", "9", "5", "3"]
    assert lead["Konsultansi"] == ["—", "—", "3", "0"]


def test_satisfaction_index_and_elements(client, head, seeded):
    client.force_login(head)
    charts = client.get(URL).context["charts"]
    ikm = table(charts["ikm"])
    assert ikm["Pengujian"] == ["87,50", "2", "B (Baik)"]
    assert charts["ikm"].footer_row == ("Semua layanan", ["87,50", "2", "B (Baik)"])
    elements = charts["elements"]
    assert [v for _label, [v] in elements.rows] == ["3,50"] * 9


def test_every_chart_equals_its_table_and_its_csv(client, head, seeded):
    client.force_login(head)
    response = client.get(URL)
    page = response.content.decode()
    for chart in response.context["charts"].values():
        drawn = [s for s in chart.series if s.plot]
        assert chart.data["labels"] == list(chart.labels)
        assert [d["data"] for d in chart.data["datasets"]] == [list(s.values) for s in drawn]
        rows = read_csv(client.get(URL, {"unduh": chart.key}))
        assert rows[0] == chart.header
        body = rows[1 : 1 + len(chart.labels)]
        assert [r[0] for r in body] == list(chart.labels)
        for i, series in enumerate(chart.series, start=1):
            assert [r[i] for r in body] == ["" if v is None else str(v) for v in series.values]
        assert f'id="chart-{chart.key}-data"' in page or chart.is_empty
        for label, values in chart.rows:
            cells = "".join(f'<td class="num">{v}</td>' for v in values)
            assert f'<th scope="row">{label}</th>{cells}' in page


def test_the_csv_of_a_chart(client, desk, seeded):
    client.force_login(desk)
    response = client.get(URL, {"unduh": "permohonan-per-layanan"})
    assert response["Content-Disposition"].startswith(
        'attachment; filename="permohonan-per-layanan-'
    )
    assert read_csv(response) == [
        [
            "Layanan",
            "Terbuka, dalam standar",
            "Melewati standar",
            "Selesai",
            "Ditolak atau dibatalkan",
        ],
        ["Konsultansi", "1", "0", "0", "0"],  # the catalogue's order (position, code)
        ["Pengujian", "1", "1", "3", "1"],
        ["Jumlah", "2", "1", "3", "1"],
    ]


def test_the_csv_follows_the_period(client, head, seeded):
    client.force_login(head)
    last_year = str(timezone.localdate().year - 1)
    rows = read_csv(client.get(URL, {"periode": last_year, "unduh": "ikm-per-layanan"}))
    assert rows[2] == ["Pengujian", "", "0", ""]


@pytest.mark.parametrize("name", ["owner", "officer", "other_officer", "analyst"])
def test_the_csv_is_refused_to_whoever_may_not_see_the_overview(name, client, personas, seeded):
    client.force_login(personas[name])
    assert client.get(URL, {"unduh": "permohonan-per-layanan"}).status_code == 403


def test_anonymous_is_sent_to_log_in_for_the_csv(client, seeded):
    response = client.get(URL, {"unduh": "permohonan-per-layanan"})
    assert response.status_code == 302


def test_an_unknown_chart_is_not_found(client, head, seeded):
    client.force_login(head)
    assert client.get(URL, {"unduh": "semua"}).status_code == 404


def test_the_overview_runs_a_fixed_number_of_queries(client, head, seeded, make_request):
    client.force_login(head)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    now = timezone.now()
    for days in range(8):
        make_request("completed", clock_days_used=days, completed_at=now)
        make_request("in_progress", standard_days=1, clock_days_used=3)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few) <= 15
    assert ServiceRequest.objects.count() > 20


def test_in_english_the_words_change_and_the_numbers_stay_indonesian(client, head, seeded):
    client.cookies["django_language"] = "en"
    client.force_login(head)
    response = client.get(URL)
    page = response.content.decode()
    assert "Requests per service" in page and "Data table" in page and "Download CSV" in page
    lead = dict(response.context["charts"]["lead_time"].rows)
    assert lead["Testing"] == ["4,0", "9", "5", "3"]
    rows = read_csv(client.get(URL, {"unduh": "waktu-penyelesaian"}))
    assert rows[0] == [
        "Services",
        "Median",
        "90th percentile",
        "Service standard",
        "Completed requests",
    ]
