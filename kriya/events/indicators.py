"""Events' indicators for `kriya.insights` (docs/insights.md): each defined once, here.
An event's place is its own regency and district; its figures count on its first day,
sales on the day they were made."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from kriya.core.figures import Indicator, Record, register_indicator

from .models import EXHIBITING, Application, Event, EventStatus, SalesReport

# An event has been held once it has begun; drafts, announced-only, cancelled and
# postponed ones have not.
HELD = (EventStatus.RUNNING, EventStatus.REPORTING, EventStatus.CLOSED)


def place(qs, regency, district, prefix: str = ""):
    if regency:
        qs = qs.filter(**{f"{prefix}regency_id": regency})
    if district:
        qs = qs.filter(**{f"{prefix}district_id": district})
    return qs


def _place_name(event) -> str:
    return ", ".join(r.name for r in (event.district, event.regency) if r is not None)


def held(regency, start, end, district=None):
    qs = Event.objects.filter(status__in=HELD, starts_on__range=(start, end))
    return (
        place(qs, regency, district)
        .select_related("district", "regency")
        .order_by("starts_on", "pk")
    )


def _describe_event(event) -> Record:
    return Record(event.starts_on, event.name, event.venue, _place_name(event))


def sales(regency, start, end, district=None):
    """The current sales report of each exhibitor-day (a correction replaces, never
    adds), on the day of the sales."""
    qs = SalesReport.objects.filter(
        is_current=True,
        application__event__status__in=HELD,
        day__date__range=(start, end),
    )
    return (
        place(qs, regency, district, "application__event__")
        .select_related(
            "day",
            "application__business",
            "application__event__district",
            "application__event__regency",
        )
        .order_by("day__date", "pk")
    )


def _turnover(qs) -> int:
    return qs.order_by().aggregate(total=Sum("turnover"))["total"] or 0


def _describe_sale(report) -> Record:
    event = report.application.event
    return Record(
        report.day.date,
        report.application.business.name,
        _("%(event)s: Rp%(amount)s")
        % {"event": event.name, "amount": f"{report.turnover:,}".replace(",", ".")},
        _place_name(event),
    )


def exhibitors(regency, start, end, district=None):
    qs = Application.objects.filter(
        status__in=EXHIBITING,
        event__status__in=HELD,
        event__starts_on__range=(start, end),
    )
    return (
        place(qs, regency, district, "event__")
        .select_related("business", "event__district", "event__regency")
        .order_by("event__starts_on", "pk")
    )


def _describe_exhibitor(application) -> Record:
    event = application.event
    return Record(event.starts_on, application.business.name, event.name, _place_name(event))


register_indicator(
    Indicator(
        key="acara_terselenggara",
        name_id="Acara terselenggara",
        name_en="Events held",
        definition_id=(
            "Acara (pameran, festival, peragaan busana, dan lainnya) yang sudah berlangsung "
            "— tidak termasuk draf, yang baru diumumkan, ditunda atau dibatalkan — dihitung "
            "sekali pada hari pertamanya, menurut kecamatan tempat acara."
        ),
        definition_en=(
            "Events (fairs, festivals, fashion shows and others) that have taken place — not "
            "drafts, events only announced, postponed or cancelled — counted once on their "
            "first day, by the district where they are held."
        ),
        unit_id="acara",
        unit_en="events",
        records=held,
        describe=_describe_event,
        order=100,
    )
)

register_indicator(
    Indicator(
        key="omzet_acara",
        name_id="Omzet acara (perputaran ekonomi)",
        name_en="Event turnover",
        definition_id=(
            "Jumlah omzet yang dilaporkan peserta pameran (laporan terkini tiap peserta per "
            "hari; koreksi menggantikan, tidak menambah) pada acara yang sudah berlangsung, "
            "pada tanggal penjualan, menurut kecamatan tempat acara. Hari yang belum "
            "dilaporkan tidak dihitung."
        ),
        definition_en=(
            "The turnover exhibitors reported (the current report of each exhibitor and day; "
            "a correction replaces, never adds) at events that have taken place, on the day "
            "of the sales, by the district where the event is held. Days not reported are "
            "not counted."
        ),
        unit_id="rupiah",
        unit_en="rupiah",
        records=sales,
        describe=_describe_sale,
        measure=_turnover,
        order=101,
    )
)

register_indicator(
    Indicator(
        key="peserta_pameran",
        name_id="Peserta pameran",
        name_en="Exhibitors",
        definition_id=(
            "Usaha yang diterima sebagai peserta pameran (diterima atau hadir dikonfirmasi) "
            "pada acara yang sudah berlangsung, dihitung sekali per usaha per acara pada hari "
            "pertama acara, menurut kecamatan tempat acara."
        ),
        definition_en=(
            "Businesses accepted to exhibit (accepted or attendance confirmed) at events that "
            "have taken place, counted once per business and event on the event's first "
            "day, by the district where the event is held."
        ),
        unit_id="usaha",
        unit_en="exhibitors",
        records=exhibitors,
        describe=_describe_exhibitor,
        order=102,
    )
)
