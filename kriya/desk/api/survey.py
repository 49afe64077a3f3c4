"""The satisfaction survey in the API: one request's survey, answering it, the index (IKM)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema

from kriya.api.auth import token_or_session
from kriya.api.types import BigInt, Id, one_of
from kriya.desk import survey
from kriya.desk.access import can_see_overview, get_request_for
from kriya.desk.workflow import is_applicant

router = Router(tags=["services"])


class AnswerOut(Schema):
    score: BigInt
    label: str


class ElementOut(Schema):
    code: str
    name: str
    question: str
    answers: list[AnswerOut]


class SurveyOut(Schema):
    answered: bool
    answered_at: datetime | None
    can_answer: bool
    elements: list[ElementOut]
    scores: dict[str, BigInt] | None


class SurveyIn(Schema):
    scores: dict[str, Annotated[int, Field(ge=1, le=4)]]
    suggestion: str = ""


class IndexRowOut(Schema):
    service: str
    service_name: str
    respondents: BigInt
    mean: float | None
    ikm: float | None
    grade: one_of(["", *(letter for _, letter, _ in survey.GRADES)])  # type: ignore[valid-type]
    grade_label: str
    elements: dict[str, float]


class IndexOut(Schema):
    period: str
    period_label: str
    start: date
    end: date
    services: list[IndexRowOut]
    total: IndexRowOut


def _survey_out(req, user) -> dict:
    response = getattr(req, "survey", None) if survey.has_answered(req) else None
    return {
        "answered": response is not None,
        "answered_at": response.created_at if response else None,
        "can_answer": response is None and survey.can_answer_survey(user, req),
        "elements": [
            {
                "code": code,
                "name": str(name),
                "question": str(question),
                "answers": [{"score": n, "label": str(a)} for n, a in answers],
            }
            for code, name, question, answers in survey.elements()
        ],
        # The applicant sees their own answer; the agency only the index.
        "scores": dict(zip(survey.SURVEY_FIELDS, response.scores, strict=True))
        if response is not None and is_applicant(user, req)
        else None,
    }


def _index_row_out(row) -> dict:
    letter, label = row.grade
    return {
        "service": row.service_code,
        "service_name": row.service_name,
        "respondents": row.respondents,
        "mean": row.mean,
        "ikm": row.ikm,
        "grade": letter,
        "grade_label": label,
        "elements": row.element_means,
    }


@router.get(
    "/service-requests/{request_id}/survey",
    response=SurveyOut,
    auth=token_or_session,
    summary="The satisfaction survey of a request: its questions and whether it is answered",
    operation_id="kriya_api_services_extra_get_survey",
)
def get_survey(request, request_id: Id):
    user = request.auth
    return _survey_out(get_request_for(user, request_id), user)


@router.post(
    "/service-requests/{request_id}/survey",
    response={201: SurveyOut},
    auth=token_or_session,
    summary="Answer the satisfaction survey of a completed request (applicant; once)",
    operation_id="kriya_api_services_extra_answer_survey",
)
def answer_survey(request, request_id: Id, payload: SurveyIn):
    user = request.auth
    req = get_request_for(user, request_id)
    survey.answer_survey(request=req, scores=payload.scores, suggestion=payload.suggestion, by=user)
    return 201, _survey_out(get_request_for(user, request_id), user)


@router.get(
    "/satisfaction-index",
    response=IndexOut,
    auth=token_or_session,
    summary="IKM per service for a period: 2026, 2026-S1, 2026-Q3 (head, desk)",
    operation_id="kriya_api_services_extra_satisfaction_index",
)
def satisfaction_index(request, period: str = ""):
    if not can_see_overview(request.auth):
        raise PermissionDenied
    chosen = survey.parse_period(period)
    rows, total = survey.satisfaction_index(chosen)
    return {
        "period": chosen.key,
        "period_label": chosen.label,
        "start": chosen.start,
        "end": chosen.end,
        "services": [_index_row_out(r) for r in rows],
        "total": _index_row_out(total),
    }
