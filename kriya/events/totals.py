"""The summaries behind the "perputaran ekonomi" report and the year view
(`EventTotals`, `DaySectorTotals`, `ExhibitorTotals`), kept equal to the sales rows.

Each function recomputes a slice of one event's summaries from its source rows (the
current sales reports of exhibiting applications, the visitor counts) and must run
inside the transaction of the change it follows; it first locks the event's row, so two
exhibitors reporting at once recompute one after the other and the second sees the
first's row (READ COMMITTED on PostgreSQL; SQLite writes one at a time anyway).

Who calls what (services): a sales report or correction → `after_sales` (that day, that
exhibitor, the event's totals); a visitor count → `after_visitors`; an application
accepted or withdrawn and days replaced → `refresh_event`. `rebuild()` (the command
`rebuild_event_totals`, the nightly job, and the migration that introduced the tables)
recomputes every event from scratch; it is idempotent.

A new figure (e.g. a visitor survey) adds its own summary table and a refresh function
here, called from the service that records it and from `refresh_event`.

The functions take an optional `apps` (a migration's app registry) so the migration can
fill the tables with the same code.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count, Q, Sum

EXHIBITING_VALUES = ("accepted", "confirmed")
NAMES = (
    "Event",
    "Application",
    "SalesReport",
    "VisitorCount",
    "EventTotals",
    "DaySectorTotals",
    "ExhibitorTotals",
)


def _models(apps=None) -> SimpleNamespace:
    if apps is None:
        from . import models

        return SimpleNamespace(**{name: getattr(models, name) for name in NAMES})
    return SimpleNamespace(**{name: apps.get_model("events", name) for name in NAMES})


def _lock(m, event_id: int) -> None:
    list(m.Event.objects.select_for_update().filter(pk=event_id).values_list("pk", flat=True))


def _current(m, event_id: int):
    return m.SalesReport.objects.filter(
        application__event_id=event_id,
        application__status__in=EXHIBITING_VALUES,
        day__event_id=event_id,
        is_current=True,
    )


def _days(m, event_id: int, day_ids=None) -> None:
    rows = _current(m, event_id)
    old = m.DaySectorTotals.objects.filter(event_id=event_id)
    if day_ids is not None:
        rows = rows.filter(day_id__in=day_ids)
        old = old.filter(day_id__in=day_ids)
    rows = (
        rows.order_by()
        .values("day_id", "sector")
        .annotate(
            n=Count("id"),
            t=Sum("transactions"),
            s=Sum("turnover"),
            c=Sum("cash"),
            q=Sum("qris"),
            tr=Sum("transfer"),
            o=Count("id", filter=Q(is_outlier=True)),
        )
    )
    new = [
        m.DaySectorTotals(
            event_id=event_id,
            day_id=r["day_id"],
            sector=r["sector"],
            reports=r["n"],
            transactions=r["t"],
            turnover=r["s"],
            cash=r["c"],
            qris=r["q"],
            transfer=r["tr"],
            outliers=r["o"],
        )
        for r in rows
    ]
    old.delete()
    m.DaySectorTotals.objects.bulk_create(new, batch_size=500)


def _exhibitors(m, event_id: int, application_ids=None) -> None:
    rows = _current(m, event_id)
    old = m.ExhibitorTotals.objects.filter(event_id=event_id)
    if application_ids is not None:
        rows = rows.filter(application_id__in=application_ids)
        old = old.filter(application_id__in=application_ids)
    rows = (
        rows.order_by()
        .values("application_id")
        .annotate(n=Count("id"), t=Sum("transactions"), s=Sum("turnover"))
    )
    new = [
        m.ExhibitorTotals(
            application_id=r["application_id"],
            event_id=event_id,
            reported_days=r["n"],
            transactions=r["t"],
            turnover=r["s"],
        )
        for r in rows
    ]
    old.delete()
    m.ExhibitorTotals.objects.bulk_create(new, batch_size=500)


def _event(m, event_id: int) -> None:
    sums = m.DaySectorTotals.objects.filter(event_id=event_id).aggregate(
        n=Sum("reports"), t=Sum("transactions"), s=Sum("turnover")
    )
    exhibitors = m.Application.objects.filter(
        event_id=event_id, status__in=EXHIBITING_VALUES
    ).count()
    visitors = m.VisitorCount.objects.filter(day__event_id=event_id).aggregate(n=Sum("visitors"))[
        "n"
    ]
    m.EventTotals.objects.update_or_create(
        event_id=event_id,
        defaults={
            "exhibitors": exhibitors,
            "reports": sums["n"] or 0,
            "transactions": sums["t"] or 0,
            "turnover": sums["s"] or 0,
            "visitors": visitors,
        },
    )


def after_sales(*, event_id: int, day_id: int, application_id: int) -> None:
    """A sales report or correction of one exhibitor's day."""
    m = _models()
    _lock(m, event_id)
    _days(m, event_id, [day_id])
    _exhibitors(m, event_id, [application_id])
    _event(m, event_id)


def after_visitors(*, event_id: int) -> None:
    m = _models()
    _lock(m, event_id)
    _event(m, event_id)


def refresh_event(event_id: int, *, apps=None) -> None:
    """Everything of one event, from its source rows."""
    m = _models(apps)
    _lock(m, event_id)
    _days(m, event_id)
    _exhibitors(m, event_id)
    _event(m, event_id)


def rebuild(event_ids=None, *, apps=None) -> int:
    """Recompute the summaries of the given events (all by default), one transaction
    per event; idempotent. Returns the number of events."""
    m = _models(apps)
    ids = event_ids
    if ids is None:
        ids = list(m.Event.objects.order_by("pk").values_list("pk", flat=True))
    for event_id in ids:
        with transaction.atomic():
            refresh_event(event_id, apps=apps)
    return len(ids)
