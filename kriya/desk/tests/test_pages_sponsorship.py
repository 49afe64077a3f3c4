"""Sponsorship pages by persona: the regency's officer gets through, an officer of
another regency gets 404, a person who sees the request but may not act 403, and an
anonymous visitor the login page."""

import pytest

from kriya.desk import sponsorship
from kriya.desk.models import Programme, Recommendation, Sponsorship


@pytest.fixture
def sponsored(officer, make_request, programme):
    request = make_request("submitted")
    return sponsorship.sponsor_request(request=request, programme=programme, by=officer)


def test_the_officer_sees_the_programmes_of_their_regency(client, officer, programme):
    client.force_login(officer)
    response = client.get("/program-fasilitasi/")
    assert response.status_code == 200 and programme.name in response.text
    assert client.get(f"/program-fasilitasi/{programme.pk}/").status_code == 200


def test_the_agency_sees_every_programme(client, desk, programme):
    client.force_login(desk)
    assert programme.name in client.get("/program-fasilitasi/").text
    assert client.get(f"/program-fasilitasi/{programme.pk}/").status_code == 200


def test_an_officer_of_another_regency_does_not_see_the_programme(client, other_officer, programme):
    client.force_login(other_officer)
    assert programme.name not in client.get("/program-fasilitasi/").text
    assert client.get(f"/program-fasilitasi/{programme.pk}/").status_code == 404


def test_a_business_owner_has_no_programme_pages(client, owner, programme):
    client.force_login(owner)
    assert client.get("/program-fasilitasi/").status_code == 403
    assert client.get("/program-fasilitasi/baru/").status_code == 403
    assert client.get(f"/program-fasilitasi/{programme.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/program-fasilitasi/", "/program-fasilitasi/baru/", "/program-fasilitasi/1/"]
)
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_an_officer_opens_a_programme_on_the_page(
    client, officer, probolinggo_unit, testing_service
):
    client.force_login(officer)
    assert client.get("/program-fasilitasi/baru/").status_code == 200
    response = client.post(
        "/program-fasilitasi/baru/",
        {
            "unit": probolinggo_unit.pk,
            "name": "Fasilitasi sertifikasi halal 2026",
            "services": [testing_service.pk],
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "quota": "100",
        },
    )
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{programme.pk}/")
    assert programme.quota == 100


def test_a_programme_form_with_a_bad_period_says_so_at_the_field(
    client, officer, probolinggo_unit, testing_service
):
    client.force_login(officer)
    response = client.post(
        "/program-fasilitasi/baru/",
        {
            "unit": probolinggo_unit.pk,
            "name": "Program",
            "services": [testing_service.pk],
            "starts_on": "2026-12-31",
            "ends_on": "2026-01-01",
            "quota": "5",
        },
    )
    assert response.status_code == 200
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in response.text
    assert not Programme.objects.exists()


def test_a_desk_officer_cannot_open_a_programme(client, desk):
    client.force_login(desk)
    assert client.get("/program-fasilitasi/baru/").status_code == 403


def test_the_request_page_offers_the_officer_to_recommend_and_sponsor(
    client, officer, owner, make_request, programme
):
    request = make_request("submitted")
    client.force_login(officer)
    page = client.get(f"/permohonan/{request.pk}/").text
    assert f"/permohonan/{request.pk}/rekomendasi/" in page
    assert f"/permohonan/{request.pk}/danai/" in page
    client.force_login(owner)
    page = client.get(f"/permohonan/{request.pk}/").text
    assert "/rekomendasi/" not in page and "/danai/" not in page


# (path, who may) — POST forms on the request page
FORMS = [
    ("/permohonan/{pk}/rekomendasi/", {"note": "Layak difasilitasi."}),
    ("/permohonan/{pk}/danai/", {"programme": "{programme}", "note": ""}),
]


@pytest.mark.parametrize(("path", "data"), FORMS)
def test_the_officer_recommends_and_sponsors_on_the_page(
    path, data, client, officer, make_request, programme
):
    request = make_request("submitted")
    client.force_login(officer)
    data = {k: v.format(programme=programme.pk) for k, v in data.items()}
    response = client.post(path.format(pk=request.pk), data)
    assert response.status_code == 302
    assert Recommendation.objects.filter(request=request).exists()


@pytest.mark.parametrize(("path", "data"), FORMS)
def test_the_forms_are_refused_to_others(path, data, client, personas, make_request, programme):
    request = make_request("submitted")
    data = {k: v.format(programme=programme.pk) for k, v in data.items()}
    for name, expected in [
        ("other_officer", 404),
        ("stranger", 404),
        ("owner", 403),
        ("desk", 403),
    ]:
        client.force_login(personas[name])
        assert client.post(path.format(pk=request.pk), data).status_code == expected, name
    client.logout()
    response = client.post(path.format(pk=request.pk), data)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]
    assert not Recommendation.objects.exists()


def test_a_full_programme_is_refused_at_the_field(
    client, officer, make_request, make_business, programme
):
    Programme.objects.filter(pk=programme.pk).update(quota=1)
    programme.refresh_from_db()
    sponsorship.sponsor_request(
        request=make_request("submitted", business_=make_business(1)),
        programme=programme,
        by=officer,
    )
    request = make_request("submitted")
    client.force_login(officer)
    response = client.post(f"/permohonan/{request.pk}/danai/", {"programme": programme.pk})
    assert response.status_code == 400
    assert "Kuota program" in response.text
    assert not Sponsorship.objects.filter(request=request).exists()


def test_withdrawing_on_the_page(client, personas, sponsored):
    path = f"/permohonan/{sponsored.request_id}/danai/{sponsored.pk}/tarik/"
    for name, expected in [("other_officer", 404), ("owner", 403)]:
        client.force_login(personas[name])
        assert client.post(path, {"reason": "x"}).status_code == expected, name
    client.force_login(personas["officer"])
    assert client.post(path, {"reason": "Usaha mundur"}).status_code == 302
    sponsored.refresh_from_db()
    assert sponsored.released_at is not None
