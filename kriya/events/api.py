"""The events API: the public list and an event (no sign-in; the iCalendar feed is the
public page `/acara/kalender.ics`), the exhibitor call, decisions, booths, daily sales
and the "perputaran ekonomi" report, under the same access rules as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
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


# -- Organisers: create and edit an event, its booth plan and its visitor counts --
# The same forms as the officers' pages (kriya/events/views/edit.py and manage.py)
# validate, the same services write, the same access functions fetch. The status is
# never set here: `POST /events/{id}/status`.


def _valid(form):
    """The form's cleaned data, or a 422 with its errors at their field names."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


def _merged(form_class, instance, changes: dict) -> dict:
    """The form data of `instance` with `changes` over it (a partial update goes
    through the whole form, so every rule of the page applies)."""
    from django.forms.models import model_to_dict

    data = model_to_dict(instance, fields=form_class._meta.fields)
    for name, value in data.items():
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
    data.update(changes)
    return {k: "" if v is None else v for k, v in data.items()}


class EventCreateIn(Schema):
    name: str = Field(max_length=200)
    year: SmallCount
    kind: one_of(EventKind.values)  # type: ignore[valid-type]
    organiser: Id
    district: Annotated[str, Field(pattern=r"^\d{2}\.\d{2}\.\d{2}$")]
    venue: str = Field(max_length=200)
    series: Id | None = None
    first_day: date
    last_day: date | None = None
    opens_at: Annotated[str, Field(pattern=r"^\d{2}:\d{2}$")]
    closes_at: Annotated[str, Field(pattern=r"^\d{2}:\d{2}$")]


@router.post(
    "/events",
    response={201: EventOut},
    summary="Create a draft event with its days (organisers)",
    operation_id="kriya_api_events_create",
)
def create_event(request, payload: EventCreateIn):
    from .forms import EventBasicsForm

    access.require_organiser(request.auth)
    form = EventBasicsForm(payload.dict(), user=request.auth)
    cleaned = _valid(form)
    data = {
        name: cleaned[name]
        for name in ("name", "series", "year", "kind", "organiser", "district", "venue")
    }
    data["regency"] = data["organiser"].regency
    try:
        event = services.create_event(data=data, days=form.days(), by=request.auth)
    except PermissionDenied:
        raise ValidationError(
            {"organiser": _("Anda tidak dapat menyelenggarakan atas nama unit ini.")}
        ) from None
    return 201, _event_out(access.get_event_for(request.auth, event.pk))


class EventUpdateIn(Schema):
    """Only the fields sent are changed; each goes through its part of the officers'
    form. Days, the call (criteria, quotas, fee) and the photo stay on the pages."""

    name: str | None = Field(None, max_length=200)
    year: SmallCount | None = None
    kind: one_of(EventKind.values) | None = None  # type: ignore[valid-type]
    organiser: Id | None = None
    series: Id | None = None
    setup_on: date | None = None
    district: Annotated[str, Field(pattern=r"^\d{2}\.\d{2}\.\d{2}$")] | None = None
    venue: str | None = Field(None, max_length=200)
    destination: Id | None = None
    directions: str | None = Field(None, max_length=4000)
    directions_en: str | None = Field(None, max_length=4000)
    description: str | None = Field(None, max_length=10000)
    description_en: str | None = Field(None, max_length=10000)
    programme: str | None = Field(None, max_length=10000)
    photo_caption: str | None = Field(None, max_length=300)
    photo_caption_en: str | None = Field(None, max_length=300)
    contact_name: str | None = Field(None, max_length=200)
    contact_phone: str | None = Field(None, max_length=40)
    contact_email: str | None = Field(None, max_length=254)


class EventDetailOut(EventOut):
    organiser_id: Id
    series_id: Id | None
    setup_on: date | None
    destination_id: Id | None
    directions: str
    directions_en: str
    description: str
    description_en: str
    programme: str
    photo_caption: str
    photo_caption_en: str
    contact_name: str
    contact_phone: str
    contact_email: str


def _event_detail_out(event) -> dict:
    out = _event_out(event)
    for name in EventDetailOut.model_fields:
        if name not in out:
            out[name] = getattr(event, name)
    return out


@router.get(
    "/events/{event_id}/edit",
    response=EventDetailOut,
    summary="An event's editable parts, whatever its status (organisers)",
    operation_id="kriya_api_events_edit_get",
)
def get_event_editable(request, event_id: Id):
    return _event_detail_out(access.get_event_for(request.auth, event_id))


@router.patch(
    "/events/{event_id}/edit",
    response=EventDetailOut,
    summary="Change an event's editable parts, never its status (organisers)",
    operation_id="kriya_api_events_update",
)
def update_event(request, event_id: Id, payload: EventUpdateIn):
    from .forms import EventContactForm, EventPlaceForm, EventSetupForm, EventTextForm, EventWhoForm

    event = access.get_editable_event_for(request.auth, event_id)
    changes = payload.dict(exclude_unset=True)
    cleaned, errors = {}, {}
    for form_class in (
        EventWhoForm,
        EventSetupForm,
        EventPlaceForm,
        EventTextForm,
        EventContactForm,
    ):
        mine = {k: v for k, v in changes.items() if k in form_class._meta.fields}
        if not mine:
            continue
        kwargs = {"user": request.auth} if form_class is EventWhoForm else {}
        # Each form on its own copy: a form that fails leaves the event untouched.
        instance = access.get_editable_event_for(request.auth, event_id)
        form = form_class(_merged(form_class, instance, mine), instance=instance, **kwargs)
        if form.is_valid():
            cleaned.update({k: form.cleaned_data[k] for k in mine})
        else:
            errors.update(form.errors.as_data())
    if errors:
        raise ValidationError(errors)
    if cleaned:
        services.update_event(event=event, data=cleaned, by=request.auth)
    return _event_detail_out(access.get_event_for(request.auth, event_id))


class BoothIn(Schema):
    code: str = Field(max_length=20)
    zone: str = Field("", max_length=60)
    sector: one_of(["", *Sector.values]) = ""  # type: ignore[valid-type]
    width_m: float = Field(3, ge=0, le=999)
    depth_m: float = Field(3, ge=0, le=999)
    power_watts: Count = 0


class BoothPatchIn(Schema):
    code: str | None = Field(None, max_length=20)
    zone: str | None = Field(None, max_length=60)
    sector: one_of(["", *Sector.values]) | None = None  # type: ignore[valid-type]
    width_m: float | None = Field(None, ge=0, le=999)
    depth_m: float | None = Field(None, ge=0, le=999)
    power_watts: Count | None = None


class BoothOut(Schema):
    id: Id
    code: str
    zone: str
    sector: one_of(["", *Sector.values])  # type: ignore[valid-type]
    width_m: float
    depth_m: float
    power_watts: Count
    application_id: Id | None
    business_name: str


def _booth_out(booth) -> dict:
    application = getattr(booth, "application", None)
    return {
        "id": booth.pk,
        "code": booth.code,
        "zone": booth.zone,
        "sector": booth.sector,
        "width_m": float(booth.width_m),
        "depth_m": float(booth.depth_m),
        "power_watts": booth.power_watts,
        "application_id": application.pk if application else None,
        "business_name": application.business.name if application else "",
    }


@router.get(
    "/events/{event_id}/booths",
    response=list[BoothOut],
    summary="The event's booth plan and who has each booth (organisers)",
    operation_id="kriya_api_events_booths",
)
def list_booths(request, event_id: Id):
    event = access.get_event_for(request.auth, event_id)
    return [_booth_out(b) for b in event.booths.select_related("application__business")]


@router.post(
    "/events/{event_id}/booths",
    response={201: BoothOut},
    summary="Add a booth to the plan (organisers)",
    operation_id="kriya_api_events_booth_add",
)
def add_booth(request, event_id: Id, payload: BoothIn):
    from .forms import BoothForm

    event = access.get_editable_event_for(request.auth, event_id)
    cleaned = _valid(BoothForm(payload.dict(), event=event))
    (booth,) = services.add_booths(event=event, rows=[cleaned], by=request.auth)
    return 201, _booth_out(booth)


@router.patch(
    "/events/{event_id}/booths/{booth_id}",
    response=BoothOut,
    summary="Change a booth of the plan (organisers)",
    operation_id="kriya_api_events_booth_update",
)
def update_booth(request, event_id: Id, booth_id: Id, payload: BoothPatchIn):
    from .forms import BoothForm

    event = access.get_editable_event_for(request.auth, event_id)
    booth = get_object_or_404(event.booths, pk=booth_id)
    changes = payload.dict(exclude_unset=True)
    cleaned = _valid(BoothForm(_merged(BoothForm, booth, changes), instance=booth))
    booth = get_object_or_404(event.booths, pk=booth_id)
    booth.event = event
    services.update_booth(booth=booth, data=cleaned, by=request.auth)
    return _booth_out(event.booths.select_related("application__business").get(pk=booth_id))


@router.delete(
    "/events/{event_id}/booths/{booth_id}",
    response=list[BoothOut],
    summary="Remove a booth from the plan; an allocated booth stays (organisers)",
    operation_id="kriya_api_events_booth_remove",
)
@answers(409)
def remove_booth(request, event_id: Id, booth_id: Id):
    """Answers the booth plan left."""
    event = access.get_editable_event_for(request.auth, event_id)
    booth = get_object_or_404(event.booths, pk=booth_id)
    booth.event = event
    try:
        services.remove_booth(booth=booth, by=request.auth)
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from None
    return list_booths(request, event_id)


class BoothAllocationIn(Schema):
    booth_id: Id | None = Field(None, description="None takes the booth back")


@router.post(
    "/event-applications/{application_id}/booth",
    response=EventApplicationOut,
    summary="Give an accepted exhibitor a booth, never one given already (organisers)",
    operation_id="kriya_api_events_allocate",
)
def allocate_booth(request, application_id: Id, payload: BoothAllocationIn):
    application = access.get_application_for(request.auth, application_id, organiser=True)
    booth = None
    if payload.booth_id is not None:
        booth = application.event.booths.filter(pk=payload.booth_id).first()
        if booth is None:
            raise ValidationError({"booth_id": _("Stan ini bukan milik acara ini.")})
    try:
        services.allocate_booth(application=application, booth=booth, by=request.auth)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "booth" in exc.error_dict:
            raise ValidationError({"booth_id": exc.error_dict["booth"]}) from None
        raise
    return _application_out(access.get_application_for(request.auth, application_id))


class VisitorDayOut(Schema):
    day_id: Id
    date: date
    visitors: Count | None


class VisitorIn(Schema):
    day_id: Id
    visitors: Annotated[int, Field(le=2**31 - 1, ge=-(2**31))]


def _visitor_days(event) -> list[dict]:
    days = event.days.select_related("visitors").order_by("date")
    out = []
    for d in days:
        count = getattr(d, "visitors", None)
        out.append({"day_id": d.pk, "date": d.date, "visitors": count.visitors if count else None})
    return out


@router.get(
    "/events/{event_id}/visitors",
    response=list[VisitorDayOut],
    summary="The gate count of each day; null where none is entered (organisers)",
    operation_id="kriya_api_events_visitors",
)
def list_visitors(request, event_id: Id):
    return _visitor_days(access.get_event_for(request.auth, event_id))


@router.put(
    "/events/{event_id}/visitors",
    response=list[VisitorDayOut],
    summary="Enter (or replace) one day's gate count (organisers)",
    operation_id="kriya_api_events_visitors_set",
)
def set_visitors(request, event_id: Id, payload: VisitorIn):
    from .forms import VisitorForm

    event = access.get_event_for(request.auth, event_id)
    cleaned = _valid(VisitorForm({"day": payload.day_id, "visitors": payload.visitors}))
    day = get_object_or_404(EventDay, pk=cleaned["day"], event=event)
    day.event = event
    services.record_visitors(day=day, visitors=cleaned["visitors"], by=request.auth)
    return _visitor_days(event)
