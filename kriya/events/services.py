"""Every write of the events app: `verb_noun(*, ..., by)` in a transaction, audited.

Statuses change only through `workflow.EVENT` / `workflow.APPLICATION`.transition().
"""

from __future__ import annotations

import statistics
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kriya.core import audit
from kriya.core.pagecache import bump
from kriya.desk import fee_requests

from . import fees, notifications, totals
from .models import (
    EXHIBITING,
    Application,
    ApplicationStatus,
    Booth,
    Event,
    EventDay,
    EventStatus,
    SalesReport,
    VisitorCount,
)
from .signals import event_status_changed
from .workflow import APPLICATION, EVENT, is_holder, is_organiser

# A day's turnover above this many times the event's median asks for confirmation and
# is flagged to the officer.
OUTLIER_FACTOR = 10


def _unique_slug(name: str, year: int) -> str:
    base = slugify(name if str(year) in name else f"{name} {year}")[:200] or "acara"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_organiser(user, event) -> None:
    if not is_organiser(user, event):
        raise PermissionDenied


def create_event(*, data: dict, days: list[tuple[date, time, time]], by, co_organisers=()) -> Event:
    """Create a draft event with its days. The organiser must be a unit of the event's
    regency the creator organises for (checked by `is_organiser` on the new event)."""
    with transaction.atomic():
        data = dict(data)
        data.setdefault("slug", _unique_slug(data["name"], data["year"]))
        event = Event(**data, created_by=by if getattr(by, "is_authenticated", False) else None)
        event.full_clean(exclude=["slug"])
        event.save()
        if co_organisers:
            event.co_organisers.set(co_organisers)
        if by is not None and not is_organiser(by, event):
            raise PermissionDenied
        set_days(event=event, days=days, by=by, _audit=False)
        audit.record(actor=by, verb="event.create", obj=event, data={"name": event.name})
    return event


def _check_editable(event) -> None:
    if not event.editable:
        raise ValidationError(_("Acara yang sudah selesai atau dibatalkan tidak dapat diubah."))


# The fields the officers' form may write; status and its reason only through
# `transition_event`, the dates through `set_days`.
EDITABLE_FIELDS = frozenset(
    {
        "series",
        "year",
        "name",
        "kind",
        "organiser",
        "regency",
        "district",
        "venue",
        "destination",
        "directions",
        "directions_en",
        "description",
        "description_en",
        "programme",
        "photo",
        "photo_caption",
        "photo_caption_en",
        "contact_name",
        "contact_phone",
        "contact_email",
        "criteria",
        "terms",
        "category_quota",
        "booth_fee",
        "setup_on",
    }
)


def update_event(*, event: Event, data: dict, by, co_organisers=None, days=None) -> Event:
    """Change an event that is not closed: only `EDITABLE_FIELDS` (never the status),
    optionally its co-organisers and days, all or nothing. The editor must still
    organise it afterwards (changing the organiser to a unit they do not belong to is
    refused)."""
    _check_organiser(by, event)
    _check_editable(event)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(sorted(unknown))
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_editable(locked)
        for name, value in data.items():
            setattr(event, name, value)
        event.status, event.status_reason = locked.status, locked.status_reason
        event.full_clean(exclude=["slug"])
        event.save()
        if co_organisers is not None:
            event.co_organisers.set(co_organisers)
        if days is not None:
            set_days(event=event, days=days, by=None, _audit=False)
        if not is_organiser(by, event):
            raise PermissionDenied
        audit.record(
            actor=by,
            verb="event.update",
            obj=event,
            data={"fields": sorted(data) + (["days"] if days is not None else [])},
        )
        bump("place")
    return event


def set_event_photo(*, event: Event, upload, by) -> None:
    """The event's photo, checked by content and re-encoded (kriya.core.images)."""
    from kriya.core.images import process_image

    _check_organiser(by, event)
    _check_editable(event)
    processed = process_image(upload, max_side=2400)
    with transaction.atomic():
        event.photo.save(processed.image.name, processed.image, save=False)
        Event.objects.filter(pk=event.pk).update(photo=event.photo.name)
        audit.record(actor=by, verb="event.photo", obj=event)
        bump("place")


def set_days(*, event: Event, days, by, _audit: bool = True) -> None:
    """Replace the event's days (date, opens, closes); keeps starts_on/ends_on."""
    if by is not None:
        _check_organiser(by, event)
    if not days:
        raise ValidationError({"days": _("Isi paling sedikit satu hari acara.")})
    for _day, opens, closes in days:
        if closes <= opens:
            raise ValidationError({"days": _("Jam tutup harus setelah jam buka.")})
    with transaction.atomic():
        wanted = {d for d, _o, _c in days}
        if len(wanted) != len(days):
            raise ValidationError({"days": _("Setiap tanggal hanya boleh diisi sekali.")})
        removed = event.days.exclude(date__in=wanted)
        if removed.filter(
            Q(sales_reports__isnull=False)
            | Q(visitors__isnull=False)
            | Q(survey_answers__isnull=False)
        ).exists():
            raise ValidationError(
                {
                    "days": _(
                        "Hari yang sudah punya laporan penjualan atau pengunjung tidak dapat dihapus."
                    )
                }
            )
        removed.delete()
        for day, opens, closes in days:
            EventDay.objects.update_or_create(
                event=event, date=day, defaults={"opens_at": opens, "closes_at": closes}
            )
        Event.objects.filter(pk=event.pk).update(starts_on=min(wanted), ends_on=max(wanted))
        event.starts_on, event.ends_on = min(wanted), max(wanted)
        if _audit:
            audit.record(actor=by, verb="event.days", obj=event, data={"days": len(wanted)})
        totals.refresh_event(event.pk)  # a removed day took its sales reports along
        bump("place")


@transaction.atomic
def transition_event(*, event: Event, action: str, by, reason: str = "") -> Event:
    """Move the event; a postponed or cancelled event tells every applicant why; the move
    is announced (`signals.event_status_changed`) in the same transaction."""
    changes = {"status_reason": reason} if action in ("postpone", "cancel") else None
    from_status = event.status
    event = EVENT.transition(event, action=action, by=by, reason=reason, changes=changes)
    event_status_changed.send(
        sender=Event,
        event=event,
        action=action,
        from_status=from_status,
        to_status=event.status,
        by=by,
    )
    if action in ("postpone", "cancel"):
        applications = list(
            event.applications.exclude(
                status__in=(ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
            ).select_related("business", "event")
        )

        def tell():
            for application in applications:
                notifications.notify(
                    event=f"event.{action}",
                    application=application,
                    by=by,
                    data={"reason": reason},
                )

        transaction.on_commit(tell)
    bump("place")
    return event


def apply_to_event(*, event: Event, business, data: dict, products=(), days=(), by) -> Application:
    """The business's application while the call is open. Idempotent: applying again
    returns the existing application unchanged (one per business per event, enforced
    by the database)."""
    if event.status != EventStatus.CALL_OPEN:
        raise ValidationError(_("Pendaftaran peserta acara ini tidak sedang dibuka."))
    existing = Application.objects.filter(event=event, business=business).first()
    if existing is not None:
        return existing
    application = Application(event=event, business=business, applied_by=by, **data)
    if not is_holder(by, application):
        raise PermissionDenied
    try:
        with transaction.atomic():
            application.save()
            if products:
                application.products.set([p for p in products if p.business_id == business.pk])
            if days:
                application.days.set([d for d in days if d.event_id == event.pk])
            audit.record(actor=by, verb="event_application.submit", obj=application)
    except IntegrityError:
        # Two submissions at once: the other one won; answer with it.
        return Application.objects.get(event=event, business=business)
    return application


def decide_application(
    *, application: Application, action: str, by, reason: str = ""
) -> Application:
    """Accept, put on the waiting list or reject (with reason); the applicant is told."""
    if action not in ("accept", "waitlist", "reject"):
        raise ValueError(action)
    with transaction.atomic():
        application = APPLICATION.transition(
            application,
            action=action,
            by=by,
            reason=reason,
            changes={"decision_reason": reason},
        )
        if action == "accept":  # one more exhibitor: counts and missing reports change
            totals.refresh_event(application.event_id)
            # A booth fee is billed through the desk; a failure undoes the acceptance.
            fees.bill_booth(application, by=by)
    transaction.on_commit(
        lambda: notifications.notify(
            event=f"event_application.{action}",
            application=application,
            by=by,
            data={"reason": reason},
        )
    )
    bump("place")
    return application


def override_score(*, application: Application, score: int | None, reason: str, by) -> None:
    """Replace the computed score with the officer's, with a written reason (or clear
    the override with score=None)."""
    _check_organiser(by, application.event)
    reason = (reason or "").strip()
    if score is not None and not reason:
        raise ValidationError({"override_reason": _("Tuliskan alasan mengganti nilai.")})
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            score_override=score, override_reason=reason if score is not None else ""
        )
        application.score_override = score
        application.override_reason = reason if score is not None else ""
        audit.record(
            actor=by,
            verb="event_application.override_score",
            obj=application,
            data={"score": score, "reason": reason},
        )


def confirm_attendance(*, application: Application, terms_accepted: bool, by) -> Application:
    """The accepted exhibitor confirms they will come and accepts the event's terms."""
    if not terms_accepted:
        raise ValidationError({"terms_accepted": _("Setujui ketentuan peserta terlebih dahulu.")})
    return APPLICATION.transition(
        application,
        action="confirm",
        by=by,
        changes={"terms_accepted": True, "confirmed_at": timezone.now()},
    )


def withdraw_application(*, application: Application, by) -> Application:
    """The business gives its place up; an unpaid booth fee's request is cancelled."""
    with transaction.atomic():
        withdrawn = APPLICATION.transition(
            application, action="withdraw", by=by, changes={"booth": None}
        )
        totals.refresh_event(withdrawn.event_id)  # its reports, if any, no longer count
        if withdrawn.awaits_fee:
            fee_requests.cancel_fee_request(
                request=withdrawn.fee_request, reason=_("Peserta membatalkan keikutsertaan.")
            )
    return withdrawn


# --- Booths ------------------------------------------------------------------------------


def add_booths(*, event: Event, rows: list[dict], by) -> list[Booth]:
    """Add booths to the plan (code, zone, sector, width_m, depth_m, power_watts)."""
    _check_organiser(by, event)
    with transaction.atomic():
        booths = []
        for row in rows:
            booth = Booth(event=event, **row)
            booth.full_clean(validate_unique=False)
            booths.append(booth)
        try:
            with transaction.atomic():
                Booth.objects.bulk_create(booths)
        except IntegrityError:
            raise ValidationError({"code": _("Kode stan sudah dipakai di acara ini.")}) from None
        audit.record(actor=by, verb="event.booths", obj=event, data={"added": len(booths)})
    return booths


def update_booth(*, booth: Booth, data: dict, by) -> Booth:
    """Change a booth of the plan (code unique per event, the database decides)."""
    _check_organiser(by, booth.event)
    for name, value in data.items():
        setattr(booth, name, value)
    booth.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            booth.save()
            audit.record(
                actor=by, verb="event.booth_update", obj=booth.event, data={"code": booth.code}
            )
    except IntegrityError:
        raise ValidationError({"code": _("Kode stan sudah dipakai di acara ini.")}) from None
    bump("place")
    return booth


def remove_booth(*, booth: Booth, by) -> None:
    """Take a booth off the plan; a booth already given to an exhibitor stays."""
    _check_organiser(by, booth.event)
    with transaction.atomic():
        if Application.objects.filter(booth=booth).exists():
            raise ValidationError(_("Stan ini sudah diberikan kepada peserta; lepaskan dulu."))
        audit.record(
            actor=by, verb="event.booth_remove", obj=booth.event, data={"code": booth.code}
        )
        booth.delete()
    bump("place")


def survey_day(event: Event, today: date | None = None) -> EventDay | None:
    """The event day the visitor survey is open on: a day of a running event, today."""
    if event.status != EventStatus.RUNNING:
        return None
    today = today or timezone.localdate()
    return event.days.filter(date=today).first()


def record_survey_answer(*, day: EventDay, origin: str, reason: str):
    """One anonymous visitor's answer (the view limits how often a browser answers)."""
    from .models import SurveyAnswer

    answer = SurveyAnswer(day=day, visitor_origin=origin, visit_reason=reason)
    answer.full_clean()
    answer.save()
    return answer


def set_floor_plan(*, event: Event, upload, by) -> None:
    """Store the floor-plan image, checked and re-encoded (kriya.core.images)."""
    from kriya.core.images import process_image

    _check_organiser(by, event)
    processed = process_image(upload, max_side=2400)
    with transaction.atomic():
        event.floor_plan.save(processed.image.name, processed.image, save=False)
        Event.objects.filter(pk=event.pk).update(floor_plan=event.floor_plan.name)
        audit.record(actor=by, verb="event.floor_plan", obj=event)


def allocate_booth(*, application: Application, booth: Booth | None, by) -> Application:
    """Give the exhibitor this booth (None takes it back). A booth is never given twice:
    the database's unique booth per application decides between two officers at once."""
    _check_organiser(by, application.event)
    if booth is not None:
        if booth.event_id != application.event_id:
            raise ValidationError({"booth": _("Stan ini bukan milik acara ini.")})
        if application.status not in EXHIBITING:
            raise ValidationError({"booth": _("Hanya peserta yang diterima yang mendapat stan.")})
    try:
        with transaction.atomic():
            updated = Application.objects.filter(pk=application.pk).update(
                booth=booth, updated_at=timezone.now()
            )
            if not updated:
                raise ValidationError(_("Pendaftaran tidak ditemukan."))
            audit.record(
                actor=by,
                verb="event_application.booth",
                obj=application,
                data={"booth": booth.code if booth else ""},
            )
    except IntegrityError:
        raise ValidationError(
            {
                "booth": _("Stan %(code)s sudah diberikan kepada peserta lain.")
                % {"code": booth.code}
            }
        ) from None
    application.booth = booth
    if booth is not None:
        transaction.on_commit(
            lambda: notifications.notify(
                event="event_application.booth",
                application=application,
                by=by,
                data={"booth": booth.code},
            )
        )
    return application


def _fits(booth: Booth, application: Application) -> bool:
    if application.needs_power and not booth.power_watts:
        return False
    return booth.width_m >= application.booth_width_m


def auto_allocate(*, event: Event, by) -> int:
    """Give every accepted exhibitor without a booth a free booth that fits: its
    category's zone first, then any; power and width as asked. Returns how many got one.
    Exhibitors are taken in the order of acceptance."""
    _check_organiser(by, event)
    given = 0
    waiting = list(
        event.applications.filter(status__in=EXHIBITING, booth__isnull=True).order_by(
            "updated_at", "pk"
        )
    )
    for application in waiting:
        free = list(event.booths.filter(application__isnull=True))
        choice = next(
            (b for b in free if b.sector == application.sector and _fits(b, application)), None
        ) or next((b for b in free if _fits(b, application)), None)
        if choice is None:
            continue
        try:
            allocate_booth(application=application, booth=choice, by=by)
            given += 1
        except ValidationError:
            continue
    return given


# --- Sales and visitors ------------------------------------------------------------------


def _median_turnover(event_id: int, exclude_application: int) -> int | None:
    values = list(
        SalesReport.objects.filter(application__event_id=event_id, is_current=True, turnover__gt=0)
        .exclude(application_id=exclude_application)
        .values_list("turnover", flat=True)
    )
    return int(statistics.median(values)) if len(values) >= 3 else None


class NeedsConfirmation(ValidationError):
    """The figure is far outside the event's reports: ask the reporter to confirm."""


def report_sales(
    *,
    application: Application,
    day: EventDay,
    sector: str,
    transactions: int,
    cash: int,
    qris: int,
    transfer: int,
    by,
    confirmed: bool = False,
    correction_reason: str = "",
) -> SalesReport:
    """Record the exhibitor's sales of one day (by the exhibitor or the committee). A
    second report of the same day is a correction: the earlier one stays as history. A
    turnover over OUTLIER_FACTOR times the event's median raises NeedsConfirmation
    unless `confirmed`; a confirmed outlier is saved flagged for the officer."""
    event = application.event
    committee = is_organiser(by, event)
    if not committee and not is_holder(by, application):
        raise PermissionDenied
    if application.status not in EXHIBITING:
        raise ValidationError(_("Hanya peserta yang diterima yang melaporkan penjualan."))
    if day.event_id != event.pk:
        raise ValidationError({"day": _("Hari ini bukan hari acara ini.")})
    if day.date > timezone.localdate():
        raise ValidationError({"day": _("Hari ini belum tiba.")})
    amounts = [transactions, cash, qris, transfer]
    if any(v is None or v < 0 for v in amounts):
        raise ValidationError(_("Isi angka nol atau lebih."))
    turnover = cash + qris + transfer
    if turnover and not transactions:
        raise ValidationError({"transactions": _("Ada omzet tetapi jumlah transaksi nol.")})
    median = _median_turnover(event.pk, application.pk)
    outlier = bool(median and turnover > OUTLIER_FACTOR * median)
    if outlier and not confirmed:
        raise NeedsConfirmation(
            _(
                "Omzet ini lebih dari %(factor)s kali nilai tengah laporan peserta lain. "
                "Periksa kembali angkanya, lalu konfirmasi bila sudah benar."
            )
            % {"factor": OUTLIER_FACTOR},
            code="outlier",
        )
    with transaction.atomic():
        previous = (
            SalesReport.objects.select_for_update()
            .filter(application=application, day=day, is_current=True)
            .first()
        )
        if previous is not None:
            if not (correction_reason or "").strip() and not committee:
                correction_reason = _("Koreksi oleh peserta")
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        report = SalesReport.objects.create(
            application=application,
            day=day,
            sector=sector,
            transactions=transactions,
            turnover=turnover,
            cash=cash,
            qris=qris,
            transfer=transfer,
            is_outlier=outlier,
            by_committee=committee and not is_holder(by, application),
            correction_reason=correction_reason if previous else "",
            reported_by=by,
        )
        totals.after_sales(event_id=event.pk, day_id=day.pk, application_id=application.pk)
        audit.record(
            actor=by,
            verb="event_sales.correct" if previous else "event_sales.report",
            obj=application,
            data={"day": str(day.date), "turnover": turnover, "outlier": outlier},
        )
    return report


def record_visitors(*, day: EventDay, visitors: int, by) -> VisitorCount:
    """The committee's gate count of one day (entering again replaces it)."""
    _check_organiser(by, day.event)
    if visitors is None or visitors < 0:
        raise ValidationError({"visitors": _("Isi angka nol atau lebih.")})
    with transaction.atomic():
        count, _created = VisitorCount.objects.update_or_create(
            day=day, defaults={"visitors": visitors, "entered_by": by}
        )
        totals.after_visitors(event_id=day.event_id)
        audit.record(
            actor=by,
            verb="event.visitors",
            obj=day.event,
            data={"day": str(day.date), "n": visitors},
        )
    return count


def remind_non_reporters(*, now=None) -> int:
    """At closing time of each running event's day, remind exhibitors who have not
    reported it (once per exhibitor and day). Returns the number of reminders."""
    from .models import SalesReminder

    now = timezone.localtime(now)
    days = EventDay.objects.filter(
        date=now.date(),
        closes_at__lte=now.time(),
        event__status__in=(EventStatus.RUNNING, EventStatus.REPORTING),
    ).select_related("event")
    sent = 0
    for day in days:
        missing = (
            day.event.applications.filter(status__in=EXHIBITING)
            .exclude(
                pk__in=SalesReport.objects.filter(day=day, is_current=True).values("application_id")
            )
            .select_related("business", "event")
        )
        for application in missing:
            try:
                with transaction.atomic():
                    SalesReminder.objects.create(application=application, day=day)
            except IntegrityError:
                continue
            notifications.notify(
                event="event.sales_reminder",
                application=application,
                by=None,
                data={"day": str(day.date)},
            )
            sent += 1
    return sent


# --- Exhibitor passes (kriya.verify) -------------------------------------------------------


def issue_pass(*, application: Application, name: str, by):
    """Issue a signed exhibitor pass (verify document type `exhibitor_pass`) for one
    person of an accepted exhibitor, valid until the event's last day."""
    from kriya.verify.services import issue_document

    from .models import ExhibitorPass

    event = application.event
    _check_organiser(by, event)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Isi nama pemegang tanda peserta.")})
    if application.status not in EXHIBITING:
        raise ValidationError(_("Hanya peserta yang diterima yang mendapat tanda peserta."))
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        seq = ExhibitorPass.objects.filter(application__event=event).count() + 1
        booth = application.booth.code if application.booth_id else ""
        document = issue_document(
            doc_type="exhibitor_pass",
            number=f"EXP/{event.year}/{event.pk:04d}/{seq:04d}",
            holder_nib=application.business.nib,
            holder_name=name,
            scheme=event.name,
            scope=f"{application.business.name}" + (f" — stan {booth}" if booth else ""),
            issued_on=timezone.localdate(),
            expires_on=event.ends_on,
            is_demo=event.is_demo,
            by=by,
        )
        issued = ExhibitorPass.objects.create(application=application, name=name, document=document)
        audit.record(
            actor=by,
            verb="event_application.pass",
            obj=application,
            data={"number": document.number},
        )
    return issued
