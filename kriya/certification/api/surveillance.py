"""Surveillance of certified businesses in the API: the list (overdue first) and its moves."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import BigInt, Id, actions_of, one_of
from kriya.certification import queries, services, texts
from kriya.certification.access import get_surveillance_for, is_agency
from kriya.certification.models import SurveillanceStatus
from kriya.certification.workflow import SURVEILLANCE

from .errors import call

router = Router(tags=["certification"])
auth = token_or_session


class SurveillanceOut(Schema):
    id: Id
    certificate: str
    sequence: BigInt
    due_on: date
    status: one_of(SurveillanceStatus.values)  # type: ignore[valid-type]
    overdue: bool
    with_audit: bool
    with_sampling: bool
    actions: list[actions_of(SURVEILLANCE)]  # type: ignore[valid-type]


def _surveillance_out(s, user) -> dict:
    return {
        "id": s.pk,
        "certificate": s.certificate.number,
        "sequence": s.sequence,
        "due_on": s.due_on,
        "status": s.status,
        "overdue": s.is_overdue(),
        "with_audit": s.with_audit,
        "with_sampling": s.with_sampling,
        "actions": [m.action for m in SURVEILLANCE.available(s, user)],
    }


@router.get(
    "/certification/surveillances",
    response=list[SurveillanceOut],
    auth=auth,
    summary="Open surveillance (agency); overdue=true for the overdue only",
    operation_id="kriya_api_certification_surveillances",
)
def surveillances(request, overdue: bool = False):
    if not is_agency(request.auth):
        raise PermissionDenied
    qs = queries.overdue_surveillance() if overdue else queries.surveillance_worklist()
    return [_surveillance_out(s, request.auth) for s in qs[:500]]


class SurveillanceActionIn(Schema):
    action: Literal["start", "complete", "cancel"]
    conforms: bool | None = None
    note: str = ""


@router.post(
    "/certification/surveillances/{surveillance_id}",
    response=SurveillanceOut,
    auth=auth,
    summary="Start, complete (with the outcome) or cancel (with a reason) a surveillance",
    operation_id="kriya_api_certification_surveillance",
)
@answers(409)
def surveillance(request, surveillance_id: Id, payload: SurveillanceActionIn):
    s = get_surveillance_for(request.auth, surveillance_id)
    actions = {
        "start": lambda: services.start_surveillance(surveillance=s, by=request.auth),
        "complete": lambda: services.complete_surveillance(
            surveillance=s, conforms=bool(payload.conforms), note=payload.note, by=request.auth
        ),
        "cancel": lambda: services.cancel_surveillance(
            surveillance=s, reason=payload.note, by=request.auth
        ),
    }
    if payload.action not in actions:
        raise HttpError(422, str(texts.UNKNOWN_ACTION))
    call(actions[payload.action])
    return _surveillance_out(get_surveillance_for(request.auth, surveillance_id), request.auth)
