"""Halal records in the API: the list, recording a halal certificate, checking it."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Id, one_of
from kriya.certification import services
from kriya.certification.access import get_halal_for, halal_visible_to
from kriya.certification.models import HalalStatus
from kriya.registry.access import get_business_for

from .errors import call, owned_products

router = Router(tags=["certification"])
auth = token_or_session


class HalalOut(Schema):
    id: Id
    business: str
    number: str
    issued_on: date
    status: one_of(HalalStatus.values)  # type: ignore[valid-type]
    status_reason: str
    products: list[Id]


def _halal_out(h) -> dict:
    return {
        "id": h.pk,
        "business": h.business.name,
        "number": h.number,
        "issued_on": h.issued_on,
        "status": h.status,
        "status_reason": h.status_reason,
        "products": [p.pk for p in h.products.all()],
    }


@router.get(
    "/certification/halal",
    response=list[HalalOut],
    auth=auth,
    summary="Halal certificates",
    operation_id="kriya_api_certification_halal_list",
)
def halal_list(
    request,
    status: one_of(["", *HalalStatus.values]) = "",  # type: ignore[valid-type]
):
    qs = halal_visible_to(request.auth).select_related("business").prefetch_related("products")
    if status:
        qs = qs.filter(status=status)
    return [_halal_out(h) for h in qs[:500]]


class HalalIn(Schema):
    business: Id
    products: list[Id]
    number: str
    issued_on: date


@router.post(
    "/certification/halal",
    response={201: HalalOut},
    auth=auth,
    summary="Record a BPJPH halal certificate on products (the holder)",
    operation_id="kriya_api_certification_halal_record",
)
@answers(404, 409)
def halal_record(request, payload: HalalIn):
    business = get_business_for(request.auth, payload.business, edit=True)
    record = call(
        lambda: services.record_halal_certificate(
            business=business,
            products=owned_products(business, payload.products),
            number=payload.number,
            issued_on=payload.issued_on,
            by=request.auth,
        )
    )
    return 201, _halal_out(record)


class HalalCheckIn(Schema):
    accept: bool
    reason: str = ""


@router.post(
    "/certification/halal/{halal_id}/check",
    response=HalalOut,
    auth=auth,
    summary="The desk accepts or rejects a recorded halal certificate",
    operation_id="kriya_api_certification_halal_check",
)
@answers(409)
def halal_check(request, halal_id: Id, payload: HalalCheckIn):
    record = get_halal_for(request.auth, halal_id)
    record = call(
        lambda: services.check_halal_certificate(
            halal=record, accept=payload.accept, reason=payload.reason, by=request.auth
        )
    )
    return _halal_out(record)
