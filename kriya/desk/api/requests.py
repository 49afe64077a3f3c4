"""Service requests in the API: filing (idempotent), the list and the overview, one
request, its lifecycle moves and timeline, assignment.

Submitting is idempotent: repeat `POST /service-requests` with the same
`Idempotency-Key` header and the same body and the first request is returned (200
instead of 201); the same key with another body is a 422 and files nothing.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Header, Router, Schema
from ninja.pagination import paginate

from kriya.accounts.models import User
from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import BigInt, Count, Id, LimitOffsetPagination, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.desk import queries, services
from kriya.desk.access import (
    businesses_for_filing,
    can_see_overview,
    get_request_for,
    requests_visible_to,
    units_for_filing,
)
from kriya.desk.models import ItemKind, Service, Status
from kriya.desk.workflow import LIFECYCLE

from .schemas import ReasonIn, RequestOut, RequestSummary, conflict, request_detail, request_summary

router = Router(tags=["services"])


class ItemIn(Schema):
    name: str
    description: str = ""
    quantity: Count = 1
    kind: one_of(ItemKind.values) = "sample"  # type: ignore[valid-type]


class RequestIn(Schema):
    """The applicant is `business`, or `organisation`: a regency unit filing in its own
    name (one of its regency officers, a service open to regency units). Exactly one."""

    business: Id | None = None
    organisation: Id | None = None
    service: str
    items: list[ItemIn] = []
    notes: str = ""
    submit: bool = False


class RequestEditIn(Schema):
    notes: str = ""
    items: list[ItemIn]


class TimelineOut(Schema):
    when: datetime
    actor: str
    on_behalf_of: str
    verb: str
    label: str
    note: str


class AssignOfficerIn(Schema):
    officer: Id | None


class BulkAssignIn(Schema):
    requests: list[Id]
    officer: Id


class OverviewRowOut(Schema):
    service: str
    service_name: str
    counts: dict[str, BigInt]
    open: BigInt
    overdue: BigInt
    total: BigInt


@router.get(
    "/service-requests",
    response=list[RequestSummary],
    auth=token_or_session,
    summary="Requests the caller may see, with the desk's filters",
    operation_id="kriya_api_services_list_requests",
)
@paginate(LimitOffsetPagination)
def list_requests(
    request,
    status: one_of(["", *Status.values]) = "",  # type: ignore[valid-type]
    service: str = "",
    overdue: bool = False,
    regency: str = "",
    assigned: Literal["", "me", "none"] = "",
):
    user = request.auth
    qs = requests_visible_to(user).select_related(
        "business", "business__regency", "organisation", "organisation__regency", "service"
    )
    if status:
        qs = qs.filter(status=status)
    if service:
        qs = qs.filter(service__code=service)
    if overdue:
        qs = qs.overdue()
    if regency:
        qs = qs.in_regency(regency)
    if assigned == "me":
        qs = qs.filter(assigned_to=user)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    return [
        request_summary(r, c) for r, c in queries.with_clocks(qs.order_by("-created_at", "-id"))
    ]


@router.post(
    "/service-requests",
    response={200: RequestOut, 201: RequestOut},
    auth=token_or_session,
    summary="File a request (idempotent with the Idempotency-Key header)",
    operation_id="kriya_api_services_create_request",
)
@answers(404, 409)
def create_request(
    request,
    payload: RequestIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    user = request.auth
    service = get_object_or_404(Service.objects.active(), code=payload.service)
    if (payload.business is None) == (payload.organisation is None):
        raise ValidationError(
            {"business": "Isi salah satu: business (usaha) atau organisation (perangkat daerah)."}
        )
    if payload.organisation is not None:
        unit = units_for_filing(user, service).filter(pk=payload.organisation).first()
        applicant = {"organisation": unit}
        if unit is None:
            raise PermissionDenied(
                "Anda tidak dapat mengajukan layanan ini atas nama perangkat daerah ini."
            )
    else:
        business = businesses_for_filing(user).filter(pk=payload.business).first()
        applicant = {"business": business}
        if business is None:
            raise PermissionDenied("Anda tidak dapat mengajukan permohonan untuk usaha ini.")
    try:
        filed, created = services.create_request(
            **applicant,
            service=service,
            by=user,
            items=[i.dict() for i in payload.items],
            notes=payload.notes,
            idempotency_key=idempotency_key or "",
            submit=payload.submit,
        )
    except InvalidTransition as error:
        raise conflict(error) from None
    filed = get_request_for(user, filed.pk)
    return (201 if created else 200), request_detail(filed, user)


@router.get(
    "/service-requests/overview",
    response=list[OverviewRowOut],
    auth=token_or_session,
    summary="Requests per service and status, and overdue (head of agency)",
    operation_id="kriya_api_services_overview",
)
def overview(request):
    if not can_see_overview(request.auth):
        raise PermissionDenied
    return [
        {
            "service": r.service.code,
            "service_name": r.service.name,
            "counts": r.counts,
            "open": r.open,
            "overdue": r.overdue,
            "total": r.total,
        }
        for r in queries.overview(request.auth)
    ]


@router.post(
    "/service-requests/assign",
    auth=token_or_session,
    summary="Assign many requests to one officer (desk)",
    operation_id="kriya_api_services_bulk_assign",
)
@answers(404)
def bulk_assign(request, payload: BulkAssignIn):
    user = request.auth
    officer = get_object_or_404(User, pk=payload.officer)
    chosen = list(requests_visible_to(user).filter(pk__in=payload.requests))
    if len(chosen) != len(set(payload.requests)):
        raise Http404
    count = services.bulk_assign(requests=chosen, officer=officer, by=user)
    return {"assigned": count}


@router.get(
    "/service-requests/{request_id}",
    response=RequestOut,
    auth=token_or_session,
    summary="One request with its items, documents, bills and the caller's actions",
    operation_id="kriya_api_services_get_request",
)
def get_request(request, request_id: Id):
    return request_detail(get_request_for(request.auth, request_id), request.auth)


@router.patch(
    "/service-requests/{request_id}",
    response=RequestOut,
    auth=token_or_session,
    summary="Change notes and items of a draft or returned request",
    operation_id="kriya_api_services_edit_request",
)
def edit_request(request, request_id: Id, payload: RequestEditIn):
    user = request.auth
    req = get_request_for(user, request_id)
    services.update_request(
        request=req, by=user, notes=payload.notes, items=[i.dict() for i in payload.items]
    )
    return request_detail(get_request_for(user, request_id), user)


@router.post(
    "/service-requests/{request_id}/actions/{action}",
    response=RequestOut,
    auth=token_or_session,
    summary="Make a move of the lifecycle (the actions listed on the request)",
    operation_id="kriya_api_services_act",
)
@answers(409)
def act(
    request,
    request_id: Id,
    action: actions_of(LIFECYCLE),  # type: ignore[valid-type]
    payload: ReasonIn | None = None,
):
    user = request.auth
    req = get_request_for(user, request_id)
    try:
        services.perform_action(
            request=req, action=action, by=user, reason=payload.reason if payload else ""
        )
    except InvalidTransition as error:
        raise conflict(error) from None
    return request_detail(get_request_for(user, request_id), user)


@router.get(
    "/service-requests/{request_id}/timeline",
    response=list[TimelineOut],
    auth=token_or_session,
    summary="Every change of the request: who, when, what, note",
    operation_id="kriya_api_services_request_timeline",
)
def request_timeline(request, request_id: Id):
    req = get_request_for(request.auth, request_id)
    return [
        {
            "when": e.when,
            "actor": e.actor_name,
            "on_behalf_of": e.on_behalf_of,
            "verb": e.verb,
            "label": e.label,
            "note": e.note,
        }
        for e in queries.timeline(req)
    ]


@router.post(
    "/service-requests/{request_id}/assign",
    response=RequestOut,
    auth=token_or_session,
    summary="Assign an officer (desk); null unassigns",
    operation_id="kriya_api_services_assign",
)
def assign(request, request_id: Id, payload: AssignOfficerIn):
    req = get_request_for(request.auth, request_id)
    officer = get_object_or_404(User, pk=payload.officer) if payload.officer else None
    services.assign_request(request=req, officer=officer, by=request.auth)
    return request_detail(get_request_for(request.auth, request_id), request.auth)
