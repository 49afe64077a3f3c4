"""The events API: the public list and an event (no sign-in; the iCalendar feed is the
public page `/acara/kalender.ics`), the exhibitor call, decisions, booths, daily sales
and the "perputaran ekonomi" report, under the same access rules as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Amount, Count, Id, SmallCount, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.registry.models import Sector

from . import access, queries, services
from .models import (
    ApplicationStatus,
    EventDay,
    EventKind,
    EventStatus,
)
from .workflow import EVENT

router = Router(tags=["events"], auth=token_or_session)

MONTH = r"^(\d{4}-(0[1-9]|1[0-2]))?$"
DISTRICT = r"^(\d{2}\.\d{2}\.\d{2})?$"


class EventDayOut(Schema):
    id: Id
    date: date
    opens_at: str
    closes_at: str


class EventOut(Schema):
    id: Id
    slug: str
    name: str
    year: SmallCount
    kind: one_of(EventKind.values)  # type: ignore[valid-type]
    status: one_of(EventStatus.values)  # type: ignore[valid-type]
    starts_on: date | None
    ends_on: date | None
    venue: str
    district_code: str
    district_name: str
    destination: str
    url: str
    ics_url: str
    days: list[EventDayOut]


def _event_out(event) -> dict:
    return {
        "id": event.pk,
        "slug": event.slug,
        "name": event.name,
        "year": event.year,
        "kind": event.kind,
        "status": event.status,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "venue": event.venue,
        "district_code": event.district_id,
        "district_name": event.district.name,
        "destination": event.destination.name if event.destination_id else "",
        "url": event.get_absolute_url(),
        "ics_url": event.get_absolute_url() + "kalender.ics",
        "days": [
            {
                "id": d.pk,
                "date": d.date,
                "opens_at": d.opens_at.strftime("%H:%M"),
                "closes_at": d.closes_at.strftime("%H:%M"),
            }
            for d in event.days.all()
        ],
    }


@router.get(
    "/events",
    response=list[EventOut],
    auth=None,
    summary="Public events (filter by month, district, kind)",
    operation_id="kriya_api_events_list",
)
def list_events(
    request,
    month: Annotated[str, Field(pattern=MONTH)] = "",
    district: Annotated[str, Field(pattern=DISTRICT)] = "",
    kind: one_of(["", *EventKind.values]) = "",  # type: ignore[valid-type]
):
    """The iCalendar of the same events is the public page `/acara/kalender.ics`."""
    events = queries.public_events(month=month, district=district, kind=kind).prefetch_related(
        "days"
    )
    return [_event_out(e) for e in events.order_by("starts_on", "name")[:500]]


@router.get(
    "/events/{event_id}",
    response=EventOut,
    auth=None,
    summary="A public event",
    operation_id="kriya_api_events_get",
)
def get_event(request, event_id: Id):
    from .models import Event

    event = get_object_or_404(
        Event.objects.public().select_related("district", "destination"), pk=event_id
    )
    return _event_out(event)


class EventStatusIn(Schema):
    action: actions_of(EVENT)  # type: ignore[valid-type]
    reason: str = Field("", max_length=2000)


@router.post(
    "/events/{event_id}/status",
    response=EventOut,
    summary="Move an event through its lifecycle (organisers)",
    operation_id="kriya_api_events_transition",
)
@answers(409)
def transition_event(request, event_id: Id, payload: EventStatusIn):
    event = access.get_event_for(request.auth, event_id)
    try:
        services.transition_event(
            event=event, action=payload.action, by=request.auth, reason=payload.reason
        )
    except InvalidTransition:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang.")) from None
    return _event_out(access.get_event_for(request.auth, event_id))


class EventApplicationIn(Schema):
    business_id: Id
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    booth_width_m: float = Field(3, ge=1, le=99)
    needs_power: bool = False
    day_ids: list[Id] = Field(default_factory=list, max_length=60)
    product_ids: list[Id] = Field(default_factory=list, max_length=200)
    note: str = Field("", max_length=2000)


class EventApplicationOut(Schema):
    id: Id
    event_id: Id
    business_id: Id
    business_name: str
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    status: one_of(ApplicationStatus.values)  # type: ignore[valid-type]
    decision_reason: str
    booth: str
    score_override: Annotated[int, Field(ge=-(2**15), le=2**15 - 1)] | None
    override_reason: str


def _application_out(a) -> dict:
    return {
        "id": a.pk,
        "event_id": a.event_id,
        "business_id": a.business_id,
        "business_name": a.business.name,
        "sector": a.sector,
        "status": a.status,
        "decision_reason": a.decision_reason,
        "booth": a.booth.code if a.booth_id else "",
        "score_override": a.score_override,
        "override_reason": a.override_reason,
    }


@router.get(
    "/event-applications",
    response=list[EventApplicationOut],
    summary="Applications of your businesses and of the events you organise",
    operation_id="kriya_api_events_applications",
)
def list_applications(request):
    qs = access.applications_visible_to(request.auth).select_related("business", "booth")
    return [_application_out(a) for a in qs.order_by("-pk")[:500]]


@router.post(
    "/events/{event_id}/applications",
    response={201: EventApplicationOut},
    summary="Apply to exhibit while the call is open (idempotent)",
    operation_id="kriya_api_events_apply",
)
def apply(request, event_id: Id, payload: EventApplicationIn):
    from .models import Event

    event = get_object_or_404(Event.objects.public(), pk=event_id)
    business = access.get_applying_business_for(request.auth, payload.business_id)
    from kriya.registry.models import Product

    application = services.apply_to_event(
        event=event,
        business=business,
        data={
            "sector": payload.sector,
            "booth_width_m": round(payload.booth_width_m, 1),
            "needs_power": payload.needs_power,
            "note": payload.note,
        },
        products=list(Product.objects.filter(pk__in=payload.product_ids, business=business)),
        days=list(EventDay.objects.filter(pk__in=payload.day_ids, event=event)),
        by=request.auth,
    )
    return 201, _application_out(application)


@router.get(
    "/event-applications/{application_id}",
    response=EventApplicationOut,
    summary="An application (its business's people and the event's organisers)",
    operation_id="kriya_api_events_application",
)
def get_application(request, application_id: Id):
    return _application_out(access.get_application_for(request.auth, application_id))


class EventDecisionIn(Schema):
    decision: one_of(["accept", "waitlist", "reject"])  # type: ignore[valid-type]
    reason: str = Field("", max_length=2000)


@router.post(
    "/event-applications/{application_id}/decision",
    response=EventApplicationOut,
    summary="Accept, waiting list or reject (organisers; the applicant is told)",
    operation_id="kriya_api_events_decide",
)
@answers(409)
def decide(request, application_id: Id, payload: EventDecisionIn):
    application = access.get_application_for(request.auth, application_id, organiser=True)
    try:
        services.decide_application(
            application=application, action=payload.decision, by=request.auth, reason=payload.reason
        )
    except InvalidTransition:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang.")) from None
    return _application_out(access.get_application_for(request.auth, application_id))


class EventSalesIn(Schema):
    day_id: Id
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    transactions: Count
    cash: Amount = 0
    qris: Amount = 0
    transfer: Amount = 0
    confirmed: bool = Field(False, description="Confirm a figure over 10× the event's median")
    correction_reason: str = Field("", max_length=2000)


class EventSalesOut(Schema):
    id: Id
    day: date
    turnover: Amount
    transactions: Count
    is_outlier: bool
    by_committee: bool


@router.post(
    "/event-applications/{application_id}/sales",
    response={201: EventSalesOut},
    summary="Report (or correct) one day's sales (the exhibitor or the committee)",
    operation_id="kriya_api_events_report_sales",
)
def report_sales(request, application_id: Id, payload: EventSalesIn):
    application = access.get_application_for(request.auth, application_id)
    day = get_object_or_404(EventDay, pk=payload.day_id, event_id=application.event_id)
    if payload.cash + payload.qris + payload.transfer >= 2**62:
        raise ValidationError({"cash": _("Jumlah terlalu besar.")})
    report = services.report_sales(
        application=application,
        day=day,
        sector=payload.sector,
        transactions=payload.transactions,
        cash=payload.cash,
        qris=payload.qris,
        transfer=payload.transfer,
        confirmed=payload.confirmed,
        correction_reason=payload.correction_reason,
        by=request.auth,
    )
    return 201, {
        "id": report.pk,
        "day": day.date,
        "turnover": report.turnover,
        "transactions": report.transactions,
        "is_outlier": report.is_outlier,
        "by_committee": report.by_committee,
    }


class EventReportDayOut(Schema):
    date: date
    turnover: Amount
    transactions: Count
    reported: Count
    missing: Count
    visitors: Count | None


class EventReportOut(Schema):
    event_id: Id
    exhibitors: Count
    turnover: Amount
    transactions: Count
    reports_missing: Count
    median_per_exhibitor: Amount | None
    certified_share_percent: float | None
    first_time_exhibitors: Count
    visitors: Count | None
    previous_turnover: Amount | None
    days: list[EventReportDayOut]


@router.get(
    "/events/{event_id}/report",
    response=EventReportOut,
    summary="The event's 'perputaran ekonomi' (organisers)",
    operation_id="kriya_api_events_report",
)
def report(request, event_id: Id):
    event = access.get_event_for(request.auth, event_id)
    data = queries.event_report(event)
    return {
        "event_id": event.pk,
        "exhibitors": data.exhibitors,
        "turnover": data.turnover,
        "transactions": data.transactions,
        "reports_missing": data.reports_missing,
        "median_per_exhibitor": data.median_per_exhibitor,
        "certified_share_percent": data.certified_share,
        "first_time_exhibitors": data.first_time,
        "visitors": data.visitors,
        "previous_turnover": data.previous.turnover if data.previous else None,
        "days": [
            {
                "date": d.day.date,
                "turnover": d.turnover,
                "transactions": d.transactions,
                "reported": d.reported,
                "missing": d.missing,
                "visitors": d.visitors,
            }
            for d in data.days
        ],
    }
