"""Billing of a service request in the API: the PNBP bill, payment proofs, refusing a proof."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Amount, Count, Id
from kriya.core.workflow import InvalidTransition
from kriya.desk import services
from kriya.desk.access import get_request_for
from kriya.desk.models import Payment

from .schemas import BillOut, PaymentOut, ReasonIn, RequestOut, bill_out, conflict, request_detail

router = Router(tags=["services"])


class BillLineIn(Schema):
    tariff_item: Id | None = None
    description: str = ""
    unit: str = ""
    unit_price: Amount | None = None
    quantity: Count = 1


class BillIn(Schema):
    lines: list[BillLineIn]
    due_date: date
    billing_code: str = ""


@router.post(
    "/service-requests/{request_id}/bills",
    response={201: BillOut},
    auth=token_or_session,
    summary="Issue the PNBP bill of an accepted request (desk)",
    operation_id="kriya_api_services_issue_bill",
)
@answers(409)
def issue_bill(request, request_id: Id, payload: BillIn):
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
        raise conflict(error) from None
    return 201, bill_out(bill)


@router.post(
    "/service-requests/{request_id}/payments",
    response={201: PaymentOut},
    auth=token_or_session,
    summary="Upload the payment proof for the open bill (applicant)",
    operation_id="kriya_api_services_upload_payment",
)
def upload_payment(
    request,
    request_id: Id,
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
def reject_payment(request, request_id: Id, payment_id: Id, payload: ReasonIn):
    req = get_request_for(request.auth, request_id)
    payment = get_object_or_404(Payment, pk=payment_id, bill__request=req)
    services.reject_payment_proof(payment=payment, by=request.auth, reason=payload.reason)
    return request_detail(req, request.auth)
