"""The survey page and API by persona, and the way from the survey to the result."""

import pytest

from kriya.desk.models import SURVEY_FIELDS, RequestDocument, SurveyResponse

API = "/api/v1"
ANSWERS = {code: "4" for code in SURVEY_FIELDS}


@pytest.fixture
def completed(make_request):
    request = make_request("completed")
    RequestDocument.objects.create(
        request=request,
        kind="result",
        slot="hasil",
        title="SHU",
        file="layanan/x",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    return request


@pytest.mark.parametrize("name", ["owner", "facilitator"])
def test_the_applicant_answers_on_the_page(name, client, personas, completed):
    client.force_login(personas[name])
    page = client.get(f"/permohonan/{completed.pk}/").text
    assert f'href="/permohonan/{completed.pk}/survei/">Isi survei</a>' in page
    form = client.get(f"/permohonan/{completed.pk}/survei/")
    assert form.status_code == 200 and "Sarana dan prasarana" in form.text
    response = client.post(f"/permohonan/{completed.pk}/survei/", ANSWERS)
    assert response.status_code == 302
    assert SurveyResponse.objects.get().respondent == personas[name]
    page = client.get(f"/permohonan/{completed.pk}/").text
    assert "/survei/" not in page and "/dokumen-layanan/" in page


def test_a_missing_answer_is_shown_at_its_question(client, owner, completed):
    client.force_login(owner)
    response = client.post(f"/permohonan/{completed.pk}/survei/", {**ANSWERS, "u5": ""})
    assert response.status_code == 200
    assert 'data-element="u5"' in response.text and "Pilih salah satu jawaban." in response.text
    assert not SurveyResponse.objects.exists()


def test_an_answered_survey_goes_back_to_the_request(client, owner, completed):
    client.force_login(owner)
    client.post(f"/permohonan/{completed.pk}/survei/", ANSWERS)
    response = client.get(f"/permohonan/{completed.pk}/survei/")
    assert response.status_code == 302 and response["Location"] == f"/permohonan/{completed.pk}/"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("officer", 403), ("desk", 403), ("stranger", 404), ("other_officer", 404)],
)
def test_others_cannot_answer(name, expected, client, personas, completed):
    client.force_login(personas[name])
    assert client.get(f"/permohonan/{completed.pk}/survei/").status_code == expected
    assert client.post(f"/permohonan/{completed.pk}/survei/", ANSWERS).status_code == expected
    assert not SurveyResponse.objects.exists()


def test_anonymous_is_sent_to_log_in(client, completed):
    response = client.get(f"/permohonan/{completed.pk}/survei/")
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_a_survey_before_completion_is_refused(client, owner, make_request):
    request = make_request("result_ready")
    client.force_login(owner)
    assert client.get(f"/permohonan/{request.pk}/survei/").status_code == 403


def test_the_api_survey(client, personas, completed):
    url = f"{API}/service-requests/{completed.pk}/survey"
    body = {"scores": {code: 3 for code in SURVEY_FIELDS}, "suggestion": ""}
    client.force_login(personas["owner"])
    before = client.get(url).json()
    assert before["can_answer"] and not before["answered"] and len(before["elements"]) == 9
    assert before["elements"][3]["answers"][3] == {"score": 4, "label": "Gratis"}
    for name, expected in [("officer", 403), ("desk", 403), ("stranger", 404)]:
        client.force_login(personas[name])
        assert client.post(url, body, content_type="application/json").status_code == expected
    client.logout()
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert client.get(url).status_code == 401
    client.force_login(personas["owner"])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["scores"]["u1"] == 3
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 422
    client.force_login(personas["desk"])
    seen = client.get(url).json()
    assert seen["answered"] and seen["scores"] is None  # the agency sees the index only


def test_the_api_download_is_gated_by_the_survey(client, owner, completed):
    document = completed.documents.get()
    client.force_login(owner)
    response = client.get(f"{API}/service-documents/{document.pk}/download")
    assert response.status_code == 403
    assert "survei" in response.json()["error"]["message"]
