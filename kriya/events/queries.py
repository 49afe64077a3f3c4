"""Named reads of the events app, for the pages and the API alike. Each answers in a
fixed number of queries whatever the number of events, exhibitors or reports."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import F, Prefetch
from django.utils import timezone

from kriya.certification.models import Certificate, HalalCertificate, HalalStatus
from kriya.registry.models import Product

from .models import (
    EXHIBITING,
    Application,
    Event,
    EventDay,
    EventStatus,
    VisitorCount,
)

ENDED = (EventStatus.REPORTING, EventStatus.CLOSED)


def public_events(*, month: str = "", district: str = "", kind: str = "", regency: str = ""):
    """Public events, filtered by month (YYYY-MM), district code and kind."""
    qs = Event.objects.public().select_related("district", "destination")
    if month:
        try:
            year, mon = (int(x) for x in month.split("-"))
            first = date(year, mon, 1)
            last = date(year + (mon == 12), mon % 12 + 1, 1)
            qs = qs.filter(starts_on__lt=last, ends_on__gte=first)
        except ValueError:
            qs = qs.none()
    if district:
        qs = qs.filter(district_id=district)
    if kind:
        qs = qs.filter(kind=kind)
    if regency:
        qs = qs.filter(regency_id=regency)
    return qs


def upcoming_and_past(events, today: date | None = None):
    """(upcoming soonest first, past latest first) of a queryset of events, as two
    querysets: the past can be long (years of editions), so the page shows it a page at a
    time while the upcoming ones are all shown."""
    today = today or timezone.localdate()
    upcoming = events.filter(ends_on__gte=today).order_by("starts_on", "name")
    past = events.exclude(ends_on__gte=today).order_by(
        F("starts_on").desc(nulls_first=True), "-name", "-pk"
    )
    return upcoming, past


def public_event(slug: str) -> Event | None:
    return (
        Event.objects.public()
        .filter(slug=slug)
        .select_related("district", "regency", "destination", "organiser", "series")
        .prefetch_related("days", "co_organisers")
        .first()
    )


def public_exhibitors(event: Event) -> list[Application]:
    """Accepted exhibitors with their booth and their published products (showcase
    links), two queries."""
    return list(
        event.applications.filter(status__in=EXHIBITING, business__status="verified")
        .select_related("business", "booth", "business__district")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=Product.objects.filter(is_published=True).order_by("name"),
            )
        )
        .order_by("business__name")
    )


def districts_with_events():
    from kriya.regions.models import Region

    ids = Event.objects.public().values("district_id")
    return Region.objects.filter(code__in=ids).order_by("name")


# --- The "perputaran ekonomi" report ----------------------------------------------------


@dataclass
class DayTotals:
    day: EventDay
    turnover: int = 0
    transactions: int = 0
    reported: int = 0
    missing: int = 0
    visitors: int | None = None


@dataclass
class EventReport:
    event: Event
    exhibitors: int = 0
    days: list[DayTotals] = field(default_factory=list)
    turnover: int = 0
    transactions: int = 0
    reports_expected: int = 0
    reports_missing: int = 0
    median_per_exhibitor: int | None = None
    distribution: list[tuple[str, int]] = field(default_factory=list)
    per_exhibitor: list[dict] = field(default_factory=list)
    per_sector: list[tuple[str, int, int]] = field(default_factory=list)
    per_channel: list[tuple[str, int]] = field(default_factory=list)
    certified_turnover: int = 0
    first_time: int = 0
    home_districts: list[tuple[str, int]] = field(default_factory=list)
    visitors: int | None = None
    outliers: int = 0
    survey: SurveySummary | None = None
    previous: EventReport | None = None

    @property
    def certified_share(self) -> float | None:
        return round(100 * self.certified_turnover / self.turnover, 1) if self.turnover else None


# Below this many answers the survey's figures are shown as counts only, with a note
# that they do not describe the visitors as a whole (no percentages).
SURVEY_SMALL_SAMPLE = 30


@dataclass
class SurveySummary:
    answers: int = 0
    origins: list[tuple[str, int]] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_small(self) -> bool:
        return self.answers < SURVEY_SMALL_SAMPLE


def survey_summary(event: Event) -> SurveySummary:
    """The visitor survey's answers counted per origin and per main reason, every
    choice listed (zero included): one query."""
    from django.db.models import Count

    from .models import SurveyAnswer, VisitorOrigin, VisitReason

    origins = dict.fromkeys(VisitorOrigin.values, 0)
    reasons = dict.fromkeys(VisitReason.values, 0)
    rows = (
        SurveyAnswer.objects.filter(day__event=event)
        .values("visitor_origin", "visit_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = 0
    for row in rows:
        origin, reason = row["visitor_origin"], row["visit_reason"]
        origins[origin] = origins.get(origin, 0) + row["n"]
        reasons[reason] = reasons.get(reason, 0) + row["n"]
        total += row["n"]
    origin_labels, reason_labels = dict(VisitorOrigin.choices), dict(VisitReason.choices)
    return SurveySummary(
        answers=total,
        origins=[(str(origin_labels.get(k, k)), n) for k, n in origins.items()],
        reasons=[(str(reason_labels.get(k, k)), n) for k, n in reasons.items()],
    )


BANDS = [
    (0, "< Rp 500.000"),
    (500_000, "Rp 500.000 – 2 juta"),
    (2_000_000, "Rp 2 – 5 juta"),
    (5_000_000, "Rp 5 – 10 juta"),
    (10_000_000, "≥ Rp 10 juta"),
]


def _band(value: int) -> str:
    label = BANDS[0][1]
    for floor, name in BANDS:
        if value >= floor:
            label = name
    return label


def event_report(event: Event, *, with_previous: bool = True) -> EventReport:
    """Totals per day, exhibitor, category and channel, share from certified products,
    first-time exhibitors, home districts and visitors; what was not reported is counted
    as missing, never as zero; the visitor survey's counts. Read from the summaries kept
    on write (`totals`), so the cost is bounded by the event's days, categories and
    exhibitors, not by its sales rows. Eight queries (plus as many for the previous
    edition)."""
    from kriya.registry.models import Sector

    from .models import Channel, DaySectorTotals

    report = EventReport(event=event)
    days = list(event.days.all())
    exhibitors = list(
        event.applications.filter(status__in=EXHIBITING).select_related(
            "business__district", "totals"
        )
    )
    report.exhibitors = len(exhibitors)
    cells = list(
        DaySectorTotals.objects.filter(event=event).values(
            "day_id",
            "sector",
            "reports",
            "transactions",
            "turnover",
            "cash",
            "qris",
            "transfer",
            "outliers",
        )
    )
    visitors = {v.day_id: v.visitors for v in VisitorCount.objects.filter(day__event=event)}
    business_ids = [a.business_id for a in exhibitors]
    today = timezone.localdate()
    certified = set(
        Certificate.objects.valid(today)
        .filter(business_id__in=business_ids)
        .values_list("business_id", flat=True)
    ) | set(
        HalalCertificate.objects.filter(
            business_id__in=business_ids, status=HalalStatus.ACCEPTED
        ).values_list("business_id", flat=True)
    )
    earlier = set(
        Application.objects.filter(business_id__in=business_ids, status__in=EXHIBITING)
        .filter(event__starts_on__lt=event.starts_on or today)
        .exclude(event=event)
        .values_list("business_id", flat=True)
    )
    per_day = {d.pk: DayTotals(day=d, visitors=visitors.get(d.pk)) for d in days}
    per_sector: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    channels = {"cash": 0, "qris": 0, "transfer": 0}
    for cell in cells:
        totals = per_day.get(cell["day_id"])
        if totals is None:
            continue
        totals.turnover += cell["turnover"]
        totals.transactions += cell["transactions"]
        totals.reported += cell["reports"]
        per_sector[cell["sector"]][0] += cell["turnover"]
        per_sector[cell["sector"]][1] += cell["transactions"]
        for key in channels:
            channels[key] += cell[key]
        report.outliers += cell["outliers"]
    per_app = {}
    for a in exhibitors:
        summary = getattr(a, "totals", None)
        if summary is not None and summary.reported_days:
            per_app[a.pk] = summary
            if a.business_id in certified:
                report.certified_turnover += summary.turnover
    past_days = [d for d in days if d.date <= today]
    for totals in per_day.values():
        if totals.day.date <= today:
            totals.missing = len(exhibitors) - totals.reported
    report.days = [per_day[d.pk] for d in days]
    report.turnover = sum(t.turnover for t in report.days)
    report.transactions = sum(t.transactions for t in report.days)
    report.reports_expected = len(exhibitors) * len(past_days)
    report.reports_missing = sum(t.missing for t in report.days)
    counted = [v for v in visitors.values() if v is not None]
    report.visitors = sum(counted) if counted else None
    reporting = [per_app[a.pk].turnover for a in exhibitors if a.pk in per_app]
    report.median_per_exhibitor = int(statistics.median(reporting)) if reporting else None
    bands: dict[str, int] = {name: 0 for _f, name in BANDS}
    for value in reporting:
        bands[_band(value)] += 1
    report.distribution = list(bands.items())
    report.per_exhibitor = sorted(
        (
            {
                "application": a,
                "turnover": per_app[a.pk].turnover if a.pk in per_app else None,
                "reported_days": per_app[a.pk].reported_days if a.pk in per_app else 0,
            }
            for a in exhibitors
        ),
        key=lambda x: -(x["turnover"] or -1),
    )
    labels = dict(Sector.choices)
    report.per_sector = sorted(
        ((str(labels.get(k, k)), v[0], v[1]) for k, v in per_sector.items()),
        key=lambda x: (-x[1], x[0]),
    )
    channel_labels = dict(Channel.choices)
    report.per_channel = [(str(channel_labels[k]), v) for k, v in channels.items()]
    report.first_time = sum(1 for a in exhibitors if a.business_id not in earlier)
    homes: dict[str, int] = defaultdict(int)
    for a in exhibitors:
        homes[a.business.district.name if a.business.district_id else "—"] += 1
    report.home_districts = sorted(homes.items(), key=lambda x: (-x[1], x[0]))
    report.survey = survey_summary(event)
    if with_previous:
        previous = previous_edition(event)
        if previous is not None:
            report.previous = event_report(previous, with_previous=False)
    return report


def previous_edition(event: Event) -> Event | None:
    """The latest earlier edition of the same yearly event that has ended."""
    if event.series_id is None:
        return None
    return (
        Event.objects.filter(series_id=event.series_id, year__lt=event.year)
        .exclude(status__in=(EventStatus.CANCELLED, EventStatus.DRAFT))
        .order_by("-year")
        .first()
    )


class YearEvent(NamedTuple):
    pk: int
    name: str
    slug: str
    starts_on: date | None
    status: str


def year_view(year: int, regency: str | None = None, among=None) -> list[dict]:
    """Every event of a year with its exhibitors, reported turnover and visitors, read
    from the events' summaries (`EventTotals`): one query of plain values for any number
    of events. Turnover and visitors stay None (missing) when nothing was reported or
    counted. `among`: only these events (a queryset, e.g. an association's organised
    events)."""
    events = Event.objects.filter(year=year).exclude(status=EventStatus.DRAFT)
    if regency:
        events = events.filter(regency_id=regency)
    if among is not None:
        events = events.filter(pk__in=among.values("pk"))
    rows = []
    for r in events.values_list(
        "pk",
        "name",
        "slug",
        "starts_on",
        "status",
        "totals__exhibitors",
        "totals__reports",
        "totals__transactions",
        "totals__turnover",
        "totals__visitors",
    ):
        reported = bool(r[6])
        rows.append(
            {
                "event": YearEvent(*r[:5]),
                "exhibitors": r[5] or 0,
                "turnover": r[8] if reported else None,
                "transactions": r[7] if reported else None,
                "visitors": r[9],
            }
        )
    return rows


def open_calls(limit: int = 5):
    return list(
        Event.objects.filter(status=EventStatus.CALL_OPEN)
        .select_related("district")
        .order_by("starts_on")[:limit]
    )


def exhibiting_dates(business_ids) -> list[tuple[int, object]]:
    """(business id, first day of the event) of every accepted or confirmed exhibitor
    application of these businesses (one query); for training's outcomes."""
    return list(
        Application.objects.filter(
            business_id__in=list(business_ids), status__in=EXHIBITING
        ).values_list("business_id", "event__starts_on")
    )
