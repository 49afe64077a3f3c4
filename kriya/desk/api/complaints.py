"""Complaints in the API: the list, filing one about a request, one complaint, its moves."""

from datetime import datetime

from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Id, LimitOffsetPagination, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.desk import complaints
from kriya.desk.access import complaints_visible_to, get_complaint_for, get_request_for
from kriya.desk.models import ComplaintStatus

router = Router(tags=["services"])


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
    id: Id
    number: str
    request: Id
    request_number: str
    subject: str
    body: str
    status: one_of(ComplaintStatus.values)  # type: ignore[valid-type]
    status_label: str
    filed_by: str
    created_at: datetime
    answer: str
    answered_by: str
    answered_at: datetime | None
    closed_at: datetime | None
    actions: list[actions_of(complaints.LIFECYCLE)]  # type: ignore[valid-type]
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
def list_complaints(
    request,
    status: one_of(["", *ComplaintStatus.values]) = "",  # type: ignore[valid-type]
):
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
def file_complaint(request, request_id: Id, payload: ComplaintIn):
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
def get_complaint(request, complaint_id: Id):
    return _complaint_out(get_complaint_for(request.auth, complaint_id), request.auth)


@router.post(
    "/complaints/{complaint_id}/actions/{action}",
    response=ComplaintOut,
    auth=token_or_session,
    summary="A move of the complaint: handle, answer (text), close",
    operation_id="kriya_api_services_extra_complaint_action",
)
@answers(409)
def complaint_action(
    request,
    complaint_id: Id,
    action: actions_of(complaints.LIFECYCLE),  # type: ignore[valid-type]
    payload: ComplaintActionIn,
):
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
