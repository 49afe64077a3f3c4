"""Certificates in the API: the public directory, the caller's certificates, one
certificate with its history, and its status moves (suspend, withdraw, restore)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import BigInt, Id, Int32, actions_of, one_of
from kriya.certification import queries, services, texts
from kriya.certification.access import certificates_visible_to, get_certificate_for
from kriya.certification.models import CertificateState, CertificateStatus, SchemeKind
from kriya.certification.workflow import CERTIFICATE
from kriya.registry.models import Technique

from .errors import call

router = Router(tags=["certification"])
auth = token_or_session


class PublicCertificateOut(Schema):
    number: str
    scheme: str
    scheme_kind: one_of(SchemeKind.values)  # type: ignore[valid-type]
    holder_name: str
    holder_nib: str
    district: str | None
    products: list[str]
    scope: str
    technique: one_of(["", *Technique.values])  # type: ignore[valid-type]
    label_colour: str | None
    standard: str
    issued_on: date
    valid_until: date | None
    state: one_of(CertificateState.values)  # type: ignore[valid-type]
    verify_url: str


def public_certificate(c) -> dict:
    colour = c.label_colour
    return {
        "number": c.number,
        "scheme": c.scheme.name,
        "scheme_kind": c.scheme.kind,
        "holder_name": c.holder_name,
        "holder_nib": c.holder_nib,
        "district": c.business.district.name if c.business.district_id else None,
        "products": [p.name for p in c.products.all()],
        "scope": c.scope,
        "technique": c.technique,
        "label_colour": colour[0] if colour else None,
        "standard": c.standard,
        "issued_on": c.issued_on,
        "valid_until": c.valid_until,
        "state": c.state,
        "verify_url": queries.verify_path(c.number),
    }


class HistoryOut(Schema):
    at: datetime
    verb: str
    actor: str
    from_status: one_of(CertificateStatus.values) | None  # type: ignore[valid-type]
    to_status: one_of(CertificateStatus.values) | None  # type: ignore[valid-type]
    reason: str


class CertificateOut(PublicCertificateOut):
    id: Id
    status: one_of(CertificateStatus.values)  # type: ignore[valid-type]
    status_reason: str
    actions: list[actions_of(CERTIFICATE)]  # type: ignore[valid-type]
    history: list[HistoryOut]


def certificate_out(c, user) -> dict:
    return {
        **public_certificate(c),
        "id": c.pk,
        "status": c.status,
        "status_reason": c.status_reason,
        "actions": [m.action for m in CERTIFICATE.available(c, user)],
        "history": [
            {
                "at": e.created_at,
                "verb": e.verb,
                "actor": str(e.actor) if e.actor else "sistem",
                "from_status": e.data.get("from"),
                "to_status": e.data.get("to"),
                "reason": e.data.get("reason", ""),
            }
            for e in queries.history(c)
        ],
    }


class DirectoryOut(Schema):
    count: BigInt
    page: BigInt
    results: list[PublicCertificateOut]


@router.get(
    "/certification/directory",
    response=DirectoryOut,
    auth=None,
    summary="Public directory of certified businesses and products",
    operation_id="kriya_api_certification_directory",
)
def directory(
    request,
    q: str = "",
    scheme: str = "",
    district: str = "",
    state: one_of(["", *CertificateState.values, "all"]) = "active",  # type: ignore[valid-type]
    page: Int32 = 1,
):
    """Search by holder or product name, NIB or number (`q`), scheme kind or code,
    district code and state (active, suspended, withdrawn, expired, all); 50 a page."""
    qs = queries.directory(q=q[:100], scheme=scheme, district=district, state=state)
    page = max(page, 1)
    rows = list(qs[(page - 1) * 50 : page * 50])
    return {"count": qs.count(), "page": page, "results": [public_certificate(c) for c in rows]}


class CertificateRow(Schema):
    id: Id
    number: str
    holder_name: str
    scheme: str
    valid_until: date | None
    state: one_of(CertificateState.values)  # type: ignore[valid-type]


@router.get(
    "/certification/certificates",
    response=list[CertificateRow],
    auth=auth,
    summary="Certificates the user may see (a holder: their own)",
    operation_id="kriya_api_certification_certificates",
)
def certificates(
    request,
    state: one_of(["", *CertificateState.values]) = "",  # type: ignore[valid-type]
):
    qs = (
        certificates_visible_to(request.auth)
        .with_state()
        .select_related("scheme")
        .order_by("-issued_on", "-id")
    )
    if state:
        qs = qs.filter(state=state)
    return [
        {
            "id": c.pk,
            "number": c.number,
            "holder_name": c.holder_name,
            "scheme": c.scheme.code,
            "valid_until": c.valid_until,
            "state": c.state,
        }
        for c in qs[:500]
    ]


@router.get(
    "/certification/certificates/{certificate_id}",
    response=CertificateOut,
    auth=auth,
    summary="A certificate with its history",
    operation_id="kriya_api_certification_certificate",
)
def certificate(request, certificate_id: Id):
    return certificate_out(get_certificate_for(request.auth, certificate_id), request.auth)


class StatusIn(Schema):
    action: Literal["suspend", "reinstate", "withdraw"]
    reason: str


@router.post(
    "/certification/certificates/{certificate_id}/status",
    response=CertificateOut,
    auth=auth,
    summary="Suspend, reinstate or withdraw a certificate (with the reason)",
    operation_id="kriya_api_certification_certificate_status",
)
@answers(409)
def certificate_status(request, certificate_id: Id, payload: StatusIn):
    c = get_certificate_for(request.auth, certificate_id)
    if payload.action not in ("suspend", "reinstate", "withdraw"):
        raise HttpError(422, str(texts.UNKNOWN_ACTION))
    call(
        lambda: services.change_certificate_status(
            certificate=c, action=payload.action, reason=payload.reason, by=request.auth
        )
    )
    return certificate_out(get_certificate_for(request.auth, certificate_id), request.auth)
