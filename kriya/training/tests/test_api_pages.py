"""The API of the newer training pages, with the pages' access rules: in-house requests,
certification referrals, programme and batch editing, follow-ups, the certificate run.
Each: the allowed persona, one of another regency (or a stranger) and anonymous (401)."""

from datetime import date, timedelta

import pytest

from kriya.desk.models import ServiceRequest
from kriya.training import desk_link, services
from kriya.training.models import (
    Batch,
    BatchStatus,
    CertificateRun,
    CertificationReferral,
    FollowUp,
    LearningOutcome,
    Programme,
)
from kriya.training.tests.test_api import bearer

pytestmark = pytest.mark.django_db
API = "/api/v1/training"
JSON = "application/json"


def _auth(request, who):
    return {} if who == "anonymous" else bearer(request.getfixturevalue(who))


def _errors(response) -> dict:
    return {d["field"]: d["message"] for d in response.json()["error"]["details"]}


@pytest.fixture
def owner(owner_business):
    return owner_business[0]


@pytest.fixture
def stranger(make_user):
    return make_user("lain@example.test")


@pytest.mark.parametrize("who", ["owner", "stranger", "anonymous"])
def test_in_house_requests(client, request, who, owner_business, desk_service):
    owner, business = owner_business
    req = ServiceRequest.objects.create(
        business=business, service=desk_service("pelatihan"), filed_by=owner
    )
    start = date.today() + timedelta(days=30)
    desk_link.save_batch_request(
        request=req,
        data={
            "programme": None,
            "starts_on": start,
            "ends_on": start + timedelta(days=3),
            "venue_kind": "village",
            "village": None,
            "venue_detail": "Balai desa",
            "capacity": 15,
        },
        by=owner,
    )
    auth = _auth(request, who)
    listing = client.get(f"{API}/in-house-requests", **auth)
    one = client.get(f"{API}/in-house-requests/{req.pk}", **auth)
    if who == "owner":
        assert [r["request_id"] for r in listing.json()] == [req.pk]
        assert one.json()["details"]["capacity"] == 15 and one.json()["batch_id"] is None
    elif who == "stranger":
        assert (listing.json(), one.status_code) == ([], 404)
    else:
        assert (listing.status_code, one.status_code) == (401, 401)


@pytest.fixture
def competent(programme, make_batch, make_person, enrol, owner_business, assessor, unit):
    from kriya.desk.models import Service

    Service.objects.create(
        code="sertifikasi_kompetensi", name_id="Sertifikasi", body="LSP", variant="free"
    )
    programme.leads_to_competency_certificate = True
    programme.save()
    person = make_person("Rina", business=owner_business[1])
    person.set_nik("3513012345670001")
    person.save()
    enrolment = enrol(make_batch(capacity=5), person)
    services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=assessor)
    return enrolment


@pytest.mark.parametrize("who", ["assessor", "other_organiser", "anonymous"])
def test_referrals(client, request, who, competent):
    auth = _auth(request, who)
    url = f"{API}/enrolments/{competent.pk}/referral"
    started, read = client.post(url, **auth), client.get(url, **auth)
    if who == "assessor":
        assert (started.status_code, read.status_code) == (201, 200)
        assert read.json()["units"][0]["code"] == "C.13BTK00.001.1"
        assert read.json()["service_request_id"] is None  # waits for the business owner
        assert client.post(url, **auth).status_code == 200
    else:
        expected = 401 if who == "anonymous" else 404
        assert (started.status_code, read.status_code) == (expected, expected)
        assert not CertificationReferral.objects.exists()


def test_the_owner_files_a_waiting_referral(client, assessor, owner, competent):
    url = f"{API}/enrolments/{competent.pk}/referral"
    assert client.post(url, **bearer(assessor)).json()["service_request_id"] is None
    filed = client.post(url, **bearer(owner))
    assert filed.status_code == 200
    request_id = filed.json()["service_request_id"]
    request = ServiceRequest.objects.get(pk=request_id)
    assert (request.business_id, request.status) == (competent.participant.business_id, "draft")
    again = client.post(url, **bearer(owner))  # idempotent: the same request
    assert again.json()["service_request_id"] == request_id
    assert ServiceRequest.objects.filter(service__code="sertifikasi_kompetensi").count() == 1


def test_a_referral_of_a_person_not_yet_competent_is_422(
    client, assessor, competent, make_person, enrol
):
    person = make_person("Budi")
    person.set_nik("3513012345670002")
    person.save()
    other = enrol(competent.batch, person)
    response = client.post(f"{API}/enrolments/{other.pk}/referral", **bearer(assessor))
    assert response.status_code == 422 and "kompeten" in str(response.json()["error"]["details"])


def _programme_body(organiser_id, **extra):
    return {
        "title_id": "Bordir mesin",
        "organiser_id": organiser_id,
        "service_kind": "pelatihan",
        "sector": "batik",
        "technique": "bordir",
        "business_rule": "any",
        "fee_kind": "free",
        "min_age": 16,
        "max_age": 30,
        "sessions": [{"position": 1, "title_id": "Dasar", "hours": 4}],
        "outcomes": [{"session_position": 1, "text_id": "Membordir", "unit_codes": []}],
        **extra,
    }


@pytest.mark.parametrize("who", ["organiser", "other_organiser", "anonymous"])
def test_programme_create_and_update(client, request, who, programme, probolinggo_unit):
    auth = _auth(request, who)
    created = client.post(
        f"{API}/manage/programmes", _programme_body(probolinggo_unit.pk), JSON, **auth
    )
    changed = client.put(
        f"{API}/manage/programmes/{programme.pk}",
        _programme_body(probolinggo_unit.pk, sessions=None, outcomes=None, title_id="Batik baru"),
        JSON,
        **auth,
    )
    if who == "organiser":
        assert created.status_code == 201 and created.json()["sessions"] == 1
        assert Programme.objects.get(pk=created.json()["id"]).sessions.get().outcomes.count() == 1
        assert changed.status_code == 200 and changed.json()["sessions"] == 2  # kept
        programme.refresh_from_db()
        assert programme.title_id == "Batik baru"
        assert LearningOutcome.objects.filter(session__programme=programme).count() == 2
    elif who == "other_organiser":
        # Not in the organisations it may organise for: the form's field error.
        assert created.status_code == 422 and "organiser_id" in _errors(created)
        assert changed.status_code == 404
    else:
        assert (created.status_code, changed.status_code) == (401, 401)


def test_programme_validation_is_the_forms_at_the_field(client, organiser, probolinggo_unit):
    body = _programme_body(probolinggo_unit.pk, min_age=30, max_age=16)
    body["sessions"].append({"position": 1, "title_id": "Lagi", "hours": 2})
    body["outcomes"][0]["session_position"] = 9
    response = client.post(f"{API}/manage/programmes", body, JSON, **bearer(organiser))
    assert response.status_code == 422
    errors = _errors(response)
    assert {"max_age", "sessions.1.position"} <= set(errors)
    assert not Programme.objects.filter(title_id="Bordir mesin").exists()


def _batch_body(**extra):
    start = date.today() + timedelta(days=20)
    return {
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=2)).isoformat(),
        "venue_kind": "village",
        "village_code": "35.13.20.2001",
        "capacity": 10,
        **extra,
    }


@pytest.mark.parametrize("who", ["organiser", "other_organiser", "anonymous"])
def test_batch_create_and_update(client, request, who, programme, batch):
    auth = _auth(request, who)
    created = client.post(
        f"{API}/manage/programmes/{programme.pk}/batches", _batch_body(), JSON, **auth
    )
    changed = client.put(f"{API}/manage/batches/{batch.pk}", _batch_body(capacity=7), JSON, **auth)
    if who == "organiser":
        assert created.status_code == 201 and created.json()["status"] == BatchStatus.DRAFT
        assert changed.json()["capacity"] == 7 and changed.json()["status"] == batch.status
    else:
        expected = 401 if who == "anonymous" else 404
        assert (created.status_code, changed.status_code) == (expected, expected)
        assert Batch.objects.count() == 1


def test_batch_validation_is_the_forms_at_the_field(client, organiser, programme, batch):
    body = _batch_body(ends_on=date.today().isoformat(), village_code=None)
    response = client.put(f"{API}/manage/batches/{batch.pk}", body, JSON, **bearer(organiser))
    assert response.status_code == 422 and "ends_on" in _errors(response)
    response = client.put(
        f"{API}/manage/batches/{batch.pk}",
        _batch_body(village_code="35.13"),
        JSON,
        **bearer(organiser),
    )
    assert response.status_code == 422 and "village_code" in _errors(response)


@pytest.fixture
def follow_up(make_batch, make_person, enrol, facilitator):
    enrolment = enrol(make_batch(), make_person(created_by=facilitator))
    return FollowUp.objects.create(enrolment=enrolment, round=3, due_on=date.today())


@pytest.fixture
def facilitator(make_user, probolinggo_unit, member):
    from kriya.accounts.models import Role

    return member(make_user("pendamping@example.test"), probolinggo_unit, Role.FACILITATOR)


ANSWER = {"produces": True, "sells": True, "employs": True, "employees": 2, "turnover": "up"}


@pytest.mark.parametrize("who", ["facilitator", "other_organiser", "anonymous"])
def test_follow_ups(client, request, who, follow_up):
    auth = _auth(request, who)
    listing = client.get(f"{API}/follow-ups", **auth)
    answered = client.post(f"{API}/follow-ups/{follow_up.pk}/answer", ANSWER, JSON, **auth)
    if who == "facilitator":
        assert [r["id"] for r in listing.json()] == [follow_up.pk]
        assert answered.status_code == 200 and answered.json()["employees"] == 2
        follow_up.refresh_from_db()
        assert follow_up.answered_at is not None and follow_up.turnover == "up"
    elif who == "other_organiser":
        assert (listing.json(), answered.status_code) == ([], 404)
    else:
        assert (listing.status_code, answered.status_code) == (401, 401)


def test_a_follow_up_answer_is_checked_at_the_field(client, facilitator, follow_up):
    response = client.post(
        f"{API}/follow-ups/{follow_up.pk}/answer",
        {**ANSWER, "employees": None},
        JSON,
        **bearer(facilitator),
    )
    assert response.status_code == 422 and "employees" in _errors(response)
    follow_up.refresh_from_db()
    assert follow_up.answered_at is None


@pytest.mark.parametrize("who", ["organiser", "trainer", "other_organiser", "anonymous"])
def test_certificate_run(client, request, who, batch, make_person, enrol, organiser):
    enrol(batch, make_person())
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    auth = _auth(request, who)
    url = f"{API}/manage/batches/{batch.pk}/certificates"
    started, progress = client.post(url, **auth), client.get(url, **auth)
    if who == "organiser":
        assert started.status_code == 201 and started.json()["status"] == "queued"
        assert progress.json()["id"] == started.json()["id"]
        assert client.post(url, **auth).status_code == 200  # the one queued
    else:
        expected = 401 if who == "anonymous" else 404
        assert (started.status_code, progress.status_code) == (expected, expected)
        assert not CertificateRun.objects.exists()


def test_a_certificate_run_of_a_batch_not_completed_is_409(client, organiser, batch):
    response = client.post(f"{API}/manage/batches/{batch.pk}/certificates", **bearer(organiser))
    assert response.status_code == 409 and not CertificateRun.objects.exists()


def test_the_lists_cost_constant_queries(
    client, owner_business, desk_service, facilitator, follow_up, make_person, enrol, batch,
    django_assert_max_num_queries,
):  # fmt: skip
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    owner, business = owner_business

    def in_house():
        ServiceRequest.objects.create(
            business=business, service=desk_service("pelatihan"), filed_by=owner
        )

    in_house()
    lists = [
        (f"{API}/in-house-requests", bearer(owner)),
        (f"{API}/follow-ups", bearer(facilitator)),
    ]
    few = []
    for url, auth in lists:
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get(url, **auth).json()) == 1
        few.append(len(captured.captured_queries))
    for _ in range(2):
        in_house()
        e = enrol(batch, make_person(created_by=facilitator))
        FollowUp.objects.create(enrolment=e, round=3, due_on=date.today())
    for (url, auth), n in zip(lists, few, strict=True):
        with django_assert_max_num_queries(n):
            assert len(client.get(url, **auth).json()) == 3
