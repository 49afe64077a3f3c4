"""The training API: the same access rules as the pages — public reads, a person's own
enrolment, a batch's staff; another regency's organiser 404, anonymous 401."""

import pytest

from kriya.api.models import ApiToken
from kriya.training.models import Enrolment
from kriya.training.models import EnrolmentStatus as E

API = "/api/v1/training"


def bearer(user):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="uji", user=user, prefix=prefix, key_hash=key_hash)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_public_reads(client, batch, programme, make_batch):
    draft = make_batch(status="draft")
    rows = client.get(f"{API}/batches").json()
    assert [r["id"] for r in rows] == [batch.pk]
    assert rows[0]["seats_left"] == 2 and rows[0]["status"] == "open"
    body = client.get(f"{API}/programmes/{programme.slug}").json()
    assert (
        body["min_age"] == 16
        and body["sessions"][1]["outcomes"][0]["units"][0]["verified"] is False
    )
    assert client.get(f"{API}/batches/{batch.pk}").status_code == 200
    assert client.get(f"{API}/batches/{draft.pk}").status_code == 404


def test_a_person_enrols_through_the_api_idempotently(client, batch, make_person):
    person = make_person()
    auth = bearer(person.user)
    first = client.post(f"{API}/batches/{batch.pk}/enrol", **auth)
    again = client.post(f"{API}/batches/{batch.pk}/enrol", **auth)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and first.json()["status"] == "enrolled"
    assert [e["id"] for e in client.get(f"{API}/enrolments", **auth).json()] == [first.json()["id"]]


def test_eligibility_failures_answer_422_naming_the_rule(client, batch, make_person):
    person = make_person(age=40)
    response = client.post(f"{API}/batches/{batch.pk}/enrol", **bearer(person.user))
    assert response.status_code == 422
    assert "Syarat usia" in response.json()["error"]["message"] + str(
        response.json()["error"]["details"]
    )


def test_without_participant_data_the_api_says_what_to_do(client, batch, make_user):
    response = client.post(f"{API}/batches/{batch.pk}/enrol", **bearer(make_user("a@b.test")))
    assert response.status_code == 422


def test_offer_actions_and_409(client, make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    first, second = enrol(batch, make_person()), enrol(batch, make_person())
    mine = bearer(second.participant.user)
    response = client.post(
        f"{API}/enrolments/{second.pk}/actions", {"action": "accept"}, "application/json", **mine
    )
    assert response.status_code == 409
    client.post(
        f"{API}/enrolments/{first.pk}/actions",
        {"action": "cancel"},
        "application/json",
        **bearer(first.participant.user),
    )
    response = client.post(
        f"{API}/enrolments/{second.pk}/actions", {"action": "accept"}, "application/json", **mine
    )
    assert response.json()["status"] == "enrolled"
    # Someone else's enrolment: 404.
    other = bearer(make_person().user)
    assert (
        client.post(
            f"{API}/enrolments/{second.pk}/actions",
            {"action": "cancel"},
            "application/json",
            **other,
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "persona,status",
    [
        ("organiser", 200),
        ("trainer", 200),
        ("assessor", 200),
        ("other_organiser", 404),
        ("stranger", 404),
        (None, 401),
    ],
)
def test_the_roster_by_persona(
    request, client, batch, make_person, enrol, make_user, persona, status
):
    enrol(batch, make_person("Rara"))
    if persona is None:
        auth = {}
    elif persona == "stranger":
        auth = bearer(make_user("asing@example.test"))
    else:
        auth = bearer(request.getfixturevalue(persona))
    response = client.get(f"{API}/manage/batches/{batch.pk}", **auth)
    assert response.status_code == status
    if status == 200:
        assert response.json()["roster"][0]["full_name"] == "Rara"


def test_staff_move_the_batch_and_record_attendance_and_scores(
    client, organiser, trainer, other_organiser, batch, programme, make_person, enrol
):
    e = enrol(batch, make_person())
    auth = bearer(trainer)
    moved = client.post(
        f"{API}/manage/batches/{batch.pk}/actions", {"action": "start"}, "application/json", **auth
    )
    assert moved.json()["status"] == "running"
    refused = client.post(
        f"{API}/manage/batches/{batch.pk}/actions",
        {"action": "cancel", "reason": "x"},
        "application/json",
        **auth,
    )
    assert refused.status_code == 403
    again = client.post(
        f"{API}/manage/batches/{batch.pk}/actions", {"action": "start"}, "application/json", **auth
    )
    assert again.status_code == 409
    session = programme.sessions.first()
    body = {"session_id": session.pk, "enrolment_ids": [e.pk, e.pk]}
    assert client.post(
        f"{API}/manage/batches/{batch.pk}/attendance", body, "application/json", **auth
    ).json() == {"added": 1}
    scored = client.post(
        f"{API}/manage/batches/{batch.pk}/scores",
        {"scores": [{"enrolment_id": e.pk, "pre_test": 30, "post_test": 80}]},
        "application/json",
        **auth,
    )
    assert scored.json()["roster"][0]["post_test"] == 80
    out_of_range = client.post(
        f"{API}/manage/batches/{batch.pk}/scores",
        {"scores": [{"enrolment_id": e.pk, "post_test": 101}]},
        "application/json",
        **auth,
    )
    assert out_of_range.status_code == 422
    assert (
        client.post(
            f"{API}/manage/batches/{batch.pk}/attendance",
            body,
            "application/json",
            **bearer(other_organiser),
        ).status_code
        == 404
    )
    assert Enrolment.objects.get().status == E.ENROLLED
