"""The training and events dashboards (registered by those apps): figures, scoping per
role in page, CSV and API, and constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

API = "/api/v1/insights"


@pytest.fixture
def people(make_enrolment):
    done = {"status": "completed", "completed": date(2026, 2, 12)}
    make_enrolment("35.13.01.2001", age=18, competent=True, **done)
    make_enrolment("35.13.20.2001", age=35, gender="male", **done)
    make_enrolment("35.13.20.2001", age=52)
    make_enrolment("35.74.01.1001", age=25)  # Kota Probolinggo


@pytest.fixture
def outcomes(make_enrolment, follow_up):
    done = {"status": "completed", "completed": date(2025, 11, 10), "starts": date(2025, 11, 3)}
    woman = make_enrolment("35.13.01.2001", age=22, **done)
    follow_up(woman, 3, date(2026, 2, 10), sells=True)
    follow_up(woman, 6, date(2026, 5, 10), turnover="same", produces=False)
    man = make_enrolment("35.13.20.2001", age=40, gender="male", **done)
    follow_up(man, 3, date(2026, 2, 10), turnover="up")
    follow_up(man, 12, date(2026, 5, 10), answered=False, sells=True)  # not answered
    old = make_enrolment("35.13.20.2001", age=40, **done)
    follow_up(old, 3, date(2025, 12, 10), sells=True)  # answered before the period
    kota = make_enrolment("35.74.01.1001", age=25, **done)
    follow_up(kota, 12, date(2026, 3, 10), produces=True)
    follow_up(kota, 6, date(2026, 1, 10), produces=False)


@pytest.fixture
def fairs(world, make_event, sell):
    fair = make_event("35.13.01", starts=date(2026, 3, 2), name="Pameran Sukapura")
    sell(fair, world["business"]("35.13.01.2001"), 0, 1_500_000)
    kota = make_event("35.74.01", starts=date(2026, 3, 2), name="Festival Mayangan")
    sell(kota, world["business"]("35.74.01.1001"), 0, 9_000_000)
    old = make_event("35.13.01", starts=date(2024, 8, 1), name="Pameran lama")
    sell(old, world["business"]("35.13.01.2001"), 1, 300_000)


def _csv(client, key, chart, params=""):
    url = reverse("insights:dashboard", args=[key])
    response = client.get(f"{url}?periode=2026&unduh={chart}{params}")
    assert response.status_code == 200
    return response.content.decode()


def test_training_dashboard_counts_by_age_group_gender_and_step(client, head, people):
    client.force_login(head)
    page = client.get(reverse("insights:dashboard", args=["pelatihan"]) + "?periode=2026")
    assert page.status_code == 200 and "Tabel data" in page.content.decode()
    ages = _csv(client, "pelatihan", "peserta-per-usia", "&kabupaten=35.13")
    assert "< 20,1,0" in ages and "30–39,0,1" in ages and "≥ 50,1,0" in ages
    steps = _csv(client, "pelatihan", "kelulusan", "&kabupaten=35.13")
    assert "Dilatih,2,1,1" in steps and "Lulus,1,1,1" in steps and "Kompeten,1,0,1" in steps
    districts = _csv(client, "pelatihan", "peserta-per-kecamatan", "&kabupaten=35.13")
    assert "Paiton,2,1" in districts and "Mayangan" not in districts


def test_training_dashboard_outcomes_by_round_gender_and_youth(
    client, officer, other_officer, outcomes
):
    url = reverse("insights:dashboard", args=["pelatihan"])
    client.force_login(officer)
    page = client.get(url, {"periode": "2026"}).content.decode()
    assert "Tindak lanjut dijawab dan hasil positif per putaran" in page
    rounds = _csv(client, "pelatihan", "hasil-per-putaran")
    assert "3 bulan,2,2" in rounds and "6 bulan,1,0" in rounds and "12 bulan,0,0" in rounds
    groups = _csv(client, "pelatihan", "hasil-per-kelompok")
    assert "Perempuan,2,1" in groups and "Laki-laki,1,1" in groups
    assert "Pemuda (< 30),2,1" in groups
    body = client.get(f"{API}/dashboards/pelatihan", {"period": "2026"}).json()
    chart = next(c for c in body["charts"] if c["key"] == "hasil-per-putaran")
    assert [s["values"] for s in chart["series"]] == [[2, 1, 0], [2, 0, 0]]
    assert client.get(url, {"kabupaten": "35.74", "unduh": "hasil-per-putaran"}).status_code == 404
    client.force_login(other_officer)
    rounds = _csv(client, "pelatihan", "hasil-per-putaran")
    assert "3 bulan,0,0" in rounds and "6 bulan,1,0" in rounds and "12 bulan,1,1" in rounds
    body = client.get(f"{API}/dashboards/pelatihan", {"period": "2026"}).json()
    chart = next(c for c in body["charts"] if c["key"] == "hasil-per-kelompok")
    assert [s["values"] for s in chart["series"]] == [[2, 0, 2], [1, 0, 1]]


def test_training_dashboard_builds_in_five_queries(outcomes, people, django_assert_num_queries):
    from kriya.insights.scope import Filters, parse_period
    from kriya.training.dashboards import training_charts

    filters = Filters(parse_period("2026"), "35.13", None)
    with django_assert_num_queries(5):
        charts = training_charts(filters)
    assert [c.key for c in charts][-2:] == ["hasil-per-putaran", "hasil-per-kelompok"]


def test_events_dashboard_turnover_per_event_month_and_year(client, head, fairs):
    client.force_login(head)
    per_event = _csv(client, "acara", "omzet-per-acara", "&kabupaten=35.13")
    assert "Pameran Sukapura" in per_event and "1500000" in per_event
    assert "Festival" not in per_event and "lama" not in per_event
    per_year = _csv(client, "acara", "omzet-per-tahun", "&kabupaten=35.13")
    assert "2024,300000" in per_year and "2026,1500000" in per_year
    per_month = _csv(client, "acara", "omzet-per-bulan", "&kabupaten=35.13")
    assert "Mar 2026,1500000" in per_month


@pytest.mark.parametrize(
    ("key", "chart", "mine", "theirs"),
    [
        ("pelatihan", "peserta-per-kecamatan", "Paiton", "Mayangan"),
        ("acara", "omzet-per-acara", "Pameran Sukapura", "Festival Mayangan"),
    ],
)
def test_officers_never_see_the_other_regency(
    client, officer, other_officer, people, fairs, key, chart, mine, theirs
):
    url = reverse("insights:dashboard", args=[key])
    client.force_login(officer)
    page = client.get(url, {"periode": "2026"}).content.decode()
    csv = _csv(client, key, chart)
    body = client.get(f"{API}/dashboards/{key}", {"period": "2026"}).content.decode()
    for text in (page, csv, body):
        assert mine in text and theirs not in text
    assert client.get(url, {"kabupaten": "35.74"}).status_code == 404
    assert client.get(f"{API}/dashboards/{key}", {"regency": "35.74"}).status_code == 404
    client.force_login(other_officer)
    assert theirs in _csv(client, key, chart) and mine not in _csv(client, key, chart)


@pytest.mark.parametrize("key", ["pelatihan", "acara"])
def test_refused_to_owner_and_anonymous(client, owner_user, key):
    url = reverse("insights:dashboard", args=[key])
    assert client.get(url).status_code == 302
    assert client.get(f"{API}/dashboards/{key}").status_code == 401
    client.force_login(owner_user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("key", ["pelatihan", "acara"])
def test_queries_do_not_grow_with_data(
    client, head, key, make_enrolment, world, make_event, sell, follow_up
):
    client.force_login(head)
    url = reverse("insights:dashboard", args=[key]) + "?periode=2026"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    business = world["business"]("35.13.01.2001")
    for n in range(3):
        done = make_enrolment("35.13.20.2001", age=20 + 10 * n, status="completed", competent=True)
        for round_ in (3, 6):
            follow_up(done, round_, date(2026, 6, 1 + n), sells=n > 0)
        fair = make_event("35.13.01", starts=date(2026, 3 + n, 2))
        sell(fair, business, 0, 1000 * (n + 1))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    if key == "pelatihan":  # the page shows the follow-ups it counted
        assert "hasil-per-putaran" in client.get(url).content.decode()


@pytest.mark.parametrize(("key", "mine"), [("peserta_dilatih", 3), ("omzet_acara", 1_500_000)])
def test_indicator_api_gives_own_regency_and_refuses_the_other(
    client, officer, people, fairs, key, mine
):
    client.force_login(officer)
    body = client.get(f"{API}/indicators/{key}", {"period": "2026"}).json()
    assert body["value"] == mine and body["definition"]
    theirs = client.get(f"{API}/indicators/{key}", {"period": "2026", "regency": "35.74"})
    assert theirs.status_code == 404
