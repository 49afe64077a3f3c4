"""Passes, check-in and certificates through kriya.verify: a pass per seat, the
check-in sync (record_scans, then attendance in bulk, duplicates and out-of-order
arrival counted once, constant queries), the certificate at completion — its PDF in
both languages, verification online and offline agreeing, revocation — and the Open
Badge (schema-valid, signature checked with an independent JOSE library)."""

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kriya.training import register, services
from kriya.training.models import Attendance
from kriya.training.models import EnrolmentStatus as E
from kriya.verify.models import IssuedDocument


def scan(document, *, minutes=0, nonce=None):
    return {
        "nonce": nonce or str(uuid.uuid4()),
        "payload": document.qr_text,
        "scanned_at": (timezone.now() - timedelta(minutes=minutes)).isoformat(),
    }


def pass_of(enrolment):
    enrolment.refresh_from_db()
    return register.document_of(register.PASS, enrolment.pass_number)


def test_a_seat_gets_a_signed_pass_and_a_waitlisted_person_none(make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    seated, waiting = enrol(batch, make_person("Ani")), enrol(batch, make_person("Budi"))
    document = pass_of(seated)
    assert document.doc_type == "training_pass" and document.holder_name == "Ani"
    assert waiting.pass_number == ""
    services.cancel_enrolment(enrolment=seated, by=seated.participant.user)
    document.refresh_from_db()
    assert document.status == "withdrawn"
    waiting.refresh_from_db()
    services.accept_offer(enrolment=waiting, by=waiting.participant.user)
    assert pass_of(waiting) is not None


def test_the_pass_page_shows_the_qr_to_its_holder_only(client, batch, make_person, enrol):
    enrolment = enrol(batch, make_person())
    client.force_login(enrolment.participant.user)
    html = client.get(reverse("training:pass", args=[enrolment.pk])).content.decode()
    assert "<svg" in html and enrolment.pass_number in html
    client.force_login(make_person().user)
    assert client.get(reverse("training:pass", args=[enrolment.pk])).status_code == 404


def _sync(client, batch, session, scans):
    return client.post(
        reverse("training:checkin_sync", args=[batch.pk, session.pk]),
        json.dumps({"scans": scans}),
        content_type="application/json",
    )


def test_offline_scans_sync_into_attendance_once(
    client, trainer, make_batch, make_person, enrol, programme
):
    batch = make_batch(capacity=10)
    people = [enrol(batch, make_person()) for _ in range(4)]
    other_batch = make_batch(capacity=5)
    stranger = enrol(other_batch, make_person())
    session = programme.sessions.first()
    scans = [scan(pass_of(e), minutes=30 - i) for i, e in enumerate(people)]
    client.force_login(trainer)
    page = client.get(reverse("training:checkin", args=[batch.pk, session.pk]))
    assert page.status_code == 200 and "data-checkin" in page.content.decode()
    roster = client.get(reverse("training:checkin_roster", args=[batch.pk, session.pk])).json()
    assert {p["number"] for p in roster["people"]} == {e.pass_number for e in people}
    assert all(p["payload"] for p in roster["people"])
    # First sync: two of them, out of order; the second sync repeats one and adds the rest,
    # plus a second scan of someone already in and a pass of another batch.
    first = _sync(client, batch, session, [scans[2], scans[0]]).json()
    assert first["counts"] == {"accepted": 2, "duplicate": 0, "rejected": 0}
    second = _sync(
        client,
        batch,
        session,
        scans[::-1] + [scan(pass_of(people[1]))] + [scan(pass_of(stranger))],
    ).json()
    assert second["counts"] == {"accepted": 2, "duplicate": 3, "rejected": 1}
    assert Attendance.objects.filter(session=session).count() == 4
    roster = client.get(reverse("training:checkin_roster", args=[batch.pk, session.pk])).json()
    assert all(p["present"] for p in roster["people"])


def test_a_sync_costs_constant_queries(client, trainer, make_batch, make_person, enrol, programme):
    batch = make_batch(capacity=40)
    people = [enrol(batch, make_person()) for _ in range(24)]
    sessions = list(programme.sessions.all())
    client.force_login(trainer)
    _sync(client, batch, sessions[0], [scan(pass_of(people[0]))])  # warm-up
    with CaptureQueriesContext(connection) as few:
        _sync(client, batch, sessions[1], [scan(pass_of(e)) for e in people[:2]])
    many = [scan(pass_of(e)) for e in people[2:]]
    with CaptureQueriesContext(connection) as lots:
        response = _sync(client, batch, sessions[1], many)
    assert response.json()["counts"]["accepted"] == 22
    assert len(lots.captured_queries) <= len(few.captured_queries)


def test_checkin_is_404_for_others(client, other_organiser, batch, programme):
    session = programme.sessions.first()
    client.force_login(other_organiser)
    for name in ("checkin", "checkin_roster"):
        assert (
            client.get(reverse(f"training:{name}", args=[batch.pk, session.pk])).status_code == 404
        )
    assert _sync(client, batch, session, []).status_code == 404


@pytest.fixture
def completed(make_batch, make_person, enrol, organiser, trainer, assessor, programme, unit):
    batch = make_batch(capacity=3)
    good, weak = enrol(batch, make_person("Ayu Lestari")), enrol(batch, make_person("Budi"))
    for session in programme.sessions.all():
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=[good.pk, weak.pk], by=trainer
        )
    services.record_scores(batch=batch, scores={good.pk: (40, 90), weak.pk: (30, 50)}, by=trainer)
    for e in (good, weak):
        services.assess_unit(enrolment=e, unit=unit, result="competent", by=assessor)
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    good.refresh_from_db()
    weak.refresh_from_db()
    return good, weak


def test_completing_participants_get_a_certificate_that_verifies(client, completed):
    from kriya.verify import offline
    from kriya.verify.queries import LiveStatusLists, keyring, revocations, verify_payload

    good, weak = completed
    assert good.status == E.COMPLETED and weak.status == E.ENROLLED
    assert weak.certificate_number == ""
    document = register.document_of(register.CERTIFICATE, good.certificate_number)
    assert document.holder_name == "Ayu Lestari"
    # Server and offline verifier agree: valid.
    assert verify_payload(document.payload).verdict.value == "valid"
    outcome = offline.verify(
        document.payload,
        keyring(),
        LiveStatusLists(),
        today=timezone.localdate(),
        revoked=revocations(),
    )
    assert outcome.verdict.value == "valid"
    page = client.get(reverse("verify:check"), {"q": document.payload})
    assert page.status_code == 200 and "Ayu Lestari" in page.content.decode()


def test_the_certificate_pdf_in_both_languages(client, completed, monkeypatch):
    good, _weak = completed
    rendered = []

    def fake(html, *, base_url):
        rendered.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("kriya.training.documents.html_to_pdf", fake)
    client.force_login(good.participant.user)
    page = client.get(reverse("training:my_enrolment", args=[good.pk])).content.decode()
    assert "data-certificate" in page and "data-badge" in page
    response = client.get(reverse("training:certificate_pdf", args=[good.pk]))
    assert response["Content-Type"] == "application/pdf"
    client.get(reverse("training:certificate_pdf", args=[good.pk]) + "?bahasa=en")
    assert "SERTIFIKAT PELATIHAN" in rendered[0] and "Ayu Lestari" in rendered[0]
    assert "<svg" in rendered[0] and good.certificate_number in rendered[0]
    assert "TRAINING CERTIFICATE" in rendered[1]


def test_the_real_pdf_renders(completed):
    from kriya.training.documents import certificate_pdf

    good, _weak = completed
    document = register.document_of(register.CERTIFICATE, good.certificate_number)
    assert certificate_pdf(good, document, "id").startswith(b"%PDF")


def test_an_organiser_revokes_a_certificate_and_verifiers_see_it(
    client, completed, organiser, trainer
):
    from kriya.verify import offline
    from kriya.verify.queries import LiveStatusLists, keyring, revocations, verify_payload

    good, _weak = completed
    client.force_login(trainer)
    response = client.post(reverse("training:certificate_revoke", args=[good.pk]), {"reason": "x"})
    assert response.status_code == 404
    client.force_login(organiser)
    client.post(reverse("training:certificate_revoke", args=[good.pk]), {"reason": ""})
    document = IssuedDocument.objects.get(number=good.certificate_number)
    assert document.status == "active"
    client.post(reverse("training:certificate_revoke", args=[good.pk]), {"reason": "Data palsu"})
    document.refresh_from_db()
    assert document.status == "withdrawn"
    assert verify_payload(document.payload).verdict.value == "withdrawn"
    outcome = offline.verify(
        document.payload,
        keyring(),
        LiveStatusLists(),
        today=timezone.localdate(),
        revoked=revocations(),
    )
    assert outcome.verdict.value == "withdrawn"


def test_the_open_badge_is_valid_and_signed(client, completed):
    from joserfc import jwt
    from joserfc.jwk import KeySet
    from jsonschema import Draft201909Validator

    from kriya.verify import badges

    good, _weak = completed
    client.force_login(good.participant.user)
    credential = client.get(reverse("training:badge_json", args=[good.pk])).json()
    schema_path = (
        Path(__file__).resolve().parents[2]
        / "verify/tests/schemas/ob_v3p0_achievementcredential_schema.json"
    )
    schema = json.loads(schema_path.read_text())
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(credential)] == []
    assert credential["credentialSubject"]["name"] == "Ayu Lestari"
    token = client.get(reverse("training:badge_jwt", args=[good.pk])).content.decode()
    decoded = jwt.decode(token, KeySet.import_key_set(badges.jwks()), algorithms=["EdDSA"])
    assert decoded.claims["id"] == credential["id"]
