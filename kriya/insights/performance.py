"""Public-service performance per service and semester, as the public-service rules ask
an agency to publish (UU 25/2009, PermenPAN-RB 14/2017 for the IKM): compliance with the
service standard, the satisfaction index with its nine elements, respondents and grade,
complaints received and resolved. Read from the desk (survey index, requests,
complaints); agency-wide, public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone

from kriya.desk.models import SURVEY_ELEMENTS, Complaint, ComplaintStatus, ServiceRequest, Status
from kriya.desk.survey import IndexRow, Period, parse_period, satisfaction_index


@dataclass(frozen=True)
class ServiceFigures:
    code: str
    name: str
    standard_days: int | None
    completed: int
    within_standard: int
    complaints: int
    complaints_resolved: int
    index: IndexRow

    @property
    def compliance(self) -> float | None:
        if not self.completed or self.standard_days is None:
            return None
        return round(self.within_standard / self.completed * 100, 1)


def semester(key: str | None, *, today: date | None = None) -> Period:
    """A semester ("2026-S1"); anything else is the current semester."""
    period = parse_period(key, today=today)
    if "-S" in period.key:
        return period
    today = today or timezone.localdate()
    return parse_period(f"{today.year}-S{1 if today.month <= 6 else 2}")


def semester_choices(*, today: date | None = None, years: int = 3) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    found = []
    for year in range(today.year, today.year - years, -1):
        for half in (2, 1):
            if year == today.year and half == 2 and today.month <= 6:
                continue
            p = parse_period(f"{year}-S{half}")
            found.append((p.key, p.label))
    return found


def figures(period: Period) -> tuple[list[ServiceFigures], IndexRow]:
    """Per service (three aggregate queries and the survey index's one)."""
    rows, total = satisfaction_index(period)
    done = {
        r["service__code"]: r
        for r in ServiceRequest.objects.filter(
            status=Status.COMPLETED, completed_at__date__range=(period.start, period.end)
        )
        .values("service__code")
        .annotate(
            n=Count("id"),
            within=Count(
                "id",
                filter=Q(standard_days__isnull=False, clock_days_used__lte=F("standard_days")),
            ),
        )
    }
    complaints = {
        r["request__service__code"]: r
        for r in Complaint.objects.filter(created_at__date__range=(period.start, period.end))
        .values("request__service__code")
        .annotate(
            n=Count("id"),
            resolved=Count(
                "id", filter=Q(status__in=(ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED))
            ),
        )
    }
    from kriya.desk.models import Service

    standards = dict(Service.objects.values_list("code", "standard_days"))
    result = []
    for row in rows:
        d = done.get(row.service_code, {})
        c = complaints.get(row.service_code, {})
        result.append(
            ServiceFigures(
                code=row.service_code,
                name=row.service_name,
                standard_days=standards.get(row.service_code),
                completed=d.get("n", 0),
                within_standard=d.get("within", 0),
                complaints=c.get("n", 0),
                complaints_resolved=c.get("resolved", 0),
                index=row,
            )
        )
    return result, total


def element_rows(total: IndexRow) -> list[tuple[str, float | None, float | None]]:
    """(element, mean score 1–4, converted value ×25) for the nine elements."""
    return [
        (
            str(name),
            total.element_means.get(code),
            round(total.element_means[code] * 25, 2) if code in total.element_means else None,
        )
        for code, name in SURVEY_ELEMENTS
    ]
