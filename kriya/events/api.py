"""The events API: the public list and an event (no sign-in; the iCalendar feed is the
public page `/acara/kalender.ics`), the exhibitor call, decisions, booths, daily sales
and the "perputaran ekonomi" report, under the same access rules as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Amount, Count, Id, Int32, SmallCount, actions_of, one_of
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
    terms_accepted: bool
    confirmed_at: datetime | None


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
        "terms_accepted": a.terms_accepted,
        "confirmed_at": a.confirmed_at,
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
    from .forms import SalesForm

    # The phone form of the page validates; the service decides the rest.
    data = _valid(SalesForm(payload.dict(exclude={"day_id"})))
    try:
        report = services.report_sales(
            application=application,
            day=day,
            sector=data["sector"],
            transactions=data["transactions"],
            cash=data["cash"],
            qris=data["qris"],
            transfer=data["transfer"],
            confirmed=data["confirmed"],
            correction_reason=data["correction_reason"],
            by=request.auth,
        )
    except services.NeedsConfirmation as exc:
        # Sent again with `confirmed`, it is saved and flagged to the officer.
        raise ValidationError({"confirmed": exc.messages}) from None
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "day" in exc.error_dict:
            raise ValidationError({"day_id": exc.error_dict["day"]}) from None
        raise
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


HHMM = r"^\d{2}:\d{2}$"

#: A quota per product category, as the call page's inputs take it.
CategoryQuota = dict[one_of(Sector.values), Count]  # type: ignore[valid-type]


class EventUpdateIn(Schema):
    """Only the fields sent are changed; each goes through its part of the officers'
    form. The days: `PUT /events/{id}/days`; the photo and the floor plan: their
    uploads."""

    name: str | None = Field(None, max_length=200)
    year: SmallCount | None = None
    kind: one_of(EventKind.values) | None = None  # type: ignore[valid-type]
    organiser: Id | None = None
    co_organisers: list[Id] | None = Field(
        None, max_length=100, description="Replaces the co-organising units"
    )
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
    criteria: str | None = Field(None, max_length=10000)
    terms: str | None = Field(None, max_length=10000)
    booth_fee: Amount | None = None
    category_quota: CategoryQuota | None = Field(
        None,
        description="Replaces the quotas: booths per product category; a category left "
        "out (or 0) has no quota",
    )


class EventDetailOut(EventOut):
    organiser_id: Id
    co_organiser_ids: list[Id]
    series_id: Id | None
    setup_on: date | None
    destination_id: Id | None
    directions: str
    directions_en: str
    description: str
    description_en: str
    programme: str
    photo_url: str
    photo_caption: str
    photo_caption_en: str
    contact_name: str
    contact_phone: str
    contact_email: str
    criteria: str
    terms: str
    booth_fee: Amount
    category_quota: CategoryQuota
    floor_plan_url: str


def _event_detail_out(event) -> dict:
    out = _event_out(event)
    out["co_organiser_ids"] = sorted(event.co_organisers.values_list("pk", flat=True))
    out["photo_url"] = event.photo.url if event.photo else ""
    out["floor_plan_url"] = event.floor_plan.url if event.floor_plan else ""
    quota = event.category_quota or {}
    out["category_quota"] = {k: int(v) for k, v in quota.items() if k in Sector.values and v}
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


def _parts():
    """The officers' edit pages' forms, each with the API names of its fields."""
    from .forms import (
        EventCallForm,
        EventContactForm,
        EventPlaceForm,
        EventSetupForm,
        EventTextForm,
        EventWhoForm,
    )

    return [
        (EventWhoForm, set(EventWhoForm._meta.fields)),
        (EventSetupForm, set(EventSetupForm._meta.fields)),
        (EventPlaceForm, set(EventPlaceForm._meta.fields)),
        (EventTextForm, set(EventTextForm._meta.fields)),
        (EventContactForm, set(EventContactForm._meta.fields)),
        (EventCallForm, {*EventCallForm._meta.fields, "category_quota"}),
    ]


def _call_data(instance, mine: dict) -> dict:
    """The call page's data: its fields, and one `quota_<category>` input per category
    (the quotas sent replace the stored ones whole)."""
    from .forms import EventCallForm

    data = _merged(
        EventCallForm, instance, {k: v for k, v in mine.items() if k != "category_quota"}
    )
    quota = mine.get("category_quota")
    if quota is None:
        quota = instance.category_quota or {}
    for code in Sector.values:
        data[f"quota_{code}"] = "" if quota.get(code) is None else quota[code]
    return data


def _api_errors(errors: dict) -> dict:
    """A form's errors at the names the API gives its fields."""
    renamed = {}
    for name, messages in errors.items():
        if name.startswith("quota_"):
            name = f"category_quota.{name.removeprefix('quota_')}"
        renamed.setdefault(name, []).extend(messages)
    return renamed


@router.patch(
    "/events/{event_id}/edit",
    response=EventDetailOut,
    summary="Change an event's editable parts, never its status (organisers)",
    operation_id="kriya_api_events_update",
)
def update_event(request, event_id: Id, payload: EventUpdateIn):
    from .forms import EventCallForm, EventWhoForm

    event = access.get_editable_event_for(request.auth, event_id)
    changes = payload.dict(exclude_unset=True)
    cleaned, errors, co_organisers = {}, {}, None
    for form_class, names in _parts():
        mine = {k: v for k, v in changes.items() if k in names}
        if not mine:
            continue
        kwargs = {"user": request.auth} if form_class is EventWhoForm else {}
        # Each form on its own copy: a form that fails leaves the event untouched.
        instance = access.get_editable_event_for(request.auth, event_id)
        if form_class is EventCallForm:
            data = _call_data(instance, mine)
        else:
            data = _merged(form_class, instance, mine)
        form = form_class(data, instance=instance, **kwargs)
        if not form.is_valid():
            errors.update(_api_errors(form.errors.as_data()))
            continue
        for name in mine:
            if name == "co_organisers":
                co_organisers = list(form.cleaned_data["co_organisers"])
            elif name == "category_quota":
                cleaned["category_quota"] = form.quota()
            else:
                cleaned[name] = form.cleaned_data[name]
    if errors:
        raise ValidationError(errors)
    if cleaned or co_organisers is not None:
        try:
            services.update_event(
                event=event, data=cleaned, by=request.auth, co_organisers=co_organisers
            )
        except PermissionDenied:
            # As on the page: an organiser the editor does not organise for.
            raise ValidationError(
                {"organiser": _("Anda tidak dapat menyelenggarakan atas nama unit ini.")}
            ) from None
    return _event_detail_out(access.get_event_for(request.auth, event_id))


class EventDayIn(Schema):
    date: date
    opens_at: Annotated[str, Field(pattern=HHMM)]
    closes_at: Annotated[str, Field(pattern=HHMM)]


class EventDaysIn(Schema):
    days: list[EventDayIn] = Field(max_length=100)


@router.put(
    "/events/{event_id}/days",
    response=EventDetailOut,
    summary="Replace an event's days and opening hours (organisers)",
    operation_id="kriya_api_events_days_set",
)
def set_days(request, event_id: Id, payload: EventDaysIn):
    """The days page's form set validates (at most 31 days, each date once, closing
    after opening); a day that already has sales reports, a visitor count or survey
    answers is not removed (422 at `days`)."""
    from .forms import DayFormSet

    event = access.get_editable_event_for(request.auth, event_id)
    data = {"hari-TOTAL_FORMS": len(payload.days), "hari-INITIAL_FORMS": 0}
    for i, day in enumerate(payload.days):
        data.update(
            {
                f"hari-{i}-date": day.date.isoformat(),
                f"hari-{i}-opens_at": day.opens_at,
                f"hari-{i}-closes_at": day.closes_at,
            }
        )
    formset = DayFormSet(data, prefix="hari")
    if not formset.is_valid():
        errors = {}
        for i, form_errors in enumerate(formset.errors):
            for name, messages in form_errors.as_data().items():
                errors[f"days.{i}.{name}"] = messages
        if formset.non_form_errors():
            errors["days"] = formset.non_form_errors().as_data()
        raise ValidationError(errors)
    services.update_event(event=event, data={}, by=request.auth, days=formset.days())
    return _event_detail_out(access.get_event_for(request.auth, event_id))


def _upload_error(field: str, exc: ValidationError) -> ValidationError:
    return ValidationError({field: exc.messages})


@router.post(
    "/events/{event_id}/photo",
    response=EventDetailOut,
    summary="Upload the event's photo (multipart field `photo`; organisers)",
    operation_id="kriya_api_events_photo",
)
def upload_photo(request, event_id: Id, photo: File[UploadedFile] = None):
    """As on the "description and photo" page: the page's form checks the file is an
    image, then it is checked by its content (JPEG, PNG or WebP, at most 5 MB),
    re-encoded without EXIF and replaces the photo. Refused whole: 422 at `photo`."""
    from .forms import EventTextForm

    event = access.get_editable_event_for(request.auth, event_id)
    if photo is None:
        raise ValidationError({"photo": _("Pilih foto acara yang akan diunggah.")})
    form = EventTextForm(_merged(EventTextForm, event, {}), {"photo_upload": photo}, instance=event)
    if not form.is_valid():
        messages = form.errors.as_data().get("photo_upload") or [
            m for errors in form.errors.as_data().values() for m in errors
        ]
        raise ValidationError({"photo": messages})
    event = access.get_editable_event_for(request.auth, event_id)
    try:
        services.set_event_photo(
            event=event, upload=form.cleaned_data["photo_upload"], by=request.auth
        )
    except ValidationError as exc:
        raise _upload_error("photo", exc) from None
    return _event_detail_out(access.get_event_for(request.auth, event_id))


@router.post(
    "/events/{event_id}/floor-plan",
    response=EventDetailOut,
    summary="Upload the booth floor-plan image (multipart field `image`; organisers)",
    operation_id="kriya_api_events_floor_plan",
)
def upload_floor_plan(request, event_id: Id, image: File[UploadedFile] = None):
    """As on the booth plan page (`FloorPlanForm`, then checked by its content: JPEG,
    PNG or WebP, at most 5 MB, re-encoded). Refused: 422 at `image`."""
    from .forms import FloorPlanForm

    event = access.get_editable_event_for(request.auth, event_id)
    form = FloorPlanForm({}, {"image": image} if image is not None else {})
    cleaned = _valid(form)
    try:
        services.set_floor_plan(event=event, upload=cleaned["image"], by=request.auth)
    except ValidationError as exc:
        raise _upload_error("image", exc) from None
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


# -- Curation: the score table and the officer's override --


class EventScoreOut(Schema):
    application_id: Id
    business_id: Id
    business_name: str
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    status: one_of(ApplicationStatus.values)  # type: ignore[valid-type]
    verified_points: SmallCount
    first_time_points: SmallCount
    certified_points: SmallCount
    youth_points: SmallCount
    computed: Int32
    total: Int32
    score_override: Annotated[int, Field(ge=-(2**15), le=2**15 - 1)] | None
    override_reason: str
    quota: Count | None
    quota_used: Count
    notes: list[str]


@router.get(
    "/events/{event_id}/scores",
    response=list[EventScoreOut],
    summary="The curation score table, best first (organisers)",
    operation_id="kriya_api_events_scores",
)
def list_scores(request, event_id: Id):
    """The organisers' page's table (`scoring.score_table`): points per criterion from
    Kriya's own data, the officer's override, and the category's accepted count
    against its quota. Constant queries whatever the number of applications."""
    from . import scoring

    event = access.get_event_for(request.auth, event_id)
    return [
        {
            "application_id": s.application.pk,
            "business_id": s.application.business_id,
            "business_name": s.application.business.name,
            "sector": s.application.sector,
            "status": s.application.status,
            "verified_points": s.verified,
            "first_time_points": s.first_time,
            "certified_points": s.certified,
            "youth_points": s.youth,
            "computed": s.computed,
            "total": s.total,
            "score_override": s.application.score_override,
            "override_reason": s.application.override_reason,
            "quota": s.quota,
            "quota_used": s.quota_used,
            "notes": [str(n) for n in s.notes],
        }
        for s in scoring.score_table(event)
    ]


class ScoreOverrideIn(Schema):
    score: Annotated[int, Field(ge=-(2**15), le=2**15 - 1)] | None = Field(
        None, description="None clears the override (the computed score counts again)"
    )
    reason: str = Field("", max_length=2000)


@router.post(
    "/event-applications/{application_id}/score",
    response=EventApplicationOut,
    summary="Override the computed score with a written reason (organisers)",
    operation_id="kriya_api_events_score_override",
)
def override_score(request, application_id: Id, payload: ScoreOverrideIn):
    from .forms import OverrideForm

    application = access.get_application_for(request.auth, application_id, organiser=True)
    cleaned = _valid(
        OverrideForm(
            {"score": "" if payload.score is None else payload.score, "reason": payload.reason}
        )
    )
    try:
        services.override_score(
            application=application,
            score=cleaned["score"],
            reason=cleaned["reason"],
            by=request.auth,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "override_reason" in exc.error_dict:
            raise ValidationError({"reason": exc.error_dict["override_reason"]}) from None
        raise
    return _application_out(access.get_application_for(request.auth, application_id))


class AutoAllocationOut(Schema):
    given: Count
    booths: list[BoothOut]


@router.post(
    "/events/{event_id}/booth-allocation",
    response=AutoAllocationOut,
    summary="Give every accepted exhibitor without a booth a free one that fits (organisers)",
    operation_id="kriya_api_events_auto_allocate",
)
def auto_allocate(request, event_id: Id):
    """As the organisers' page's button (`services.auto_allocate`): the category's zone
    first, then any free booth wide enough and with power when asked; exhibitors in the
    order they were accepted. Answers how many got one and the booth plan."""
    event = access.get_event_for(request.auth, event_id)
    given = services.auto_allocate(event=event, by=request.auth)
    return {"given": given, "booths": list_booths(request, event_id)}


# -- The exhibitor: confirm attendance and the terms, or give the place up --


class ConfirmIn(Schema):
    terms_accepted: bool = False


@router.post(
    "/event-applications/{application_id}/confirm",
    response=EventApplicationOut,
    summary="Confirm attendance and accept the event's terms (the business's people)",
    operation_id="kriya_api_events_confirm",
)
@answers(409)
def confirm(request, application_id: Id, payload: ConfirmIn):
    from .forms import ConfirmForm

    application = access.get_application_for(request.auth, application_id)
    cleaned = _valid(ConfirmForm({"terms_accepted": payload.terms_accepted or ""}))
    try:
        services.confirm_attendance(
            application=application, terms_accepted=cleaned["terms_accepted"], by=request.auth
        )
    except InvalidTransition:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang.")) from None
    return _application_out(access.get_application_for(request.auth, application_id))


@router.post(
    "/event-applications/{application_id}/withdraw",
    response=EventApplicationOut,
    summary="Give the place up (the business's people); an unpaid booth fee is cancelled",
    operation_id="kriya_api_events_withdraw",
)
@answers(409)
def withdraw(request, application_id: Id):
    application = access.get_application_for(request.auth, application_id)
    try:
        services.withdraw_application(application=application, by=request.auth)
    except InvalidTransition:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang.")) from None
    return _application_out(access.get_application_for(request.auth, application_id))


# -- Daily sales: the history of corrections --


class EventSalesReportOut(Schema):
    id: Id
    day_id: Id
    day: date
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    transactions: Count
    cash: Amount
    qris: Amount
    transfer: Amount
    turnover: Amount
    is_current: bool
    is_outlier: bool
    by_committee: bool
    correction_reason: str
    reported_at: datetime


@router.get(
    "/event-applications/{application_id}/sales",
    response=list[EventSalesReportOut],
    summary="Every sales report of an exhibitor, corrected ones included (exhibitor, committee)",
    operation_id="kriya_api_events_sales_history",
)
def sales_history(request, application_id: Id):
    """Per day, oldest first: a correction adds a report and the earlier one stays with
    `is_current` false. A day without any report is missing, never zero."""
    application = access.get_application_for(request.auth, application_id)
    return [
        {
            "id": r.pk,
            "day_id": r.day_id,
            "day": r.day.date,
            "sector": r.sector,
            "transactions": r.transactions,
            "cash": r.cash,
            "qris": r.qris,
            "transfer": r.transfer,
            "turnover": r.turnover,
            "is_current": r.is_current,
            "is_outlier": r.is_outlier,
            "by_committee": r.by_committee,
            "correction_reason": r.correction_reason,
            "reported_at": r.created_at,
        }
        for r in application.sales_reports.select_related("day").order_by(
            "day__date", "created_at", "pk"
        )
    ]


# -- Exhibitor passes and the committee's check-in --


class ExhibitorPassOut(Schema):
    id: Id
    name: str
    number: str
    issued_on: date
    expires_on: date | None
    verify_url: str
    qr_text: str = Field(description="What the pass's QR code holds")
    payload: str


def _pass_out(p) -> dict:
    document = p.document
    return {
        "id": p.pk,
        "name": p.name,
        "number": document.number,
        "issued_on": document.issued_on,
        "expires_on": document.expires_on,
        "verify_url": document.url,
        "qr_text": document.qr_text,
        "payload": document.payload,
    }


@router.get(
    "/event-applications/{application_id}/passes",
    response=list[ExhibitorPassOut],
    summary="An exhibitor's signed passes, with what their QR codes hold",
    operation_id="kriya_api_events_passes",
)
def list_passes(request, application_id: Id):
    application = access.get_application_for(request.auth, application_id)
    return [_pass_out(p) for p in application.passes.select_related("document")]


class ExhibitorPassIn(Schema):
    name: str = Field(max_length=150)


@router.post(
    "/event-applications/{application_id}/passes",
    response={201: ExhibitorPassOut},
    summary="Issue a signed pass for one of an accepted exhibitor's people (organisers)",
    operation_id="kriya_api_events_pass_issue",
)
def issue_pass(request, application_id: Id, payload: ExhibitorPassIn):
    application = access.get_application_for(request.auth, application_id, organiser=True)
    issued = services.issue_pass(application=application, name=payload.name, by=request.auth)
    return 201, _pass_out(issued)


class CheckinPersonOut(Schema):
    number: str
    name: str
    payload: str
    present: bool


class CheckinRosterOut(Schema):
    date: date
    is_setup: bool
    people: list[CheckinPersonOut]


@router.get(
    "/events/{event_id}/check-in",
    response=CheckinRosterOut,
    summary="The check-in roster of a day, or of the set-up day without day_id (organisers)",
    operation_id="kriya_api_events_checkin_roster",
)
def checkin_roster(request, event_id: Id, day_id: Id | None = None):
    """The event's passes, each present or not; what the check-in page loads to work
    offline."""
    from .views import checkin

    slot = checkin.slot_for(access.get_event_for(request.auth, event_id), day_id)
    return {"date": slot.date, "is_setup": slot.is_setup, "people": checkin.roster(slot)}


class CheckinScanIn(Schema):
    nonce: str = Field(max_length=64, description="Made by the scanning device, once per scan")
    payload: str = Field("", max_length=5000, description="The QR code's text")
    manual_document_number: str = Field(
        "", max_length=100, description="Ticked on the roster instead of scanned"
    )
    scanned_at: datetime | None = None


class CheckinIn(Schema):
    day_id: Id | None = Field(None, description="None: the set-up day")
    scans: list[CheckinScanIn] = Field(max_length=1000)


class CheckinResultOut(Schema):
    nonce: str
    status: one_of(["accepted", "duplicate", "rejected"])  # type: ignore[valid-type]
    reason: str
    number: str
    name: str


class CheckinCountsOut(Schema):
    accepted: Count
    duplicate: Count
    rejected: Count


class CheckinOut(Schema):
    results: list[CheckinResultOut]
    counts: CheckinCountsOut


@router.post(
    "/events/{event_id}/check-in",
    response=CheckinOut,
    summary="Record passes scanned at the gate of a day or of the set-up day (organisers)",
    operation_id="kriya_api_events_checkin",
)
def checkin_scans(request, event_id: Id, payload: CheckinIn):
    """The check-in page's sync (`kriya.verify.checkin.record_scans`): each pass
    verified as on /verifikasi/, only this event's passes, idempotent by nonce."""
    from kriya.verify.checkin import record_scans

    from .views import checkin

    event = access.get_event_for(request.auth, event_id)
    slot = checkin.slot_for(event, payload.day_id)
    scans = [
        {
            "nonce": s.nonce,
            "payload": s.payload,
            "manual_document_number": s.manual_document_number,
            "scanned_at": s.scanned_at.isoformat() if s.scanned_at else None,
        }
        for s in payload.scans
    ]
    result = record_scans(
        scans=scans,
        context=slot.context,
        doc_types=checkin.PASS_TYPES,
        by=request.auth,
        numbers=checkin.pass_numbers(event),
    )
    return result.as_dict()
