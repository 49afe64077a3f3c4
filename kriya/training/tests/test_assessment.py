"""Assessment: scores and knowledge gain, practical units with evidence checked by
content, the assessor rule (never the batch's trainer when the programme leads to a
competency certificate), and completion by the programme's rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kriya.training import queries, services
from kriya.training.models import EnrolmentStatus as E
from kriya.training.models import UnitAssessment

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def competency_programme(programme):
    programme.leads_to_competency_certificate = True
    programme.save()
    return programme


def test_the_trainer_may_not_assess_when_the_programme_leads_to_a_certificate(
    competency_programme, make_batch, make_person, trainer, assessor, unit
):
    batch = make_batch()
    person = make_person()
    person.set_nik("3513012345670001")
    person.save()
    enrolment, _ = services.enrol_participant(batch=batch, participant=person, by=person.user)
    with pytest.raises(PermissionDenied) as refused:
        services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=trainer)
    assert "Penilai tidak boleh pelatih" in str(refused.value)
    # Even when the trainer is also named the assessor.
    batch.assessor = trainer
    batch.save()
    with pytest.raises(PermissionDenied):
        services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=trainer)
    batch.assessor = assessor
    batch.save()
    services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=assessor)
    assert UnitAssessment.objects.get().assessor == assessor


def test_without_a_certificate_the_trainer_assessor_may_assess(
    make_batch, make_person, enrol, trainer, unit
):
    batch = make_batch()
    batch.assessor = trainer
    batch.save()
    enrolment = enrol(batch, make_person())
    services.assess_unit(enrolment=enrolment, unit=unit, result="not_yet", by=trainer)


def test_the_assessment_page_is_404_for_the_trainer_of_a_certificate_programme(
    client, competency_programme, make_batch, make_person, trainer, assessor, unit
):
    batch = make_batch()
    person = make_person()
    person.set_nik("3513012345670001")
    person.save()
    enrolment, _ = services.enrol_participant(batch=batch, participant=person, by=person.user)
    client.force_login(trainer)
    assert client.get(reverse("training:assess", args=[enrolment.pk])).status_code == 404
    client.force_login(assessor)
    response = client.post(
        reverse("training:assess", args=[enrolment.pk]),
        {
            "unit": unit.pk,
            "result": "competent",
            "note": "Canting rapi",
            "evidence": SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    done = UnitAssessment.objects.get()
    assert done.judgement == "competent" and done.evidence.name.endswith(".pdf")


def test_evidence_is_checked_by_content(client, make_batch, make_person, enrol, assessor, unit):
    enrolment = enrol(make_batch(), make_person())
    client.force_login(assessor)
    response = client.post(
        reverse("training:assess", args=[enrolment.pk]),
        {
            "unit": unit.pk,
            "result": "competent",
            "evidence": SimpleUploadedFile("foto.jpg", b"not a picture", "image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert not UnitAssessment.objects.exists()
    with pytest.raises(ValidationError):
        services.assess_unit(
            enrolment=enrolment,
            unit=unit,
            result="competent",
            by=assessor,
            evidence=SimpleUploadedFile("x.pdf", b"%PDF-nope", "application/pdf"),
        )


def test_completion_follows_the_programme_rule(
    make_batch, make_person, enrol, organiser, assessor, programme, unit
):
    batch = make_batch(capacity=5)
    good, absent, weak = (enrol(batch, make_person()) for _ in range(3))
    sessions = list(programme.sessions.all())
    for session in sessions:
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=[good.pk, weak.pk], by=organiser
        )
    services.record_attendance(
        batch=batch, session=sessions[0], enrolment_ids=[absent.pk], by=organiser
    )
    services.record_scores(
        batch=batch,
        scores={good.pk: (40, 90), absent.pk: (50, 95), weak.pk: (30, 60)},
        by=organiser,
    )
    for e in (good, absent, weak):
        services.assess_unit(enrolment=e, unit=unit, result="competent", by=assessor)
    assert queries.batch_summary(batch)["gain"] == round((50 + 45 + 30) / 3, 1)
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    for e in (good, absent, weak):
        e.refresh_from_db()
    assert (good.status, absent.status, weak.status) == (E.COMPLETED, E.ENROLLED, E.ENROLLED)
    assert good.completed_at is not None


def test_a_unit_not_yet_competent_blocks_completion(
    make_batch, make_person, enrol, organiser, assessor, programme, unit
):
    batch = make_batch()
    e = enrol(batch, make_person())
    for session in programme.sessions.all():
        services.record_attendance(batch=batch, session=session, enrolment_ids=[e.pk], by=organiser)
    services.record_scores(batch=batch, scores={e.pk: (10, 100)}, by=organiser)
    services.assess_unit(enrolment=e, unit=unit, result="not_yet", by=assessor)
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    e.refresh_from_db()
    assert e.status == E.ENROLLED


def test_attendance_is_recorded_once_with_constant_queries(
    make_batch, make_person, enrol, organiser, programme, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    batch = make_batch(capacity=50)
    people = [enrol(batch, make_person()) for _ in range(12)]
    session, other = programme.sessions.all()[:2]

    def fresh():
        return type(batch).objects.get(pk=batch.pk), type(organiser).objects.get(pk=organiser.pk)

    b, by = fresh()
    with CaptureQueriesContext(connection) as one:
        services.record_attendance(batch=b, session=other, enrolment_ids=[people[0].pk], by=by)
    services.record_attendance(batch=b, session=session, enrolment_ids=[people[0].pk], by=by)
    b, by = fresh()
    with django_assert_num_queries(len(one.captured_queries)):
        added = services.record_attendance(
            batch=b, session=session, enrolment_ids=[p.pk for p in people] * 2, by=by
        )
    assert added == 11
    assert session and people[0].attendance.filter(session=session).count() == 1
