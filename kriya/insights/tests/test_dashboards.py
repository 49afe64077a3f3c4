"""Dashboards: every chart with its table and CSV, scoped per role, constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from kriya.insights import dashboards, rollups

pytestmark = pytest.mark.django_db

KEYS = ["registri", "layanan", "laboratorium", "sertifikasi"]


def test_the_four_dashboards_are_registered():
    assert [d.key for d in dashboards.all_dashboards()][:4] == KEYS


@pytest.mark.parametrize("key", KEYS)
def test_each_dashboard_renders_its_charts_with_tables_and_csv(client, head, key, reports):
    client.force_login(head)
    url = reverse("insights:dashboard", args=[key])
    response = client.get(url + "?periode=2026")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Tabel data" in text and "Unduh CSV" in text
    chart = response.context["charts"][0]
    csv = client.get(url + f"?periode=2026&unduh={chart.key}")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv["Cache-Control"] == "private, no-store"


def _csv(client, key, chart, params=""):
    url = reverse("insights:dashboard", args=[key])
    return client.get(f"{url}?periode=2026&unduh={chart}{params}").content.decode()


def test_officer_sees_own_regency_only(client, officer, other_officer, world):
    for _n in range(3):
        world["business"]("35.13.01.2001")
    world["business"]("35.74.01.1001")
    rollups.rebuild()  # the registry dashboard reads the summaries
    client.force_login(officer)
    mine = _csv(client, "registri", "usaha-per-kecamatan")
    assert "Sukapura" in mine and "Mayangan" not in mine
    # Asking for the other regency is a 404, not its figures.
    url = reverse("insights:dashboard", args=["registri"])
    assert client.get(url + "?kabupaten=35.74").status_code == 404
    client.force_login(other_officer)
    theirs = _csv(client, "registri", "usaha-per-kecamatan")
    assert "Mayangan" in theirs and "Sukapura" not in theirs


def test_district_filter(client, head, world):
    world["business"]("35.13.01.2001")
    world["business"]("35.13.20.2001")
    rollups.rebuild()
    client.force_login(head)
    text = _csv(client, "registri", "usaha-per-kecamatan", "&kabupaten=35.13&kecamatan=35.13.20")
    assert "Paiton" in text and "Sukapura" not in text


def test_lab_dashboard_counts_reports_by_verdict(client, head, reports):
    client.force_login(head)
    text = _csv(client, "laboratorium", "hasil-uji", "&kabupaten=35.13")
    assert "Memenuhi,2" in text


def test_certification_dashboard(client, head, world, make_certificate):
    b = world["business"]("35.13.01.2001")
    make_certificate(b, "sni", date(2026, 2, 1), valid_until=date(2030, 1, 1))
    make_certificate(b, "sni", date(2025, 1, 1), valid_until=date(2026, 1, 1))
    from kriya.certification.models import Scheme

    Scheme.objects.update(issues_certificate=True)
    client.force_login(head)
    text = _csv(client, "sertifikasi", "sertifikat-per-skema")
    assert "SPPT SNI,1,1" in text


@pytest.mark.parametrize("key", KEYS)
def test_queries_do_not_grow_with_data(
    client, head, key, world, make_report, make_survey, django_assert_max_num_queries
):
    client.force_login(head)
    url = reverse("insights:dashboard", args=[key]) + "?periode=2026"
    client.get(url)  # warm: session, memberships
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    b = world["business"]("35.13.01.2001")
    for n in range(4):
        make_report(b, date(2026, 2, 1 + n))
        make_survey(b, date(2026, 3, 1 + n))
        world["business"]("35.13.20.2001")
    rollups.rebuild()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_dashboards_refuse_owner_and_anonymous(client, owner_user):
    url = reverse("insights:dashboard", args=["registri"])
    assert client.get(url).status_code == 302
    client.force_login(owner_user)
    assert client.get(url).status_code == 403
    assert client.get(reverse("insights:dashboard", args=["tidak-ada"])).status_code == 403


def test_dashboard_is_readable_on_a_phone(client, head):
    client.force_login(head)
    text = client.get(reverse("insights:dashboard", args=["layanan"])).content.decode()
    # Every table sits in the scroll wrapper.
    assert text.count("<table") == text.count('class="table-wrap"')
