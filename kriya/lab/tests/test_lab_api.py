"""The lab's API follows the same rules as the pages, in the one JSON error format."""

import json

import pytest

from kriya.api.models import ApiToken
from kriya.desk.models import ServiceRequest
from kriya.lab.models import AnalysisStatus, Sample, TestReport

pytestmark = pytest.mark.django_db


def bearer(user):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="uji", user=user, prefix=prefix, key_hash=key_hash)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, body, auth):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_analyst_receives_a_sample_and_the_api_lists_its_analyses(
    client, analyst, testing_request, lab_reference
):
    auth = bearer(analyst)
    response = post(
        client,
        f"/api/v1/lab/requests/{testing_request.pk}/samples",
        {
            "description": "Kain batik tulis",
            "methods": ["c06"],
            "standard": "SNI 8302:2016/Amd.1:2019",
            "condition": "good",
            "storage_location": "Lemari A",
        },
        auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["standard"] == "SNI 8302:2016/Amd.1:2019"
    assert {a["parameter_code"] for a in body["analyses"]} == {
        "luntur_cuci_perubahan",
        "luntur_cuci_penodaan",
    }
    assert client.get(f"/api/v1/lab/samples/{body['code']}", **auth).status_code == 200
    listed = client.get("/api/v1/lab/samples", {"request_id": testing_request.pk}, **auth).json()
    assert [s["code"] for s in listed] == [body["code"]]


def test_bad_receipt_input_gets_field_errors_and_saves_nothing(client, analyst, testing_request):
    response = post(
        client,
        f"/api/v1/lab/requests/{testing_request.pk}/samples",
        {"description": "", "methods": ["tidak-ada"], "condition": "good", "storage_location": "A"},
        bearer(analyst),
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "methods"
    assert not Sample.objects.exists()


def test_results_and_verification_through_the_api(
    client, assigned, analyst, supervisor, instrument, expired_instrument
):
    analysis = assigned("change")
    as_analyst, as_supervisor = bearer(analyst), bearer(supervisor)
    mine = client.get("/api/v1/lab/analyses", {"view": "mine"}, **as_analyst).json()
    assert analysis.pk in [a["id"] for a in mine]
    off_scale = post(
        client,
        f"/api/v1/lab/analyses/{analysis.pk}/results",
        {"value": "4.3", "instrument": "LO-01"},
        as_analyst,
    )
    assert off_scale.status_code == 422
    expired = post(
        client,
        f"/api/v1/lab/analyses/{analysis.pk}/results",
        {"value": "4", "instrument": "XE-09"},
        as_analyst,
    )
    assert expired.status_code == 422
    assert expired.json()["error"]["details"][0]["field"] == "instrument"
    entered = post(
        client,
        f"/api/v1/lab/analyses/{analysis.pk}/results",
        {"value": "4-5", "instrument": "LO-01"},
        as_analyst,
    )
    assert entered.status_code == 201
    assert entered.json()["result"]["value"] == "4-5"
    own = post(client, f"/api/v1/lab/analyses/{analysis.pk}/verify", {}, as_analyst)
    assert own.status_code == 403 and own.json()["error"]["code"] == "forbidden"
    queue = client.get("/api/v1/lab/analyses", {"view": "verify"}, **as_supervisor).json()
    assert analysis.pk in [a["id"] for a in queue]
    verified = post(
        client, f"/api/v1/lab/analyses/{analysis.pk}/verify", {"comment": "ok"}, as_supervisor
    )
    assert verified.status_code == 200 and verified.json()["status"] == AnalysisStatus.VERIFIED
    again = post(client, f"/api/v1/lab/analyses/{analysis.pk}/verify", {}, as_supervisor)
    assert again.status_code == 409
    corrected = post(
        client,
        f"/api/v1/lab/analyses/{analysis.pk}/correct",
        {"value": "4", "instrument": "LO-01", "reason": "Salah baca"},
        as_analyst,
    )
    assert corrected.status_code == 201
    history = corrected.json()["history"]
    assert [r["value"] for r in history] == ["4-5", "4"]
    assert history[0]["replaced_kind"] == "correction" and history[0]["locked"]


@pytest.mark.parametrize("persona", ["owner", "other_officer", "desk"])
def test_people_outside_the_lab_get_403_or_404(client, request, persona, assigned):
    analysis = assigned("change")
    auth = bearer(request.getfixturevalue(persona))
    assert client.get("/api/v1/lab/analyses", **auth).status_code == 403
    assert client.get(f"/api/v1/lab/analyses/{analysis.pk}", **auth).status_code == 404
    assert client.get(f"/api/v1/lab/samples/{analysis.sample.code}", **auth).status_code == 404
    assert client.get("/api/v1/lab/instruments", **auth).status_code == 403


def test_anonymous_gets_401(client, assigned):
    analysis = assigned("change")
    for url in (
        "/api/v1/lab/analyses",
        f"/api/v1/lab/analyses/{analysis.pk}",
        "/api/v1/lab/samples",
    ):
        response = client.get(url)
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_reports_for_the_applicant_after_the_gate_and_not_for_others(
    client, verified_sample, owner, stranger, other_business, testing_request
):
    number = TestReport.objects.get().number
    mine = bearer(owner)
    listed = client.get("/api/v1/lab/reports", {"request_id": testing_request.pk}, **mine).json()
    assert [r["number"] for r in listed] == [number]
    assert client.get(f"/api/v1/lab/reports/{number}/pdf", **mine).status_code == 403
    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    from kriya.desk.models import SURVEY_FIELDS, SurveyResponse

    SurveyResponse.objects.create(  # the result gate also waits for the survey
        request_id=testing_request.pk,
        service_id=testing_request.service_id,
        respondent=owner,
        **dict.fromkeys(SURVEY_FIELDS, 4),
    )
    assert client.get(f"/api/v1/lab/reports/{number}/pdf", **mine).status_code == 200
    theirs = bearer(stranger)
    assert client.get(f"/api/v1/lab/reports/{number}", **theirs).status_code == 404
    assert client.get(f"/api/v1/lab/reports/{number}/pdf", **theirs).status_code == 404


def test_instruments_show_whether_they_can_be_used_today(
    client, analyst, instrument, expired_instrument
):
    body = client.get("/api/v1/lab/instruments", **bearer(analyst)).json()
    assert {i["code"]: i["usable_today"] for i in body} == {"LO-01": True, "XE-09": False}


def every_endpoint(analysis, testing_request, number):
    a = f"/api/v1/lab/analyses/{analysis.pk}"
    return [
        ("get", "/api/v1/lab/samples", None),
        ("get", f"/api/v1/lab/samples/{analysis.sample.code}", None),
        (
            "post",
            f"/api/v1/lab/requests/{testing_request.pk}/samples",
            {"description": "x", "methods": ["c06"], "condition": "good", "storage_location": "A"},
        ),
        ("get", "/api/v1/lab/analyses", None),
        ("get", a, None),
        ("post", f"{a}/assign", {"analyst_id": analysis.analyst_id or 1}),
        ("post", f"{a}/results", {"value": "4", "instrument": "LO-01"}),
        ("post", f"{a}/verify", {}),
        ("post", f"{a}/retest", {"reason": "x"}),
        ("post", f"{a}/correct", {"value": "4", "instrument": "LO-01", "reason": "x"}),
        ("post", f"{a}/cancel", {"reason": "x"}),
        ("get", "/api/v1/lab/instruments", None),
        ("get", f"/api/v1/lab/reports?request_id={testing_request.pk}", None),
        ("get", f"/api/v1/lab/reports/{number}", None),
        ("get", f"/api/v1/lab/reports/{number}/pdf", None),
    ]


@pytest.fixture
def endpoints(verified_sample, testing_request, instrument):
    analysis = verified_sample.analyses.first()
    return every_endpoint(analysis, testing_request, TestReport.objects.get().number)


def call(client, method, url, body, auth):
    if method == "get":
        return client.get(url, **auth)
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_every_endpoint_refuses_anonymous_callers(client, endpoints):
    for method, url, body in endpoints:
        response = call(client, method, url, body, {})
        assert response.status_code == 401, url


def test_every_endpoint_refuses_the_owner_of_another_business(
    client, endpoints, stranger, other_business
):
    auth = bearer(stranger)
    for method, url, body in endpoints:
        response = call(client, method, url, body, auth)
        assert response.status_code in (403, 404), (url, response.status_code)
        assert "error" in response.json()


def test_every_lab_endpoint_refuses_the_applicant_but_reports_are_theirs(client, endpoints, owner):
    auth = bearer(owner)
    for method, url, body in endpoints:
        response = call(client, method, url, body, auth)
        if "/lab/reports" in url:
            assert response.status_code in (200, 403), url  # the PDF waits for the gate
        else:
            assert response.status_code in (403, 404), (url, response.status_code)
