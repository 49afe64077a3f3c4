"""The shapes in which an app hands its figures to `kriya.insights`: indicators,
dashboards and open datasets, and the three registries they are added to.

They live here, below every app, so that an app low in the layers (training, events)
can define its own in `<app>/indicators.py`, `dashboards.py` and `opendata.py` without
importing insights, which sits above it. `kriya.insights` imports those modules on first
use (`kriya/insights/discovery.py`) and reads these registries; docs/insights.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language

# --- Indicators ------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One contributing record as the list page shows it."""

    day: date | None
    title: str
    detail: str
    place: str


@dataclass(frozen=True)
class Indicator:
    key: str
    name_id: str
    name_en: str
    definition_id: str
    definition_en: str
    unit_id: str
    unit_en: str
    records: Callable  # (regency, start, end, district=None) -> QuerySet
    describe: Callable  # (record) -> Record
    measure: Callable | None = None  # (queryset) -> value; None: count of records
    decimals: int = 0
    summable: bool = True  # may quarterly values be added up into the year's?
    order: int = 50

    def _pick(self, field: str) -> str:
        if (get_language() or "id").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_id")
        return getattr(self, f"{field}_id")

    @property
    def name(self) -> str:
        return self._pick("name")

    @property
    def definition(self) -> str:
        return self._pick("definition")

    @property
    def unit(self) -> str:
        return self._pick("unit")

    def value(self, regency: str | None, start: date, end: date, district: str | None = None):
        qs = self.records(regency, start, end, district)
        if self.measure is not None:
            return self.measure(qs)
        return qs.count()


INDICATORS: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    if indicator.key in INDICATORS and INDICATORS[indicator.key] != indicator:
        raise ValueError(f"indicator {indicator.key!r} is defined twice")
    INDICATORS[indicator.key] = indicator
    return indicator


# --- Dashboards ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    key: str  # the URL's slug and the API's enum value
    title: str
    description: str
    # (filters) -> list[kriya.core.charts.Chart]; filters has period, start, end,
    # regency and district (kriya.insights.scope.Filters). A fixed number of queries.
    build: Callable
    order: int = 50


DASHBOARDS: dict[str, Dashboard] = {}


def register_dashboard(dashboard: Dashboard) -> Dashboard:
    if dashboard.key in DASHBOARDS and DASHBOARDS[dashboard.key] is not dashboard:
        raise ValueError(f"dashboard {dashboard.key!r} is defined twice")
    DASHBOARDS[dashboard.key] = dashboard
    return dashboard


# --- Open datasets ---------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    title: str  # Indonesian
    type: str  # string, integer, date, month
    description: str = ""


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[tuple]]  # in the order of the columns, streamed
    keywords: tuple[str, ...] = ()
    theme: str = "ekonomi"
    frequency: str = "bulanan"  # harian, bulanan, semesteran, tahunan
    suppressed: bool = True  # small-cell suppression applies (aggregated counts)
    count_column: str = "jumlah"
    order: int = 50
    extra: dict = field(default_factory=dict)
    # Further columns published empty whenever the row's count is suppressed: a sum over
    # fewer than five people or businesses (an exhibitor's turnover) would single them out.
    suppressed_with_count: tuple[str, ...] = ()
    # Further counts of people published empty on their own when from 1 to 4, or when
    # the count minus them is (those who answered "no" would number fewer than five).
    suppressed_each: tuple[str, ...] = ()


DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> Dataset:
    if dataset.slug in DATASETS and DATASETS[dataset.slug] is not dataset:
        raise ValueError(f"dataset {dataset.slug!r} is defined twice")
    DATASETS[dataset.slug] = dataset
    return dataset


# The region and month columns every aggregated dataset starts with (Kepmendagri codes).
REGION_COLUMNS = (
    Column("kode_kabupaten", "Kode kabupaten/kota", "string", "Kode Kepmendagri, mis. 35.13"),
    Column("nama_kabupaten", "Nama kabupaten/kota", "string"),
    Column("kode_kecamatan", "Kode kecamatan", "string", "Kode Kepmendagri, mis. 35.13.01"),
    Column("nama_kecamatan", "Nama kecamatan", "string"),
    Column("bulan", "Bulan", "month", "Tahun dan bulan, YYYY-MM (WIB)"),
)


def month_text(value) -> str:
    """A date or datetime (a TruncMonth) as YYYY-MM in WIB."""
    from datetime import datetime

    from django.utils import timezone

    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year:04d}-{value.month:02d}"
