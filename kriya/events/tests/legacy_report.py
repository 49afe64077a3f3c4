"""The report's former read-time computation (before the summaries of
`kriya.events.totals`), kept only to check that the summaries give exactly the same
figures."""

from __future__ import annotations

import statistics
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from kriya.certification.models import Certificate, HalalCertificate, HalalStatus
from kriya.events.models import (
    EXHIBITING,
    Application,
    Event,
    EventStatus,
    SalesReport,
    VisitorCount,
)
from kriya.events.queries import BANDS, DayTotals, EventReport, _band, previous_edition


def legacy_event_report(event: Event, *, with_previous: bool = True) -> EventReport:
    """Totals per day, exhibitor, category and channel, share from certified products,
    first-time exhibitors, home districts and visitors; what was not reported is counted
    as missing, never as zero. Seven queries (plus as many for the previous edition)."""
    from kriya.events.models import Channel
    from kriya.registry.models import Sector

    report = EventReport(event=event)
    days = list(event.days.all())
    exhibitors = list(
        event.applications.filter(status__in=EXHIBITING).select_related("business__district")
    )
    report.exhibitors = len(exhibitors)
    ids = [a.pk for a in exhibitors]
    rows = list(
        SalesReport.objects.filter(application_id__in=ids, is_current=True).values(
            "application_id",
            "day_id",
            "sector",
            "transactions",
            "turnover",
            "cash",
            "qris",
            "transfer",
            "is_outlier",
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
    by_app = {a.pk: a for a in exhibitors}
    per_day = {d.pk: DayTotals(day=d, visitors=visitors.get(d.pk)) for d in days}
    per_app: dict[int, int] = defaultdict(int)
    per_sector: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    channels = {"cash": 0, "qris": 0, "transfer": 0}
    for row in rows:
        totals = per_day.get(row["day_id"])
        if totals is None:
            continue
        totals.turnover += row["turnover"]
        totals.transactions += row["transactions"]
        totals.reported += 1
        per_app[row["application_id"]] += row["turnover"]
        per_sector[row["sector"]][0] += row["turnover"]
        per_sector[row["sector"]][1] += row["transactions"]
        for key in channels:
            channels[key] += row[key]
        report.outliers += int(row["is_outlier"])
        if by_app[row["application_id"]].business_id in certified:
            report.certified_turnover += row["turnover"]
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
    reporting = [per_app[a.pk] for a in exhibitors if a.pk in per_app]
    report.median_per_exhibitor = int(statistics.median(reporting)) if reporting else None
    bands: dict[str, int] = {name: 0 for _f, name in BANDS}
    for value in reporting:
        bands[_band(value)] += 1
    report.distribution = list(bands.items())
    report.per_exhibitor = sorted(
        (
            {
                "application": a,
                "turnover": per_app.get(a.pk),
                "reported_days": sum(1 for r in rows if r["application_id"] == a.pk),
            }
            for a in exhibitors
        ),
        key=lambda x: -(x["turnover"] or -1),
    )
    labels = dict(Sector.choices)
    report.per_sector = sorted(
        ((str(labels.get(k, k)), v[0], v[1]) for k, v in per_sector.items()),
        key=lambda x: -x[1],
    )
    channel_labels = dict(Channel.choices)
    report.per_channel = [(str(channel_labels[k]), v) for k, v in channels.items()]
    report.first_time = sum(1 for a in exhibitors if a.business_id not in earlier)
    homes: dict[str, int] = defaultdict(int)
    for a in exhibitors:
        homes[a.business.district.name if a.business.district_id else "—"] += 1
    report.home_districts = sorted(homes.items(), key=lambda x: (-x[1], x[0]))
    if with_previous:
        previous = previous_edition(event)
        if previous is not None:
            report.previous = legacy_event_report(previous, with_previous=False)
    return report


def legacy_year_view(year: int, regency: str | None = None) -> list[dict]:
    """Every event of a year with its exhibitors, reported turnover and visitors: three
    aggregate queries for any number of events."""
    events = Event.objects.filter(year=year).exclude(status=EventStatus.DRAFT)
    if regency:
        events = events.filter(regency_id=regency)
    events = list(
        events.select_related("district").annotate(
            exhibitors=Count("applications", filter=Q(applications__status__in=EXHIBITING))
        )
    )
    ids = [e.pk for e in events]
    sales = {
        r["application__event_id"]: r
        for r in SalesReport.objects.filter(application__event_id__in=ids, is_current=True)
        .values("application__event_id")
        .annotate(turnover=Sum("turnover"), transactions=Sum("transactions"))
    }
    visitors = {
        r["day__event_id"]: r["n"]
        for r in VisitorCount.objects.filter(day__event_id__in=ids)
        .values("day__event_id")
        .annotate(n=Sum("visitors"))
    }
    return [
        {
            "event": e,
            "exhibitors": e.exhibitors,
            "turnover": (sales.get(e.pk) or {}).get("turnover"),
            "transactions": (sales.get(e.pk) or {}).get("transactions"),
            "visitors": visitors.get(e.pk),
        }
        for e in events
    ]
