"""Sponsorship in the API: programmes, recommendations, sponsoring a request, withdrawing."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kriya.accounts.models import Organisation
from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import BigInt, Count, Id
from kriya.desk import sponsorship as sponsorship_services
from kriya.desk.access import (
    active_sponsorship,
    can_manage_programmes,
    can_sponsor,
    get_programme_for,
    get_request_for,
    is_agency,
    officer_unit_ids,
    programmes_visible_to,
)
from kriya.desk.models import Programme, Service, Sponsorship

from .schemas import ReasonIn

router = Router(tags=["services"])


class ProgrammeIn(Schema):
    unit: Id
    name: str
    description: str = ""
    services: list[str]
    starts_on: date
    ends_on: date
    quota: Count


class ProgrammeOut(Schema):
    id: Id
    name: str
    description: str
    unit: Id
    unit_name: str
    regency: str
    services: list[str]
    starts_on: date
    ends_on: date
    quota: BigInt
    used: BigInt
    left: BigInt
    is_active: bool


class SponsorshipOut(Schema):
    id: Id
    programme: Id
    programme_name: str
    request: Id
    request_number: str
    business: Id
    sponsored_by: str
    created_at: datetime
    released_at: datetime | None
    release_reason: str


class ProgrammeDetailOut(ProgrammeOut):
    sponsorships: list[SponsorshipOut]


class RecommendationOut(Schema):
    id: Id
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
    programme: Id
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
@answers(404)
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
def get_programme(request, programme_id: Id):
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
def request_sponsorship(request, request_id: Id):
    return _request_sponsorship(get_request_for(request.auth, request_id))


@router.post(
    "/service-requests/{request_id}/recommendations",
    response={201: RequestSponsorshipOut},
    auth=token_or_session,
    summary="Recommend a request of a business in your regency (regency officer)",
    operation_id="kriya_api_services_extra_recommend",
)
def recommend(request, request_id: Id, payload: RecommendIn):
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
def sponsor(request, request_id: Id, payload: SponsorIn):
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
def withdraw(request, request_id: Id, payload: ReasonIn):
    user = request.auth
    req = get_request_for(user, request_id)
    sponsorship = active_sponsorship(req)
    if sponsorship is None:
        raise PermissionDenied("Permohonan ini tidak didanai program.")
    sponsorship_services.withdraw_sponsorship(
        sponsorship=sponsorship, by=user, reason=payload.reason
    )
    return _request_sponsorship(req)
