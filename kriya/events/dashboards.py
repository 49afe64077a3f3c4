"""Events' dashboard for `kriya.insights` at /dasbor/acara/ (docs/insights.md): the
turnover of each event held in the period, per month, and per year over the five years
up to the period's end. Three queries whatever the number of events and reports.
Definitions as in `indicators.py` (current reports only, on the day of the sales)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core.charts import Chart, Series
from kriya.core.figures import Dashboard, register_dashboard

from .indicators import held, sales
from .models import EXHIBITING

MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _months(start: date, end: date) -> list[tuple[int, int]]:
    found, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        found.append((y, m))
        y, m = y + (m == 12), m % 12 + 1
    return found


def events_charts(filters) -> list[Chart]:
    regency, district = filters.regency, filters.district
    events = list(
        held(regency, filters.start, filters.end, district)
        .annotate(
            exhibitors=Count("applications", filter=Q(applications__status__in=EXHIBITING)),
        )
        .values_list("pk", "name", "starts_on", "exhibitors")
    )
    turnover = dict(
        sales(regency, date(1, 1, 1), date(9999, 12, 31), district)
        .filter(application__event__starts_on__range=(filters.start, filters.end))
        .order_by()
        .values("application__event_id")
        .annotate(t=Sum("turnover"))
        .values_list("application__event_id", "t")
    )

    first_year = filters.end.year - 4
    by_month: dict[tuple[int, int], int] = {}
    by_year: dict[int, int] = {}
    for y, m, t in (
        sales(regency, date(first_year, 1, 1), filters.end, district)
        .order_by()
        .annotate(y=ExtractYear("day__date"), m=ExtractMonth("day__date"))
        .values("y", "m")
        .annotate(t=Sum("turnover"))
        .values_list("y", "m", "t")
    ):
        by_year[y] = by_year.get(y, 0) + t
        if date(y, m, 1) >= date(filters.start.year, filters.start.month, 1):
            by_month[(y, m)] = by_month.get((y, m), 0) + t
    years = list(range(first_year, filters.end.year + 1))
    months = _months(filters.start, filters.end)

    return [
        Chart(
            key="omzet-per-acara",
            title=_("Omzet per acara"),
            label_header=_("Acara"),
            labels=[f"{name} ({start:%d-%m-%Y})" for _pk, name, start, _n in events],
            series=(
                Series(_("Omzet"), tuple(turnover.get(pk) for pk, *_rest in events)),
                Series(
                    _("Peserta pameran"),
                    tuple(n for *_rest, n in events),
                    plot=False,
                    style="number",
                ),
            ),
            unit=_("rupiah"),
            kind="hbar",
            style="rupiah",
            summary=_(
                "Acara yang dimulai pada periode ini; hari yang belum dilaporkan tidak dihitung."
            ),
        ),
        Chart(
            key="omzet-per-bulan",
            title=_("Omzet acara per bulan"),
            label_header=_("Bulan"),
            labels=[f"{MONTHS_ID[m - 1]} {y}" for y, m in months],
            series=(Series(_("Omzet"), tuple(by_month.get(k, 0) for k in months)),),
            unit=_("rupiah"),
            kind="line",
            style="rupiah",
        ),
        Chart(
            key="omzet-per-tahun",
            title=_("Omzet acara per tahun"),
            label_header=_("Tahun"),
            labels=[str(y) for y in years],
            series=(Series(_("Omzet"), tuple(by_year.get(y, 0) for y in years)),),
            unit=_("rupiah"),
            kind="bar",
            style="rupiah",
            summary=_("Lima tahun sampai akhir periode."),
        ),
    ]


register_dashboard(
    Dashboard(
        "acara",
        gettext_lazy("Acara dan pameran"),
        gettext_lazy("Omzet (perputaran ekonomi) per acara, per bulan dan per tahun."),
        events_charts,
        order=60,
    )
)
