"""The regency workspace: an officer's own regency only, filters, counts per district,
the verification queue with its actions, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.core.models import AuditEvent
from kriya.registry.models import BusinessStatus

from .factories import make_business


@pytest.fixture
def spread(regions, owner, other_owner, officer):
    """Businesses in both districts of Kabupaten Probolinggo and one in Kota Probolinggo."""
    return {
        "paiton": make_business(owner, name="Batik Paiton", status="submitted"),
        "sukapura": make_business(
            owner,
            name="Tenun Sukapura",
            village_id="35.13.01.2001",
            sector="tenun",
            annual_sales=5_000_000_000,
            status="verified",
            officer=officer,
        ),
        "kota": make_business(
            other_owner, name="Batik Kota", village_id="35.74.01.1001", status="submitted"
        ),
    }


def names(response):
    return [b.name for b in response.context["page"]]


def test_officer_lists_only_their_regency(client, officer, spread):
    client.force_login(officer)
    response = client.get("/kabupaten/usaha/")
    assert response.status_code == 200
    assert names(response) == ["Batik Paiton", "Tenun Sukapura"]


def test_agency_staff_list_every_regency(client, desk, spread):
    client.force_login(desk)
    assert names(client.get("/kabupaten/usaha/")) == [
        "Batik Kota",
        "Batik Paiton",
        "Tenun Sukapura",
    ]
    assert names(client.get("/kabupaten/usaha/", {"regency": "35.74"})) == ["Batik Kota"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "paiton"}, ["Batik Paiton"]),
        ({"q": "siti"}, ["Batik Paiton", "Tenun Sukapura"]),  # owner name
        ({"district": "35.13.01"}, ["Tenun Sukapura"]),
        ({"district": "35.13.20", "village": "35.13.20.2001"}, ["Batik Paiton"]),
        ({"sector": "tenun"}, ["Tenun Sukapura"]),
        ({"size_class": "kecil"}, ["Tenun Sukapura"]),
        ({"size_class": "mikro"}, ["Batik Paiton"]),
        ({"status": "submitted"}, ["Batik Paiton"]),
        ({"status": "verified", "sector": "batik"}, []),
    ],
)
def test_filters(client, officer, spread, query, expected):
    client.force_login(officer)
    assert names(client.get("/kabupaten/usaha/", query)) == expected


def test_search_by_nib(client, officer, spread):
    client.force_login(officer)
    nib = spread["paiton"].nib
    assert names(client.get("/kabupaten/usaha/", {"q": nib})) == ["Batik Paiton"]


def test_a_filter_outside_the_officers_regency_is_refused_at_the_field(client, officer, spread):
    client.force_login(officer)
    response = client.get("/kabupaten/usaha/", {"district": "35.74.01", "regency": "35.74"})
    assert 'id="id_regency_error"' in response.text
    assert "Batik Kota" not in response.text


def test_counts_per_district(client, officer, spread):
    client.force_login(officer)
    counts = client.get("/kabupaten/usaha/").context["district_counts"]
    assert [(c["district__name"], c["n"]) for c in counts] == [("Paiton", 1), ("Sukapura", 1)]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


URLS = [
    "/kabupaten/usaha/",
    "/kabupaten/usaha/?district=35.13.20&village=35.13.20.2001&status=submitted&q=usaha",
    "/kabupaten/verifikasi/",
]


def test_list_and_queue_cost_the_same_queries_for_3_or_30_businesses(
    client, regions, owner, officer
):
    for i in range(3):
        make_business(owner, name=f"Usaha {i}", status="submitted")
    client.force_login(officer)
    client.get(URLS[0])  # warm the session and the content type cache
    few = [count_queries(client, url) for url in URLS]
    for i in range(3, 30):
        make_business(owner, name=f"Usaha {i}", status="submitted")
    assert [count_queries(client, url) for url in URLS] == few
    assert max(few) <= 12


def test_queue_shows_submitted_businesses_of_the_regency_oldest_first(
    client, regions, owner, officer, spread
):
    later = make_business(owner, name="Batik Baru Diajukan", status="submitted")
    client.force_login(officer)
    assert names(client.get("/kabupaten/verifikasi/")) == ["Batik Paiton", later.name]


def test_officer_verifies_from_the_queue(client, officer, spread):
    business = spread["paiton"]
    client.force_login(officer)
    page = client.get(f"/kabupaten/usaha/{business.pk}/?next=/kabupaten/verifikasi/")
    assert 'value="verify"' in page.text and 'value="return"' in page.text
    assert 'value="suspend"' not in page.text
    response = client.post(
        f"/kabupaten/usaha/{business.pk}/", {"action": "verify", "next": "/kabupaten/verifikasi/"}
    )
    assert response.status_code == 302 and response["Location"] == "/kabupaten/verifikasi/"
    business.refresh_from_db()
    assert business.status == BusinessStatus.VERIFIED and business.verified_at
    assert AuditEvent.objects.for_object(business).get(verb="business.verify").actor == officer


def test_return_needs_a_reason_at_the_field(client, officer, spread):
    business = spread["paiton"]
    client.force_login(officer)
    response = client.post(f"/kabupaten/usaha/{business.pk}/", {"action": "return", "reason": ""})
    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.text and "Alasan wajib diisi." in response.text
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED
    client.post(f"/kabupaten/usaha/{business.pk}/", {"action": "return", "reason": "NIB buram"})
    business.refresh_from_db()
    assert (business.status, business.return_reason) == (BusinessStatus.RETURNED, "NIB buram")


def test_suspend_and_reinstate(client, officer, spread):
    business = spread["sukapura"]
    client.force_login(officer)
    client.post(f"/kabupaten/usaha/{business.pk}/", {"action": "suspend", "reason": "Tutup"})
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUSPENDED
    client.post(f"/kabupaten/usaha/{business.pk}/", {"action": "reinstate"})
    business.refresh_from_db()
    assert business.status == BusinessStatus.VERIFIED


def test_officer_of_another_regency_can_neither_see_nor_verify(client, other_officer, spread):
    business = spread["paiton"]
    client.force_login(other_officer)
    assert client.get(f"/kabupaten/usaha/{business.pk}/").status_code == 404
    assert client.post(f"/kabupaten/usaha/{business.pk}/", {"action": "verify"}).status_code == 404
    business.refresh_from_db()
    assert business.status == BusinessStatus.SUBMITTED


def test_agency_desk_sees_but_has_no_buttons_and_cannot_verify(client, desk, spread):
    business = spread["paiton"]
    client.force_login(desk)
    page = client.get(f"/kabupaten/usaha/{business.pk}/")
    assert page.status_code == 200 and 'name="action"' not in page.text
    assert client.post(f"/kabupaten/usaha/{business.pk}/", {"action": "verify"}).status_code == 403


@pytest.mark.parametrize(
    "url", ["/kabupaten/usaha/", "/kabupaten/verifikasi/", "/kabupaten/usaha/ekspor.csv"]
)
def test_owners_and_facilitators_have_no_workspace(client, owner, facilitator, spread, url):
    for user in (owner, facilitator):
        client.force_login(user)
        assert client.get(url).status_code == 403
