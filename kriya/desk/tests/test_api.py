"""The service desk API: personas on every endpoint, the same rules as the pages."""

import datetime

import pytest
from django.utils import timezone

from kriya.api.models import ApiToken
from kriya.desk.models import Bill, ServiceRequest, Status
from kriya.desk.tests.conftest import PDF_BYTES, upload

API = "/api/v1"


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def test_the_catalogue_is_public(client, testing_service):
    body = client.get(f"{API}/services").json()
    assert body[0]["code"] == "pengujian"
    assert body[0]["tariff_items"][0]["amount"] == 150_000
    assert body[0]["documents"][0]["code"] == "surat_permohonan"
    assert client.get(f"{API}/services/pengujian").json()["standard_days"] == 5
    assert client.get(f"{API}/services/tidak-ada").status_code == 404


def new_request_body(business, submit=True):
    return {
        "business": business.pk,
        "service": "pengujian",
        "items": [{"name": "Kain batik tulis", "quantity": 1}],
        "notes": "",
        "submit": submit,
    }


def test_an_owner_files_a_draft_over_the_api(client, owner, business, testing_service):
    login(client, owner)
    response = client.post(
        f"{API}/service-requests",
        new_request_body(business, submit=False),
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and "submit" in body["actions"]


def test_the_same_idempotency_key_files_one_request(client, owner, business, testing_service):
    login(client, owner)
    responses = [
        client.post(
            f"{API}/service-requests",
            new_request_body(business, submit=False),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="abc-123",
        )
        for _ in range(3)
    ]
    assert [r.status_code for r in responses] == [201, 200, 200]
    assert len({r.json()["id"] for r in responses}) == 1
    assert ServiceRequest.objects.count() == 1


def test_an_idempotency_key_reused_with_another_body_is_a_422_and_files_nothing(
    client, owner, business, testing_service
):
    login(client, owner)
    first = client.post(
        f"{API}/service-requests",
        new_request_body(business, submit=False),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc-123",
    )
    other = {**new_request_body(business, submit=False), "notes": "Lain"}
    reused = client.post(
        f"{API}/service-requests",
        other,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="abc-123",
    )
    assert (first.status_code, reused.status_code) == (201, 422)
    error = reused.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["field"] == "idempotency_key"
    assert ServiceRequest.objects.count() == 1
    assert ServiceRequest.objects.get().notes == ""


def test_a_key_of_a_request_filed_before_fingerprints_were_kept_still_answers_it(
    client, owner, business, testing_service
):
    login(client, owner)
    body = new_request_body(business, submit=False)
    headers = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "old-key"}
    first = client.post(f"{API}/service-requests", body, **headers)
    ServiceRequest.objects.update(idempotency_fingerprint="")
    again = client.post(f"{API}/service-requests", {**body, "notes": "x"}, **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_submitting_without_the_mandatory_document_is_a_422_and_saves_nothing(
    client, owner, business, testing_service
):
    login(client, owner)
    response = client.post(
        f"{API}/service-requests", new_request_body(business), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "documents"
    assert not ServiceRequest.objects.exists()


def test_nobody_files_for_someone_elses_business(client, stranger, business, testing_service):
    login(client, stranger)
    response = client.post(
        f"{API}/service-requests", new_request_body(business), content_type="application/json"
    )
    assert response.status_code == 403


def test_anonymous_gets_401(client, business, testing_service):
    assert client.get(f"{API}/service-requests").status_code == 401
    response = client.post(
        f"{API}/service-requests", new_request_body(business), content_type="application/json"
    )
    assert response.status_code == 401


def test_a_bearer_token_works_like_the_session(client, desk, make_request):
    request = make_request("submitted")
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="desk", user=desk, prefix=prefix, key_hash=key_hash)
    response = client.get(
        f"{API}/service-requests/{request.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 200 and response.json()["actions"] == ["review", "reject"]


@pytest.mark.parametrize(
    ("name", "status_code"),
    [
        ("owner", 200),
        ("facilitator", 200),
        ("officer", 200),
        ("desk", 200),
        ("head", 200),
        ("stranger", 404),
        ("other_officer", 404),
        ("anonymous", 401),
    ],
)
def test_reading_a_request_by_persona(name, status_code, client, personas, make_request):
    request = make_request("submitted")
    person = personas[name]
    if name != "anonymous":
        login(client, person)
    assert client.get(f"{API}/service-requests/{request.pk}").status_code == status_code
    assert client.get(f"{API}/service-requests/{request.pk}/timeline").status_code == status_code


def test_the_list_holds_only_visible_requests_with_their_clocks(
    client, owner, stranger, make_request, other_business
):
    mine = make_request("submitted", standard_days=5)
    make_request("submitted", business_=other_business, by=stranger)
    login(client, owner)
    body = client.get(f"{API}/service-requests").json()
    assert [r["id"] for r in body["items"]] == [mine.pk]
    assert body["items"][0]["clock"]["standard_days"] == 5


def test_the_desk_filters_the_list(client, desk, make_request, other_business):
    make_request("submitted")
    kota = make_request("submitted", business_=other_business)
    login(client, desk)
    body = client.get(f"{API}/service-requests?regency=35.74").json()
    assert [r["id"] for r in body["items"]] == [kota.pk]


@pytest.mark.parametrize(
    ("name", "status_code"),
    [("desk", 200), ("owner", 403), ("officer", 403), ("stranger", 404), ("anonymous", 401)],
)
def test_actions_by_persona(name, status_code, client, personas, make_request):
    request = make_request("submitted")
    if name != "anonymous":
        login(client, personas[name])
    response = client.post(
        f"{API}/service-requests/{request.pk}/actions/review", {}, content_type="application/json"
    )
    assert response.status_code == status_code
    request.refresh_from_db()
    assert request.status == (Status.IN_REVIEW if status_code == 200 else Status.SUBMITTED)


def test_a_move_that_does_not_exist_from_the_status_is_a_409(client, desk, make_request):
    request = make_request("accepted")
    login(client, desk)
    response = client.post(
        f"{API}/service-requests/{request.pk}/actions/review", {}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


def test_a_reason_is_required_to_return(client, desk, make_request):
    request = make_request("in_review")
    login(client, desk)
    url = f"{API}/service-requests/{request.pk}/actions/return"
    assert client.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    response = client.post(url, {"reason": "Foto kurang"}, content_type="application/json")
    assert response.json()["status_reason"] == "Foto kurang"


def test_documents_are_uploaded_checked_and_downloaded(client, owner, stranger, make_request):
    request = make_request("draft")
    login(client, owner)
    bad = client.post(
        f"{API}/service-requests/{request.pk}/documents",
        {"slot": "surat_permohonan", "file": upload("x.pdf", b"<html></html>")},
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "file"
    good = client.post(
        f"{API}/service-requests/{request.pk}/documents",
        {"slot": "surat_permohonan", "file": upload("surat.pdf", PDF_BYTES)},
    )
    assert good.status_code == 201
    download = client.get(good.json()["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.logout()
    login(client, stranger)
    assert client.get(good.json()["download_url"]).status_code == 404


def test_the_whole_billing_path_over_the_api(client, owner, desk, make_request, testing_service):
    request = make_request("accepted")
    login(client, desk)
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    tariff = testing_service.tariff_items.get()
    response = client.post(
        f"{API}/service-requests/{request.pk}/bills",
        {
            "lines": [{"tariff_item": tariff.pk, "quantity": 2}],
            "due_date": due,
            "billing_code": "820260000000001",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["total"] == 300_000
    client.logout()
    login(client, owner)
    response = client.post(
        f"{API}/service-requests/{request.pk}/payments",
        {"file": upload("bukti.pdf", PDF_BYTES), "paid_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 201
    client.logout()
    login(client, desk)
    response = client.post(
        f"{API}/service-requests/{request.pk}/actions/confirm_payment",
        {},
        content_type="application/json",
    )
    assert response.json()["status"] == "paid"
    assert Bill.objects.get().state == "paid"


def test_only_the_desk_bills_over_the_api(client, owner, make_request):
    request = make_request("accepted")
    login(client, owner)
    response = client.post(
        f"{API}/service-requests/{request.pk}/bills",
        {
            "lines": [{"description": "x", "unit_price": 1, "quantity": 1}],
            "due_date": timezone.localdate().isoformat(),
            "billing_code": "8" * 15,
        },
        content_type="application/json",
    )
    assert response.status_code == 403


def test_results_are_attached_by_performers(client, analyst, owner, make_request):
    request = make_request("in_progress")
    login(client, owner)
    denied = client.post(
        f"{API}/service-requests/{request.pk}/results", {"file": upload("shu.pdf", PDF_BYTES)}
    )
    assert denied.status_code == 403
    client.logout()
    login(client, analyst)
    response = client.post(
        f"{API}/service-requests/{request.pk}/results",
        {"file": upload("shu.pdf", PDF_BYTES), "title": "SHU"},
    )
    assert response.status_code == 201 and response.json()["kind"] == "result"


def test_assignment_over_the_api(client, desk, owner, analyst, make_request):
    first, second = make_request("submitted"), make_request("submitted")
    login(client, owner)
    assert (
        client.post(
            f"{API}/service-requests/{first.pk}/assign",
            {"officer": analyst.pk},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.logout()
    login(client, desk)
    response = client.post(
        f"{API}/service-requests/assign",
        {"requests": [first.pk, second.pk], "officer": analyst.pk},
        content_type="application/json",
    )
    assert response.json() == {"assigned": 2}


def test_the_overview_over_the_api(client, head, owner, make_request):
    make_request("submitted")
    login(client, head)
    body = client.get(f"{API}/service-requests/overview").json()
    assert body[0]["counts"] == {"submitted": 1}
    client.logout()
    login(client, owner)
    assert client.get(f"{API}/service-requests/overview").status_code == 403


def test_editing_a_draft_over_the_api(client, owner, stranger, make_request):
    request = make_request("draft")
    login(client, owner)
    response = client.patch(
        f"{API}/service-requests/{request.pk}",
        {"notes": "baru", "items": [{"name": "Selendang", "quantity": 2}]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["items"][0]["quantity"] == 2
