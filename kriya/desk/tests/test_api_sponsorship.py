"""The sponsorship API by persona: programmes, recommendations, sponsoring and
withdrawing, with the quota and the one JSON error format."""

import pytest

from kriya.desk import sponsorship
from kriya.desk.models import Programme

API = "/api/v1"
JSON = "application/json"


def test_the_officer_lists_and_reads_the_programmes_of_their_regency(client, officer, programme):
    client.force_login(officer)
    body = client.get(f"{API}/programmes").json()
    assert [p["name"] for p in body] == [programme.name]
    assert body[0]["quota"] == 3 and body[0]["left"] == 3 and body[0]["services"] == ["pengujian"]
    detail = client.get(f"{API}/programmes/{programme.pk}").json()
    assert detail["sponsorships"] == []


def test_others_do_not_read_the_programme(client, other_officer, owner, programme):
    client.force_login(other_officer)
    assert client.get(f"{API}/programmes").json() == []
    assert client.get(f"{API}/programmes/{programme.pk}").status_code == 404
    client.force_login(owner)
    assert client.get(f"{API}/programmes").status_code == 403
    assert client.get(f"{API}/programmes/{programme.pk}").status_code == 404
    client.logout()
    assert client.get(f"{API}/programmes").status_code == 401
    assert client.get(f"{API}/programmes/{programme.pk}").status_code == 401


def programme_body(unit):
    return {
        "unit": unit.pk,
        "name": "Fasilitasi sertifikasi halal 2026",
        "services": ["pengujian"],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "quota": 100,
    }


def test_an_officer_opens_a_programme_over_the_api(
    client, officer, probolinggo_unit, testing_service
):
    client.force_login(officer)
    response = client.post(f"{API}/programmes", programme_body(probolinggo_unit), content_type=JSON)
    assert response.status_code == 201 and response.json()["quota"] == 100


def test_others_cannot_open_a_programme_for_the_unit(
    client, other_officer, desk, probolinggo_unit, testing_service
):
    body = programme_body(probolinggo_unit)
    client.force_login(other_officer)
    assert client.post(f"{API}/programmes", body, content_type=JSON).status_code == 404
    client.force_login(desk)
    assert client.post(f"{API}/programmes", body, content_type=JSON).status_code == 403
    client.logout()
    assert client.post(f"{API}/programmes", body, content_type=JSON).status_code == 401
    assert not Programme.objects.exists()


def test_an_invalid_programme_answers_in_the_error_format(
    client, officer, probolinggo_unit, testing_service
):
    client.force_login(officer)
    body = {**programme_body(probolinggo_unit), "quota": 0, "ends_on": "2025-01-01"}
    response = client.post(f"{API}/programmes", body, content_type=JSON)
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert fields == {"quota", "ends_on"}


def test_the_officer_recommends_and_sponsors_over_the_api(client, officer, make_request, programme):
    request = make_request("submitted")
    client.force_login(officer)
    response = client.post(
        f"{API}/service-requests/{request.pk}/recommendations",
        {"note": "Usaha binaan."},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["recommendations"][0]["note"] == "Usaha binaan."
    response = client.post(
        f"{API}/service-requests/{request.pk}/sponsorship",
        {"programme": programme.pk},
        content_type=JSON,
    )
    assert response.status_code == 201
    assert response.json()["sponsorship"]["programme_name"] == programme.name
    response = client.post(
        f"{API}/service-requests/{request.pk}/sponsorship/withdraw",
        {"reason": "Mundur"},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["sponsorship"] is None


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("recommendations", {"note": "Layak."}),
        ("sponsorship", {"programme": "{programme}"}),
        ("sponsorship/withdraw", {"reason": "x"}),
    ],
)
def test_the_writes_are_refused_to_others(path, body, client, personas, make_request, programme):
    request = make_request("submitted")
    if path == "sponsorship/withdraw":
        sponsorship.sponsor_request(request=request, programme=programme, by=personas["officer"])
    body = {k: int(programme.pk) if v == "{programme}" else v for k, v in body.items()}
    url = f"{API}/service-requests/{request.pk}/{path}"
    for name, expected in [
        ("other_officer", 404),
        ("stranger", 404),
        ("owner", 403),
        ("desk", 403),
    ]:
        client.force_login(personas[name])
        assert client.post(url, body, content_type=JSON).status_code == expected, name
    client.logout()
    assert client.post(url, body, content_type=JSON).status_code == 401


def test_everyone_who_sees_the_request_reads_its_sponsorship(
    client, personas, make_request, programme
):
    request = make_request("submitted")
    sponsorship.sponsor_request(request=request, programme=programme, by=personas["officer"])
    url = f"{API}/service-requests/{request.pk}/sponsorship"
    for name in ("owner", "facilitator", "officer", "desk"):
        client.force_login(personas[name])
        assert client.get(url).json()["sponsorship"]["programme"] == programme.pk, name
    client.force_login(personas["stranger"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 401


def test_a_full_programme_answers_422(client, officer, make_request, make_business, programme):
    Programme.objects.filter(pk=programme.pk).update(quota=1)
    programme.refresh_from_db()
    sponsorship.sponsor_request(
        request=make_request("submitted", business_=make_business(1)),
        programme=programme,
        by=officer,
    )
    client.force_login(officer)
    request = make_request("submitted")
    response = client.post(
        f"{API}/service-requests/{request.pk}/sponsorship",
        {"programme": programme.pk},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "Kuota" in response.json()["error"]["details"][0]["message"]
