"""Summaries for the dashboards (issue 18, "Speed"): counts of the registry and the
desk per place, month and key, rebuilt from the source tables by the scheduler
(`insights_rollups`, hourly) and by `manage.py rebuild_insights_rollups`, so
that `/dasbor/registri/` and `/dasbor/layanan/` read a few hundred `Rollup` rows with a
fixed number of queries however large the registry is (docs/insights.md, "Summaries").

Insights only reads the other modules' tables here, as everywhere. Each builder yields
district-level rows `(source, regency, district, month, key, n, total)`; `rebuild()`
adds them up per regency and for the province and replaces every row in one
transaction. The dashboards' charts from these rows are tested equal to the same charts
computed live from the source tables (tests/test_rollups.py).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django_tasks import task

from .models import Rollup, RollupBuild

Row = tuple[str, str, str, date | None, str, int, int]
BATCH = 5000


def _month(value) -> date | None:
    """The first day of the month (WIB) of a TruncMonth value."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return date(value.year, value.month, 1)


def _quarter(month: date | None) -> date | None:
    """The first day of the quarter: the periods of the filters (a year, a semester, a
    quarter) begin and end at quarters, so every source but the growth per month is
    kept per quarter (a third of the rows)."""
    return month and date(month.year, (month.month - 1) // 3 * 3 + 1, 1)


# --- Builders: district-level rows of one source ---------------------------------------


def business_rows() -> Iterator[Row]:
    """Businesses that are not drafts, by the month they were registered: per sector,
    status and size class, and in all; the current semester reports of today's verified
    businesses per semester."""
    from kriya.registry.models import Business, BusinessStatus

    from .models import SemesterReport

    totals: dict[tuple, int] = defaultdict(int)
    for regency, district, month, sector, status, size, n in (
        Business.objects.exclude(status=BusinessStatus.DRAFT)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("regency_id", "district_id", "month", "sector", "status", "size_class")
        .annotate(n=Count("id"))
        .values_list("regency_id", "district_id", "month", "sector", "status", "size_class", "n")
    ):
        month = _month(month)
        place = (regency or "", district or "", _quarter(month))
        totals[("business.sector", *place, sector)] += n
        totals[("business.status", *place, status)] += n
        totals[("business.size", *place, size or "")] += n
        totals[("business.all", regency or "", district or "", month, "")] += n
    for (source, regency, district, month, key), n in totals.items():
        yield source, regency, district, month, key, n, 0
    for regency, district, period, n in (
        SemesterReport.objects.filter(is_current=True, business__status=BusinessStatus.VERIFIED)
        .order_by()
        .values("business__regency_id", "business__district_id", "period")
        .annotate(n=Count("id"))
        .values_list("business__regency_id", "business__district_id", "period", "n")
    ):
        yield "semester.reported", regency or "", district or "", None, period, n, 0


def request_state(status: str) -> str:
    from kriya.desk.models import OPEN, Status

    if status in OPEN:
        return "open"
    if status == Status.COMPLETED:
        return "done"
    return "stopped"  # rejected, cancelled


def request_rows() -> Iterator[Row]:
    """Desk requests that are not drafts: filed per month, service and state; past the
    standard now per service; completed per month, service and working days used; survey
    answers per month and service (sum of the nine scores); complaints per month and
    service (resolved ones in `total`)."""
    from kriya.desk.models import (
        OPEN,
        SURVEY_FIELDS,
        Complaint,
        ComplaintStatus,
        ServiceRequest,
        Status,
        SurveyResponse,
    )

    # A regency unit's own request counts in its regency and in no district
    # (desk.models.applicant_place_q).
    base = (
        ServiceRequest.objects.exclude(status=Status.DRAFT)
        .order_by()
        .annotate(
            place_regency=Coalesce("business__regency_id", "organisation__regency_id"),
            place_district=F("business__district_id"),
        )
    )
    place = ("place_regency", "place_district")
    filed: dict[tuple, int] = defaultdict(int)
    for regency, district, month, service, status, n in (
        base.filter(submitted_at__isnull=False)
        .annotate(month=TruncMonth("submitted_at"))
        .values(*place, "month", "service_id", "status")
        .annotate(n=Count("id"))
        .values_list(*place, "month", "service_id", "status", "n")
    ):
        key = f"{service}:{request_state(status)}"
        filed[(regency or "", district or "", _quarter(_month(month)), key)] += n
    for (regency, district, month, key), n in filed.items():
        yield "request.filed", regency, district, month, key, n, 0
    for regency, district, service, n in (
        base.filter(status__in=OPEN)
        .overdue()
        .values(*place, "service_id")
        .annotate(n=Count("id"))
        .values_list(*place, "service_id", "n")
    ):
        yield "request.overdue", regency or "", district or "", None, str(service), n, 0
    days: dict[tuple, int] = defaultdict(int)
    for regency, district, month, service, used, n in (
        base.filter(status=Status.COMPLETED, completed_at__isnull=False)
        .annotate(month=TruncMonth("completed_at"))
        .values(*place, "month", "service_id", "clock_days_used")
        .annotate(n=Count("id"))
        .values_list(*place, "month", "service_id", "clock_days_used", "n")
    ):
        key = f"{service}:{used}"
        month = _quarter(_month(month))
        days[(regency or "", district or "", month, key)] += n
    for (regency, district, month, key), n in days.items():
        yield "request.days", regency, district, month, key, n, 0
    survey_place = ("place_regency", "place_district")
    by_request = {
        "place_regency": Coalesce(
            "request__business__regency_id", "request__organisation__regency_id"
        ),
        "place_district": F("request__business__district_id"),
    }
    answers: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in (
        SurveyResponse.objects.order_by()
        .annotate(month=TruncMonth("created_at"), **by_request)
        .values(*survey_place, "month", "service_id")
        .annotate(n=Count("id"), **{code: Sum(code) for code in SURVEY_FIELDS})
    ):
        bucket = answers[
            (
                row[survey_place[0]] or "",
                row[survey_place[1]] or "",
                _quarter(_month(row["month"])),
                str(row["service_id"]),
            )
        ]
        bucket[0] += row["n"]
        bucket[1] += sum(row[code] or 0 for code in SURVEY_FIELDS)
    for (regency, district, month, key), (n, total) in answers.items():
        yield "survey", regency, district, month, key, n, total
    resolved = Q(status__in=(ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED))
    complaints: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for regency, district, month, service, n, done in (
        Complaint.objects.order_by()
        .annotate(month=TruncMonth("created_at"), **by_request)
        .values(*survey_place, "month", "request__service_id")
        .annotate(n=Count("id"), done=Count("id", filter=resolved))
        .values_list(*survey_place, "month", "request__service_id", "n", "done")
    ):
        bucket = complaints[(regency or "", district or "", _quarter(_month(month)), str(service))]
        bucket[0] += n
        bucket[1] += done
    for (regency, district, month, key), (n, done) in complaints.items():
        yield "complaint", regency, district, month, key, n, done


BUILDERS = (business_rows, request_rows)


def _levels(rows: Iterable[Row]) -> Iterator[tuple]:
    """The district rows as they come, then the sums per regency and for the province:
    (source, level, regency, district, month, key, n, total)."""
    regencies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    province: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for source, regency, district, month, key, n, total in rows:
        if district:
            yield source, "d", regency, district, month, key, n, total
        for bucket in (regencies[(source, regency, month, key)], province[(source, month, key)]):
            bucket[0] += n
            bucket[1] += total
    for (source, regency, month, key), (n, total) in regencies.items():
        yield source, "r", regency, "", month, key, n, total
    for (source, month, key), (n, total) in province.items():
        yield source, "p", "", "", month, key, n, total


FIELDS = ("source", "level", "regency", "district", "month", "key", "n", "total")


def rebuild() -> int:
    """Recompute every summary from the source tables (read first, outside any
    transaction), then replace the old ones in one short transaction: readers see the
    old or the new, never half. Returns the rows written."""
    started = time.perf_counter()
    rows = [row for builder in BUILDERS for row in _levels(builder())]
    with transaction.atomic():
        Rollup.objects.all().delete()
        for start in range(0, len(rows), BATCH):
            Rollup.objects.bulk_create(
                [
                    Rollup(**dict(zip(FIELDS, row, strict=True)))
                    for row in rows[start : start + BATCH]
                ]
            )
        RollupBuild.objects.all().delete()
        RollupBuild.objects.create(
            built_at=timezone.now(), seconds=time.perf_counter() - started, rows=len(rows)
        )
    return len(rows)


@task()
def rebuild_task() -> None:
    rebuild()


# --- Reading -------------------------------------------------------------------------


def _placed(qs, filters):
    if filters.district:
        return qs.filter(level="d", district=filters.district)
    if filters.regency:
        return qs.filter(level="r", regency=filters.regency)
    return qs.filter(level="p")


def read(sources, filters, *, start: date | None = None, end: date | None = None) -> dict:
    """{source: {key: (n, total)}} at the filters' place, summed over the months from
    `start` to `end` (either open; both None and undated sources: every row). One query."""
    qs = _placed(Rollup.objects.filter(source__in=sources), filters)
    if start is not None:
        qs = qs.filter(month__gte=date(start.year, start.month, 1))
    if end is not None:
        qs = qs.filter(month__lte=end)
    found: dict[str, dict[str, tuple[int, int]]] = {s: {} for s in sources}
    for source, key, n, total in (
        qs.order_by()
        .values("source", "key")
        .annotate(sn=Sum("n"), st=Sum("total"))
        .values_list("source", "key", "sn", "st")
    ):
        found[source][key] = (n or 0, total or 0)
    return found


def read_months(source: str, filters, start: date | None, end: date) -> dict[date, int]:
    """{month: n} of one source at the filters' place, the months from `start` (None:
    the first) to `end`."""
    qs = _placed(Rollup.objects.filter(source=source), filters).filter(month__lte=end)
    if start is not None:
        qs = qs.filter(month__gte=date(start.year, start.month, 1))
    return dict(qs.order_by().values("month").annotate(sn=Sum("n")).values_list("month", "sn"))


def read_districts(source: str, filters, *, end: date) -> list[tuple[str, str, int]]:
    """[(district code, name, n)] of one source up to the month of `end`, for every
    district of the filters' regency (all districts when none). One query."""
    from django.db.models import OuterRef, Subquery

    from kriya.regions.models import Region

    qs = Rollup.objects.filter(source=source, level="d", month__lte=end)
    if filters.district:
        qs = qs.filter(district=filters.district)
    elif filters.regency:
        qs = qs.filter(regency=filters.regency)
    name = Region.objects.filter(code=OuterRef("district")).values("name")[:1]
    return list(
        qs.order_by()
        .values("district")
        .annotate(sn=Sum("n"), name=Subquery(name))
        .values_list("district", "name", "sn")
    )


def built_at():
    build = RollupBuild.objects.first()
    return build.built_at if build else None
