"""The satisfaction survey: the applicant of a completed request answers the nine
elements (1–4) once, before the result can be downloaded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kriya.core.models import AuditEvent
from kriya.desk import survey
from kriya.desk.access import result_gate
from kriya.desk.models import SURVEY_FIELDS, SurveyResponse

ALL_FOUR = {code: 4 for code in SURVEY_FIELDS}


def test_there_are_the_nine_elements_of_the_regulation_each_with_four_answers():
    elements = survey.elements()
    assert [str(name) for _c, name, _q, _a in elements] == [
        "Persyaratan",
        "Sistem, mekanisme dan prosedur",
        "Waktu penyelesaian",
        "Biaya/tarif",
        "Produk spesifikasi jenis pelayanan",
        "Kompetensi pelaksana",
        "Perilaku pelaksana",
        "Penanganan pengaduan, saran dan masukan",
        "Sarana dan prasarana",
    ]
    assert all([score for score, _a in answers] == [1, 2, 3, 4] for *_x, answers in elements)


def test_the_owner_answers_the_survey_of_a_completed_request(owner, make_request):
    request = make_request("completed")
    response = survey.answer_survey(
        request=request, scores=ALL_FOUR, suggestion="Ruang tunggu sejuk", by=owner
    )
    assert response.mean == 4 and response.service == request.service
    assert response.suggestion == "Ruang tunggu sejuk"


def test_a_facilitator_with_consent_may_answer_for_the_business(facilitator, consent, make_request):
    survey.answer_survey(request=make_request("completed"), scores=ALL_FOUR, by=facilitator)


def test_one_survey_per_request(owner, facilitator, consent, make_request):
    request = make_request("completed")
    survey.answer_survey(request=request, scores=ALL_FOUR, by=owner)
    with pytest.raises(ValidationError, match="sudah diisi"):
        survey.answer_survey(request=request, scores=ALL_FOUR, by=facilitator)
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("status", ["result_ready", "in_progress", "cancelled", "rejected"])
def test_only_a_completed_request_is_surveyed(status, owner, make_request):
    with pytest.raises(PermissionDenied):
        survey.answer_survey(request=make_request(status), scores=ALL_FOUR, by=owner)


@pytest.mark.parametrize("name", ["desk", "head", "officer", "stranger", "analyst"])
def test_only_the_applicant_answers(name, personas, make_request):
    with pytest.raises(PermissionDenied):
        survey.answer_survey(request=make_request("completed"), scores=ALL_FOUR, by=personas[name])


@pytest.mark.parametrize("bad", [None, 0, 5, "x"])
def test_every_element_needs_a_score_from_1_to_4(bad, owner, make_request):
    scores = {**ALL_FOUR, "u3": bad}
    with pytest.raises(ValidationError) as error:
        survey.answer_survey(request=make_request("completed"), scores=scores, by=owner)
    assert list(error.value.message_dict) == ["u3"]
    assert not SurveyResponse.objects.exists()


def test_the_database_refuses_a_score_outside_1_to_4(owner, make_request):
    request = make_request("completed")
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            request=request, service=request.service, respondent=owner, **{**ALL_FOUR, "u9": 5}
        )


def test_the_timeline_tells_the_survey_was_answered_without_the_scores(owner, make_request):
    request = make_request("completed")
    survey.answer_survey(request=request, scores=ALL_FOUR, by=owner)
    event = AuditEvent.objects.for_object(request).get(verb="service_request.survey_answered")
    assert set(event.data) == {"survey"}


def test_a_facilitator_answering_is_shown_as_acting_for_the_business(
    facilitator, consent, make_request
):
    from kriya.desk.queries import timeline

    request = make_request("completed")
    survey.answer_survey(request=request, scores=ALL_FOUR, by=facilitator)
    assert timeline(request)[-1].actor_name == "Pendamping untuk Batik Prabulinggih"


def test_the_result_gate_leads_the_applicant_to_the_survey(owner, officer, desk, make_request):
    request = make_request("completed")
    gate = result_gate(owner, request)
    assert gate.url == f"/permohonan/{request.pk}/survei/" and gate.action == "Isi survei"
    assert result_gate(officer, request).url == ""  # reads, waits for the applicant
    assert result_gate(desk, request) is None
    survey.answer_survey(request=request, scores=ALL_FOUR, by=owner)
    assert result_gate(owner, request) is None
    assert result_gate(officer, request) is None
