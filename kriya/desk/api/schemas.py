"""A service request as the API shows it — summary, detail, its documents and bills —
shared by the routers of requests, documents, billing and sponsorship."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from ninja.errors import HttpError

from kriya.api.types import BigInt, Id, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.desk.access import can_read_document, is_agency, readable_document_kinds
from kriya.desk.models import Bill, DocumentKind, ItemKind, ServiceRequest, Status
from kriya.desk.workflow import LIFECYCLE


class ItemOut(Schema):
    id: Id
    kind: one_of(ItemKind.values)  # type: ignore[valid-type]
    name: str
    description: str
    quantity: BigInt
    product: Id | None


class ClockOut(Schema):
    standard_days: BigInt | None
    used: BigInt
    left: BigInt | None
    deadline: date | None
    running: bool
    overdue: bool


class DocumentOut(Schema):
    id: Id
    kind: one_of(DocumentKind.values)  # type: ignore[valid-type]
    slot: str
    version: BigInt
    title: str
    original_name: str
    content_type: str
    size: BigInt
    created_at: datetime
    download_url: str
    # False when the download would be refused (docs/document-access.md, result gate).
    can_download: bool = True


class BillItemOut(Schema):
    description: str
    unit: str
    unit_price: BigInt
    quantity: BigInt
    amount: BigInt


class PaymentOut(Schema):
    id: Id
    paid_on: date
    reference: str
    proof: Id
    confirmed_at: datetime | None
    rejected_at: datetime | None
    rejection_reason: str


class BillOut(Schema):
    id: Id
    billing_code: str
    code_source: one_of(value for value, _ in Bill._meta.get_field("code_source").choices)  # type: ignore[valid-type]
    total: BigInt
    due_date: date
    state: one_of(Bill.STATES)  # type: ignore[valid-type]
    issued_at: datetime
    items: list[BillItemOut]
    payments: list[PaymentOut]


class BusinessRef(Schema):
    id: Id
    name: str
    nib: str
    regency: str


class OrganisationRef(Schema):
    id: Id
    name: str
    regency: str


class RequestSummary(Schema):
    """`business` is the applicant business; `organisation` the regency unit that filed
    in its own name. Exactly one of the two is set."""

    id: Id
    number: str
    status: one_of(Status.values)  # type: ignore[valid-type]
    status_label: str
    service: str
    service_name: str
    business: BusinessRef | None
    organisation: OrganisationRef | None
    assigned_to: Id | None
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
    actions: list[actions_of(LIFECYCLE)]  # type: ignore[valid-type]


class ReasonIn(Schema):
    reason: str = ""


def clock_out(clock) -> dict:
    return {
        "standard_days": clock.standard_days,
        "used": clock.used,
        "left": clock.left,
        "deadline": clock.deadline,
        "running": clock.running,
        "overdue": clock.overdue,
    }


def request_summary(req: ServiceRequest, clock=None) -> dict:
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
        }
        if req.business_id is not None
        else None,
        "organisation": {
            "id": req.organisation_id,
            "name": req.organisation.name,
            "regency": req.organisation.regency_id,
        }
        if req.organisation_id is not None
        else None,
        "assigned_to": req.assigned_to_id,
        "clock": clock_out(clock or req.clock),
        "created_at": req.created_at,
        "submitted_at": req.submitted_at,
    }


def document_out(d) -> dict:
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


def bill_out(bill) -> dict:
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


def request_detail(req: ServiceRequest, user) -> dict:
    agency = is_agency(user)
    kinds = readable_document_kinds(user, req)
    documents = [
        d
        for d in req.documents.order_by("kind", "slot", "-version")
        if agency or d.kind != "internal"
    ]
    return {
        **request_summary(req),
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
        "documents": [
            {**document_out(d), "can_download": can_read_document(user, d, kinds)}
            for d in documents
        ],
        "bills": [bill_out(b) for b in req.bills.prefetch_related("items", "payments")],
        "actions": [m.action for m in LIFECYCLE.available(req, user)],
    }


def conflict(error: InvalidTransition):
    return HttpError(409, f"Tindakan {error.action} tidak tersedia dari status {error.status}.")
