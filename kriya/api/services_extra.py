"""Service desk API, part two: sponsorship (programmes, recommendations, sponsorships),
the caller's notifications, the satisfaction survey and its index (IKM), complaints.
Same services and access checks as the pages; errors in the one JSON format."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kriya.accounts.models import Organisation
from kriya.core.workflow import InvalidTransition
from kriya.desk import complaints, notifications, survey
from kriya.desk import sponsorship as sponsorship_services
from kriya.desk.access import (
    active_sponsorship,
    can_manage_programmes,
    can_see_overview,
    can_sponsor,
    complaints_visible_to,
    get_complaint_for,
    get_notification_for,
    get_programme_for,
    get_request_for,
    is_agency,
    officer_unit_ids,
    programmes_visible_to,
)
from kriya.desk.models import Notification, Programme, Service, Sponsorship
from kriya.desk.workflow import is_applicant

from .auth import token_or_session
from .services import ReasonIn

router = Router(tags=["services"])


# --- Sponsorship -----------------------------------------------------------------------


class ProgrammeIn(Schema):
    unit: int
    name: str
    description: str = ""
    services: list[str]
    starts_on: date
    ends_on: date
    quota: int


class ProgrammeOut(Schema):
    id: int
    name: str
    description: str
    unit: int
    unit_name: str
    regency: str
    services: list[str]
    starts_on: date
    ends_on: date
    quota: int
    used: int
    left: int
    is_active: bool


class SponsorshipOut(Schema):
    id: int
    programme: int
    programme_name: str
    request: int
    request_number: str
    business: int
    sponsored_by: str
    created_at: datetime
    released_at: datetime | None
    release_reason: str


class ProgrammeDetailOut(ProgrammeOut):
    sponsorships: list[SponsorshipOut]


class RecommendationOut(Schema):
    id: int
    unit: str
    note: str
    recommended_by: str
    created_at: datetime


class RequestSponsorshipOut(Schema):
    sponsorship: SponsorshipOut | None
    recommendations: list[RecommendationOut]


class RecommendIn(Schema):
    note: str


class SponsorIn(Schema):
    programme: int
    note: str = ""


def _programme_out(p: Programme) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "description": p.description,
        "unit": p.unit_id,
        "unit_name": p.unit.name,
        "regency": p.unit.regency_id or "",
        "services": [s.code for s in p.services.all()],
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "quota": p.quota,
        "used": p.used,
        "left": p.left,
        "is_active": p.is_active,
    }


def _sponsorship_out(s: Sponsorship) -> dict:
    return {
        "id": s.pk,
        "programme": s.programme_id,
        "programme_name": s.programme.name,
        "request": s.request_id,
        "request_number": s.request.number,
        "business": s.business_id,
        "sponsored_by": str(s.sponsored_by),
        "created_at": s.created_at,
        "released_at": s.released_at,
        "release_reason": s.release_reason,
    }


def _request_sponsorship(req) -> dict:
    sponsorship = active_sponsorship(req)
    return {
        "sponsorship": _sponsorship_out(sponsorship) if sponsorship else None,
        "recommendations": [
            {
                "id": r.pk,
                "unit": r.unit.name,
                "note": r.note,
                "recommended_by": str(r.recommended_by),
                "created_at": r.created_at,
            }
            for r in req.recommendations.select_related("unit", "recommended_by")
        ],
    }


@router.get(
    "/programmes",
    response=list[ProgrammeOut],
    auth=token_or_session,
    summary="Sponsorship programmes (regency officers: their regency; agency: all)",
    operation_id="kriya_api_services_extra_list_programmes",
)
def list_programmes(request):
    user = request.auth
    if not (is_agency(user) or can_manage_programmes(user)):
        raise PermissionDenied
    qs = programmes_visible_to(user).select_related("unit").prefetch_related("services")
    return [_programme_out(p) for p in qs]


@router.post(
    "/programmes",
    response={201: ProgrammeOut},
    auth=token_or_session,
    summary="Open a programme of one of your regency units (regency officer)",
    operation_id="kriya_api_services_extra_create_programme",
)
def create_programme(request, payload: ProgrammeIn):
    user = request.auth
    if not can_manage_programmes(user):
        raise PermissionDenied
    unit = get_object_or_404(Organisation, pk=payload.unit, pk__in=officer_unit_ids(user))
    services = list(Service.objects.active().filter(code__in=payload.services))
    programme = sponsorship_services.create_programme(
        unit=unit,
        name=payload.name,
        description=payload.description,
        services=services,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        quota=payload.quota,
        by=user,
    )
    return 201, _programme_out(programme)


@router.get(
    "/programmes/{programme_id}",
    response=ProgrammeDetailOut,
    auth=token_or_session,
    summary="One programme with its sponsorships",
    operation_id="kriya_api_services_extra_get_programme",
)
def get_programme(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    sponsorships = programme.sponsorships.select_related("programme", "request", "sponsored_by")
    return {
        **_programme_out(programme),
        "sponsorships": [_sponsorship_out(s) for s in sponsorships],
    }


@router.get(
    "/service-requests/{request_id}/sponsorship",
    response=RequestSponsorshipOut,
    auth=token_or_session,
    summary="The request's active sponsorship and its recommendations",
    operation_id="kriya_api_services_extra_request_sponsorship",
)
def request_sponsorship(request, request_id: int):
    return _request_sponsorship(get_request_for(request.auth, request_id))


@router.post(
    "/service-requests/{request_id}/recommendations",
    response={201: RequestSponsorshipOut},
    auth=token_or_session,
    summary="Recommend a request of a business in your regency (regency officer)",
    operation_id="kriya_api_services_extra_recommend",
)
def recommend(request, request_id: int, payload: RecommendIn):
    req = get_request_for(request.auth, request_id)
    sponsorship_services.recommend_request(request=req, note=payload.note, by=request.auth)
    return 201, _request_sponsorship(req)


@router.post(
    "/service-requests/{request_id}/sponsorship",
    response={201: RequestSponsorshipOut},
    auth=token_or_session,
    summary="Sponsor a request from a programme of your unit (regency officer; quota-safe)",
    operation_id="kriya_api_services_extra_sponsor",
)
def sponsor(request, request_id: int, payload: SponsorIn):
    user = request.auth
    req = get_request_for(user, request_id)
    if not can_sponsor(user, req):
        raise PermissionDenied("Anda tidak dapat mendanai permohonan ini sekarang.")
    programme = get_programme_for(user, payload.programme)
    sponsorship_services.sponsor_request(
        request=req, programme=programme, note=payload.note, by=user
    )
    return 201, _request_sponsorship(req)


@router.post(
    "/service-requests/{request_id}/sponsorship/withdraw",
    response=RequestSponsorshipOut,
    auth=token_or_session,
    summary="Withdraw the request's sponsorship before a bill is issued (regency officer)",
    operation_id="kriya_api_services_extra_withdraw",
)
def withdraw(request, request_id: int, payload: ReasonIn):
    user = request.auth
    req = get_request_for(user, request_id)
    sponsorship = active_sponsorship(req)
    if sponsorship is None:
        raise PermissionDenied("Permohonan ini tidak didanai program.")
    sponsorship_services.withdraw_sponsorship(
        sponsorship=sponsorship, by=user, reason=payload.reason
    )
    return _request_sponsorship(req)


# --- Notifications ---------------------------------------------------------------------


class NotificationOut(Schema):
    id: int
    event: str
    label: str
    note: str
    request: int | None
    request_number: str
    actor: str
    url: str
    created_at: datetime
    read_at: datetime | None

    # Resolved per row, so that a page of a long inbox reads only that page.
    @staticmethod
    def resolve_label(obj):
        return notifications.label_for(obj.event)

    @staticmethod
    def resolve_note(obj):
        return notifications.note_for(obj)

    @staticmethod
    def resolve_request(obj):
        return obj.request_id

    @staticmethod
    def resolve_request_number(obj):
        return obj.request.number if obj.request_id else ""

    @staticmethod
    def resolve_actor(obj):
        return str(obj.actor) if obj.actor_id else ""


class CountOut(Schema):
    unread: int


@router.get(
    "/notifications",
    response=list[NotificationOut],
    auth=token_or_session,
    summary="The caller's notifications, newest first (unread=true for the unread ones)",
    operation_id="kriya_api_services_extra_list_notifications",
)
@paginate(LimitOffsetPagination)
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.filter(recipient=request.auth).select_related("request", "actor")
    if unread:
        qs = qs.unread()
    return qs


@router.get(
    "/notifications/unread-count",
    response=CountOut,
    auth=token_or_session,
    summary="How many of the caller's notifications are unread",
    operation_id="kriya_api_services_extra_unread_count",
)
def unread_count(request):
    return {"unread": Notification.objects.filter(recipient=request.auth).unread().count()}


@router.post(
    "/notifications/read-all",
    response=CountOut,
    auth=token_or_session,
    summary="Mark all the caller's notifications read",
    operation_id="kriya_api_services_extra_read_all",
)
def read_all(request):
    notifications.mark_all_read(by=request.auth)
    return {"unread": 0}


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    auth=token_or_session,
    summary="Mark one of the caller's notifications read",
    operation_id="kriya_api_services_extra_read_one",
)
def read_one(request, notification_id: int):
    notification = get_notification_for(request.auth, notification_id)
    notifications.mark_read(notification=notification, by=request.auth)
    notification.refresh_from_db()
    return notification


# --- Satisfaction survey ---------------------------------------------------------------


class AnswerOut(Schema):
    score: int
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
    scores: dict[str, int] | None


class SurveyIn(Schema):
    scores: dict[str, int]
    suggestion: str = ""


class IndexRowOut(Schema):
    service: str
    service_name: str
    respondents: int
    mean: float | None
    ikm: float | None
    grade: str
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
def get_survey(request, request_id: int):
    user = request.auth
    return _survey_out(get_request_for(user, request_id), user)


@router.post(
    "/service-requests/{request_id}/survey",
    response={201: SurveyOut},
    auth=token_or_session,
    summary="Answer the satisfaction survey of a completed request (applicant; once)",
    operation_id="kriya_api_services_extra_answer_survey",
)
def answer_survey(request, request_id: int, payload: SurveyIn):
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


# --- Complaints --------------------------------------------------------------------------


class ComplaintIn(Schema):
    subject: str
    body: str


class ComplaintActionIn(Schema):
    text: str = ""


class ComplaintHistoryOut(Schema):
    when: datetime
    actor: str
    verb: str
    label: str


class ComplaintOut(Schema):
    id: int
    number: str
    request: int
    request_number: str
    subject: str
    body: str
    status: str
    status_label: str
    filed_by: str
    created_at: datetime
    answer: str
    answered_by: str
    answered_at: datetime | None
    closed_at: datetime | None
    actions: list[str]
    history: list[ComplaintHistoryOut]


def _complaint_out(c, user) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "request": c.request_id,
        "request_number": c.request.number,
        "subject": c.subject,
        "body": c.body,
        "status": c.status,
        "status_label": str(c.get_status_display()),
        "filed_by": str(c.filed_by),
        "created_at": c.created_at,
        "answer": c.answer,
        "answered_by": str(c.answered_by) if c.answered_by_id else "",
        "answered_at": c.answered_at,
        "closed_at": c.closed_at,
        "actions": [m.action for m in complaints.LIFECYCLE.available(c, user)],
        "history": [
            {"when": e.when, "actor": e.actor_name, "verb": e.verb, "label": e.label}
            for e in complaints.history(c)
        ],
    }


@router.get(
    "/complaints",
    response=list[ComplaintOut],
    auth=token_or_session,
    summary="Complaints the caller may see (head, desk: all; a business: its own)",
    operation_id="kriya_api_services_extra_list_complaints",
)
@paginate(LimitOffsetPagination)
def list_complaints(request, status: str = ""):
    user = request.auth
    qs = complaints_visible_to(user).select_related("request", "filed_by", "answered_by")
    if status:
        qs = qs.filter(status=status)
    return [_complaint_out(c, user) for c in qs]


@router.post(
    "/service-requests/{request_id}/complaints",
    response={201: ComplaintOut},
    auth=token_or_session,
    summary="File a complaint on a request (applicant)",
    operation_id="kriya_api_services_extra_file_complaint",
)
def file_complaint(request, request_id: int, payload: ComplaintIn):
    user = request.auth
    req = get_request_for(user, request_id)
    complaint = complaints.file_complaint(
        request=req, subject=payload.subject, body=payload.body, by=user
    )
    return 201, _complaint_out(get_complaint_for(user, complaint.pk), user)


@router.get(
    "/complaints/{complaint_id}",
    response=ComplaintOut,
    auth=token_or_session,
    summary="One complaint with its answer, history and the caller's actions",
    operation_id="kriya_api_services_extra_get_complaint",
)
def get_complaint(request, complaint_id: int):
    return _complaint_out(get_complaint_for(request.auth, complaint_id), request.auth)


@router.post(
    "/complaints/{complaint_id}/actions/{action}",
    response=ComplaintOut,
    auth=token_or_session,
    summary="A move of the complaint: handle, answer (text), close",
    operation_id="kriya_api_services_extra_complaint_action",
)
def complaint_action(request, complaint_id: int, action: str, payload: ComplaintActionIn):
    user = request.auth
    complaint = get_complaint_for(user, complaint_id)
    try:
        complaints.transition_complaint(
            complaint=complaint, action=action, by=user, text=payload.text
        )
    except InvalidTransition as error:
        raise HttpError(
            409, f"Tindakan {error.action} tidak tersedia dari status {error.status}."
        ) from None
    return _complaint_out(get_complaint_for(user, complaint_id), user)
