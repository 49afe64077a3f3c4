"""Service desk API: the catalogue, requests and their lifecycle, documents, bills,
payments, assignment and the overview. Same services and access checks as the pages.

Submitting is idempotent: repeat `POST /service-requests` with the same
`Idempotency-Key` header and the first request is returned (200 instead of 201).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Header, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from kriya.accounts.models import User
from kriya.core.workflow import InvalidTransition
from kriya.desk import queries, services
from kriya.desk.access import (
    businesses_for_filing,
    can_see_overview,
    get_document_for,
    get_request_for,
    requests_visible_to,
)
from kriya.desk.models import Payment, Service, ServiceRequest
from kriya.desk.workflow import LIFECYCLE

from .auth import token_or_session

router = Router(tags=["services"])


# --- Schemas -----------------------------------------------------------------------


class DocumentRequirementOut(Schema):
    code: str
    name: str
    is_mandatory: bool


class TariffOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    amount: int
    is_verified: bool


class ServiceOut(Schema):
    code: str
    name: str
    name_id: str
    name_en: str
    description: str
    body: str
    output: str
    standard_days: int | None
    standard_note: str
    variant: str
    eligible_size_classes: list[str]
    is_verified: bool
    documents: list[DocumentRequirementOut]
    tariff_items: list[TariffOut]


class ItemIn(Schema):
    name: str
    description: str = ""
    quantity: int = 1
    kind: str = "sample"


class RequestIn(Schema):
    business: int
    service: str
    items: list[ItemIn] = []
    notes: str = ""
    submit: bool = False


class RequestEditIn(Schema):
    notes: str = ""
    items: list[ItemIn]


class ItemOut(Schema):
    id: int
    kind: str
    name: str
    description: str
    quantity: int
    product: int | None


class ClockOut(Schema):
    standard_days: int | None
    used: int
    left: int | None
    deadline: date | None
    running: bool
    overdue: bool


class DocumentOut(Schema):
    id: int
    kind: str
    slot: str
    version: int
    title: str
    original_name: str
    content_type: str
    size: int
    created_at: datetime
    download_url: str


class BillItemOut(Schema):
    description: str
    unit: str
    unit_price: int
    quantity: int
    amount: int


class PaymentOut(Schema):
    id: int
    paid_on: date
    reference: str
    proof: int
    confirmed_at: datetime | None
    rejected_at: datetime | None
    rejection_reason: str


class BillOut(Schema):
    id: int
    billing_code: str
    code_source: str
    total: int
    due_date: date
    state: str
    issued_at: datetime
    items: list[BillItemOut]
    payments: list[PaymentOut]


class BusinessRef(Schema):
    id: int
    name: str
    nib: str
    regency: str


class RequestSummary(Schema):
    id: int
    number: str
    status: str
    status_label: str
    service: str
    service_name: str
    business: BusinessRef
    assigned_to: int | None
    clock: ClockOut
    created_at: datetime
    submitted_at: datetime | None


class RequestOut(RequestSummary):
    status_reason: str
    notes: str
    filed_by: str
    completed_at: datetime | None
    items: list[ItemOut]
    documents: list[DocumentOut]
    bills: list[BillOut]
    actions: list[str]


class TimelineOut(Schema):
    when: datetime
    actor: str
    on_behalf_of: str
    verb: str
    label: str
    note: str


class ReasonIn(Schema):
    reason: str = ""


class BillLineIn(Schema):
    tariff_item: int | None = None
    description: str = ""
    unit: str = ""
    unit_price: int | None = None
    quantity: int = 1


class BillIn(Schema):
    lines: list[BillLineIn]
    due_date: date
    billing_code: str = ""


class AssignOfficerIn(Schema):
    officer: int | None


class BulkAssignIn(Schema):
    requests: list[int]
    officer: int


class OverviewRowOut(Schema):
    service: str
    service_name: str
    counts: dict[str, int]
    open: int
    overdue: int
    total: int


# --- Serialisers ---------------------------------------------------------------------


def _service_out(service: Service) -> dict:
    return {
        "code": service.code,
        "name": service.name,
        "name_id": service.name_id,
        "name_en": service.name_en,
        "description": service.description,
        "body": service.body,
        "output": service.output,
        "standard_days": service.standard_days,
        "standard_note": service.standard_note,
        "variant": service.variant,
        "eligible_size_classes": service.eligible_size_classes or [],
        "is_verified": service.is_verified,
        "documents": [
            {"code": d.code, "name": d.name, "is_mandatory": d.is_mandatory}
            for d in service.documents.all()
        ],
        "tariff_items": [
            {
                "id": t.pk,
                "code": t.code,
                "name": t.name,
                "unit": t.unit,
                "amount": t.amount,
                "is_verified": t.is_verified,
            }
            for t in service.tariff_items.all()
            if t.is_active
        ],
    }


def _clock_out(clock) -> dict:
    return {
        "standard_days": clock.standard_days,
        "used": clock.used,
        "left": clock.left,
        "deadline": clock.deadline,
        "running": clock.running,
        "overdue": clock.overdue,
    }


def _summary(req: ServiceRequest, clock=None) -> dict:
    return {
        "id": req.pk,
        "number": req.number,
        "status": req.status,
        "status_label": str(req.get_status_display()),
        "service": req.service.code,
        "service_name": req.service.name,
        "business": {
            "id": req.business_id,
            "name": req.business.name,
            "nib": req.business.nib,
            "regency": req.business.regency_id,
        },
        "assigned_to": req.assigned_to_id,
        "clock": _clock_out(clock or req.clock),
        "created_at": req.created_at,
        "submitted_at": req.submitted_at,
    }


def _document_out(d) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "slot": d.slot,
        "version": d.version,
        "title": d.title,
        "original_name": d.original_name,
        "content_type": d.content_type,
        "size": d.size,
        "created_at": d.created_at,
        "download_url": f"/api/v1/service-documents/{d.pk}/download",
    }


def _bill_out(bill) -> dict:
    return {
        "id": bill.pk,
        "billing_code": bill.billing_code,
        "code_source": bill.code_source,
        "total": bill.total,
        "due_date": bill.due_date,
        "state": bill.state,
        "issued_at": bill.issued_at,
        "items": [
            {
                "description": i.description,
                "unit": i.unit,
                "unit_price": i.unit_price,
                "quantity": i.quantity,
                "amount": i.amount,
            }
            for i in bill.items.all()
        ],
        "payments": [
            {
                "id": p.pk,
                "paid_on": p.paid_on,
                "reference": p.reference,
                "proof": p.proof_id,
                "confirmed_at": p.confirmed_at,
                "rejected_at": p.rejected_at,
                "rejection_reason": p.rejection_reason,
            }
            for p in bill.payments.all()
        ],
    }


def _detail(req: ServiceRequest, user) -> dict:
    from kriya.desk.access import is_agency

    agency = is_agency(user)
    documents = [
        d
        for d in req.documents.order_by("kind", "slot", "-version")
        if agency or d.kind != "internal"
    ]
    return {
        **_summary(req),
        "status_reason": req.status_reason,
        "notes": req.notes,
        "filed_by": str(req.filed_by),
        "completed_at": req.completed_at,
        "items": [
            {
                "id": i.pk,
                "kind": i.kind,
                "name": i.name,
                "description": i.description,
                "quantity": i.quantity,
                "product": i.product_id,
            }
            for i in req.items.all()
        ],
        "documents": [_document_out(d) for d in documents],
        "bills": [_bill_out(b) for b in req.bills.prefetch_related("items", "payments")],
        "actions": [m.action for m in LIFECYCLE.available(req, user)],
    }


def _conflict(error: InvalidTransition):
    return HttpError(409, f"Tindakan {error.action} tidak tersedia dari status {error.status}.")


# --- Catalogue ---------------------------------------------------------------------


@router.get(
    "/services",
    response=list[ServiceOut],
    auth=None,
    summary="The service catalogue",
    operation_id="kriya_api_services_list_services",
)
def list_services(request):
    qs = Service.objects.active().prefetch_related("documents", "tariff_items")
    return [_service_out(s) for s in qs]


@router.get(
    "/services/{code}",
    response=ServiceOut,
    auth=None,
    summary="One service",
    operation_id="kriya_api_services_get_service",
)
def get_service(request, code: str):
    service = get_object_or_404(
        Service.objects.active().prefetch_related("documents", "tariff_items"), code=code
    )
    return _service_out(service)


# --- Requests ------------------------------------------------------------------------


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
    status: str = "",
    service: str = "",
    overdue: bool = False,
    regency: str = "",
    assigned: str = "",
):
    user = request.auth
    qs = requests_visible_to(user).select_related(
        "business", "business__regency", "service", "assigned_to"
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
    return [_summary(r, c) for r, c in queries.with_clocks(qs.order_by("-created_at", "-id"))]


@router.post(
    "/service-requests",
    response={200: RequestOut, 201: RequestOut},
    auth=token_or_session,
    summary="File a request (idempotent with the Idempotency-Key header)",
    operation_id="kriya_api_services_create_request",
)
def create_request(
    request,
    payload: RequestIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    user = request.auth
    business = businesses_for_filing(user).filter(pk=payload.business).first()
    if business is None:
        raise PermissionDenied("Anda tidak dapat mengajukan permohonan untuk usaha ini.")
    service = get_object_or_404(Service.objects.active(), code=payload.service)
    try:
        filed, created = services.create_request(
            business=business,
            service=service,
            by=user,
            items=[i.dict() for i in payload.items],
            notes=payload.notes,
            idempotency_key=idempotency_key or "",
            submit=payload.submit,
        )
    except InvalidTransition as error:
        raise _conflict(error) from None
    filed = get_request_for(user, filed.pk)
    return (201 if created else 200), _detail(filed, user)


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
def get_request(request, request_id: int):
    return _detail(get_request_for(request.auth, request_id), request.auth)


@router.patch(
    "/service-requests/{request_id}",
    response=RequestOut,
    auth=token_or_session,
    summary="Change notes and items of a draft or returned request",
    operation_id="kriya_api_services_edit_request",
)
def edit_request(request, request_id: int, payload: RequestEditIn):
    user = request.auth
    req = get_request_for(user, request_id)
    services.update_request(
        request=req, by=user, notes=payload.notes, items=[i.dict() for i in payload.items]
    )
    return _detail(get_request_for(user, request_id), user)


@router.post(
    "/service-requests/{request_id}/actions/{action}",
    response=RequestOut,
    auth=token_or_session,
    summary="Make a move of the lifecycle (the actions listed on the request)",
    operation_id="kriya_api_services_act",
)
def act(request, request_id: int, action: str, payload: ReasonIn | None = None):
    user = request.auth
    req = get_request_for(user, request_id)
    try:
        services.perform_action(
            request=req, action=action, by=user, reason=payload.reason if payload else ""
        )
    except InvalidTransition as error:
        raise _conflict(error) from None
    return _detail(get_request_for(user, request_id), user)


@router.get(
    "/service-requests/{request_id}/timeline",
    response=list[TimelineOut],
    auth=token_or_session,
    summary="Every change of the request: who, when, what, note",
    operation_id="kriya_api_services_request_timeline",
)
def request_timeline(request, request_id: int):
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
    "/service-requests/{request_id}/documents",
    response={201: DocumentOut},
    auth=token_or_session,
    summary="Upload a new version of an application document (PDF, JPEG, PNG ≤ 10 MB)",
    operation_id="kriya_api_services_upload_document",
)
def upload_document(request, request_id: int, slot: Form[str], file: File[UploadedFile]):
    req = get_request_for(request.auth, request_id)
    document = services.upload_document(request=req, slot=slot, file=file, by=request.auth)
    return 201, _document_out(document)


@router.post(
    "/service-requests/{request_id}/results",
    response={201: DocumentOut},
    auth=token_or_session,
    summary="Attach a result document to a request in progress",
    operation_id="kriya_api_services_upload_result",
)
def upload_result(request, request_id: int, file: File[UploadedFile], title: Form[str] = ""):
    req = get_request_for(request.auth, request_id)
    document = services.attach_result_document(request=req, file=file, title=title, by=request.auth)
    return 201, _document_out(document)


@router.get(
    "/service-documents/{document_id}/download",
    auth=token_or_session,
    summary="Download a document (attachment; access-checked, results gated)",
    operation_id="kriya_api_services_download_document",
)
def download_document(request, document_id: int):
    document = get_document_for(request.auth, document_id)
    req = document.request
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{req.number}-{document.slot}-v{document.version}.{document.extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/service-requests/{request_id}/bills",
    response={201: BillOut},
    auth=token_or_session,
    summary="Issue the PNBP bill of an accepted request (desk)",
    operation_id="kriya_api_services_issue_bill",
)
def issue_bill(request, request_id: int, payload: BillIn):
    req = get_request_for(request.auth, request_id)
    try:
        bill = services.issue_bill(
            request=req,
            lines=[line.dict() for line in payload.lines],
            due_date=payload.due_date,
            billing_code=payload.billing_code,
            by=request.auth,
        )
    except InvalidTransition as error:
        raise _conflict(error) from None
    return 201, _bill_out(bill)


@router.post(
    "/service-requests/{request_id}/payments",
    response={201: PaymentOut},
    auth=token_or_session,
    summary="Upload the payment proof for the open bill (applicant)",
    operation_id="kriya_api_services_upload_payment",
)
def upload_payment(
    request,
    request_id: int,
    file: File[UploadedFile],
    paid_on: Form[date],
    reference: Form[str] = "",
):
    req = get_request_for(request.auth, request_id)
    payment = services.upload_payment_proof(
        request=req, file=file, paid_on=paid_on, reference=reference, by=request.auth
    )
    return 201, {
        "id": payment.pk,
        "paid_on": payment.paid_on,
        "reference": payment.reference,
        "proof": payment.proof_id,
        "confirmed_at": None,
        "rejected_at": None,
        "rejection_reason": "",
    }


@router.post(
    "/service-requests/{request_id}/payments/{payment_id}/reject",
    response=RequestOut,
    auth=token_or_session,
    summary="Refuse a payment proof with a reason (desk)",
    operation_id="kriya_api_services_reject_payment",
)
def reject_payment(request, request_id: int, payment_id: int, payload: ReasonIn):
    req = get_request_for(request.auth, request_id)
    payment = get_object_or_404(Payment, pk=payment_id, bill__request=req)
    services.reject_payment_proof(payment=payment, by=request.auth, reason=payload.reason)
    return _detail(req, request.auth)


@router.post(
    "/service-requests/{request_id}/assign",
    response=RequestOut,
    auth=token_or_session,
    summary="Assign an officer (desk); null unassigns",
    operation_id="kriya_api_services_assign",
)
def assign(request, request_id: int, payload: AssignOfficerIn):
    req = get_request_for(request.auth, request_id)
    officer = get_object_or_404(User, pk=payload.officer) if payload.officer else None
    services.assign_request(request=req, officer=officer, by=request.auth)
    return _detail(get_request_for(request.auth, request_id), request.auth)
