"""The insights API: same access rules as the pages; an officer of Kabupaten
Probolinggo never sees Kota Probolinggo's figures (pages, CSV, API)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

API = "/api/v1/insights"


def test_anonymous_is_401(client):
    assert client.get(f"{API}/dashboards/registri").status_code == 401
    assert client.get(f"{API}/programmes").status_code == 401


def test_owner_is_403(client, owner_user):
    client.force_login(owner_user)
    assert client.get(f"{API}/dashboards/registri").status_code == 403
    assert client.get(f"{API}/indicators").status_code == 403


def test_unknown_dashboard_is_422(client, head):
    client.force_login(head)
    assert client.get(f"{API}/dashboards/rahasia").status_code == 422


def test_dashboard_figures(client, head, reports):
    client.force_login(head)
    body = client.get(f"{API}/dashboards/laboratorium", {"period": "2026"}).json()
    assert body["period"] == "2026" and body["regency"] is None
    verdicts = next(c for c in body["charts"] if c["key"] == "hasil-uji")
    assert verdicts["series"][0]["values"][0] == 3


def test_indicator_value_and_definition(client, head, reports):
    client.force_login(head)
    listing = client.get(f"{API}/indicators").json()
    assert any(i["indicator"] == "produk_diuji" and i["definition"] for i in listing)
    one = client.get(
        f"{API}/indicators/produk_diuji", {"period": "2026-Q1", "regency": "35.13"}
    ).json()
    assert one["value"] == 1


@pytest.mark.parametrize(
    ("persona", "mine", "theirs", "their_code"),
    [("officer", "35.13", "35.74", "Mayangan"), ("other_officer", "35.74", "35.13", "Sukapura")],
)
def test_officers_never_see_the_other_regency(
    client, request, persona, mine, theirs, their_code, reports, agreement, kota_agreement
):
    from kriya.insights import rollups

    rollups.rebuild()  # the registry dashboard reads the summaries
    user = request.getfixturevalue(persona)
    client.force_login(user)
    # API: their own regency by default, the other one refused.
    body = client.get(f"{API}/dashboards/registri", {"period": "2026"}).json()
    assert body["regency"] == mine
    districts = next(c for c in body["charts"] if c["key"] == "usaha-per-kecamatan")
    assert their_code not in districts["labels"]
    asked = client.get(f"{API}/dashboards/registri", {"regency": theirs})
    assert asked.status_code == 404
    value = client.get(f"{API}/indicators/produk_diuji", {"period": "2026", "regency": theirs})
    assert value.status_code == 404
    # Programmes: only their own agreement.
    programmes = client.get(f"{API}/programmes").json()
    assert [p["regency"] for p in programmes] == [mine]
    other = kota_agreement if mine == "35.13" else agreement
    assert client.get(f"{API}/programmes/{other.pk}").status_code == 404
    # Pages and CSV.
    url = reverse("insights:dashboard", args=["registri"])
    page = client.get(url, {"periode": "2026"}).content.decode()
    assert their_code not in page
    csv = client.get(url, {"periode": "2026", "unduh": "usaha-per-kecamatan"}).content.decode()
    assert their_code not in csv
    assert client.get(url, {"kabupaten": theirs}).status_code == 404
    assert client.get(reverse("insights:programme", args=[other.pk])).status_code == 404


def test_programme_through_the_api(client, officer, agreement, reports):
    client.force_login(officer)
    body = client.get(f"{API}/programmes/{agreement.pk}", {"year": 2026}).json()
    tested = next(t for t in body["targets"] if t["indicator"] == "produk_diuji")
    assert tested["actual"] == 2.0
    assert [q["actual"] for q in tested["quarters"]][:2] == [1.0, 1.0]
