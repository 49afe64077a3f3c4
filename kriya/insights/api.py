"""The insights API: every dashboard figure, the indicators and the programme, with the
same access rules as the pages (`scope_for`, `get_agreement_for`); and the open
datasets' metadata and file links, public as their pages, read from the snapshots the
scheduler stores (`snapshots.py`; the files themselves are `/data/<slug>.<format>`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Router, Schema
from pydantic import Field

from kriya.api.auth import token_or_session
from kriya.api.types import Amount, Count, Id, one_of

from . import dashboards, indicators, opendata, queries, snapshots
from .access import agreements_for, get_agreement_for
from .scope import parse_filters, scope_for

router = Router(tags=["insights"])

Year = Annotated[int, Field(ge=1900, le=2200)]

DASHBOARD_KEYS = [d.key for d in dashboards.all_dashboards()]
INDICATOR_KEYS = [i.key for i in indicators.all_indicators()]
DATASET_KEYS = [d.slug for d in opendata.all_datasets()]


class InsightsSeriesOut(Schema):
    name: str
    values: list[float | str | None]


class InsightsChartOut(Schema):
    key: str
    title: str
    label_header: str
    unit: str
    labels: list[str]
    series: list[InsightsSeriesOut]


class InsightsDashboardOut(Schema):
    dashboard: one_of(DASHBOARD_KEYS)  # type: ignore[valid-type]
    title: str
    period: str
    start: date
    end: date
    regency: str | None
    district: str | None
    charts: list[InsightsChartOut]


class InsightsIndicatorOut(Schema):
    indicator: one_of(INDICATOR_KEYS)  # type: ignore[valid-type]
    name: str
    definition: str
    unit: str


class InsightsIndicatorValueOut(InsightsIndicatorOut):
    regency: str | None
    district: str | None
    start: date
    end: date
    value: float | None


class InsightsQuarterOut(Schema):
    quarter: one_of([1, 2, 3, 4])  # type: ignore[valid-type]
    target: Decimal | None
    actual: float | None


class InsightsTargetOut(Schema):
    indicator: str
    name: str
    definition: str
    target: Decimal
    actual: float | None
    share: float | None
    quarters: list[InsightsQuarterOut]


class InsightsAgreementOut(Schema):
    id: Id
    number: str
    title: str
    regency: str
    regency_unit: str
    agency: str
    starts_on: date
    ends_on: date


class InsightsProgrammeOut(InsightsAgreementOut):
    year: Year
    targets: list[InsightsTargetOut]


def _plain(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    return float(value)


@router.get(
    "/insights/dashboards/{dashboard}",
    response=InsightsDashboardOut,
    auth=token_or_session,
    summary="The figures of one dashboard (agency: every regency; regency officer: their own)",
    operation_id="kriya_api_insights_dashboard",
)
def dashboard(
    request,
    dashboard: one_of(DASHBOARD_KEYS),  # type: ignore[valid-type]
    period: str = "",
    regency: str = "",
    district: str = "",
):
    scope = scope_for(request.auth)
    board = dashboards.get(dashboard)
    filters = parse_filters(scope, {"periode": period, "kabupaten": regency, "kecamatan": district})
    charts = board.build(filters)
    return {
        "dashboard": board.key,
        "title": str(board.title),
        "period": filters.period.key,
        "start": filters.start,
        "end": filters.end,
        "regency": filters.regency,
        "district": filters.district,
        "charts": [
            {
                "key": c.key,
                "title": str(c.title),
                "label_header": str(c.label_header),
                "unit": str(c.unit),
                "labels": list(c.labels),
                "series": [
                    {"name": str(s.name), "values": [_plain(v) for v in s.values]} for s in c.series
                ],
            }
            for c in charts
        ],
    }


def _indicator(i) -> dict:
    return {"indicator": i.key, "name": i.name, "definition": i.definition, "unit": i.unit}


@router.get(
    "/insights/indicators",
    response=list[InsightsIndicatorOut],
    auth=token_or_session,
    summary="The indicators Kriya computes, with their definitions",
    operation_id="kriya_api_insights_indicators",
)
def indicator_list(request):
    scope_for(request.auth)
    return [_indicator(i) for i in indicators.all_indicators()]


@router.get(
    "/insights/indicators/{indicator}",
    response=InsightsIndicatorValueOut,
    auth=token_or_session,
    summary="One indicator's value for a period, regency and district",
    operation_id="kriya_api_insights_indicator_value",
)
def indicator_value(
    request,
    indicator: one_of(INDICATOR_KEYS),  # type: ignore[valid-type]
    period: str = "",
    regency: str = "",
    district: str = "",
):
    scope = scope_for(request.auth)
    filters = parse_filters(scope, {"periode": period, "kabupaten": regency, "kecamatan": district})
    found = indicators.get(indicator)
    return {
        **_indicator(found),
        "regency": filters.regency,
        "district": filters.district,
        "start": filters.start,
        "end": filters.end,
        "value": _plain(found.value(filters.regency, filters.start, filters.end, filters.district)),
    }


def _agreement(a) -> dict:
    return {
        "id": a.pk,
        "number": a.number,
        "title": a.title,
        "regency": a.regency_id,
        "regency_unit": a.regency_unit.name,
        "agency": a.agency.name,
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
    }


@router.get(
    "/insights/programmes",
    response=list[InsightsAgreementOut],
    auth=token_or_session,
    summary="Cooperation agreements in the caller's scope",
    operation_id="kriya_api_insights_programmes",
)
def programme_list(request):
    return [_agreement(a) for a in agreements_for(request.auth)]


@router.get(
    "/insights/programmes/{agreement_id}",
    response=InsightsProgrammeOut,
    auth=token_or_session,
    summary="A cooperation agreement's targets against live actuals, by quarter",
    operation_id="kriya_api_insights_programme",
)
def programme(request, agreement_id: Id, year: Year | None = None):
    agreement = get_agreement_for(request.auth, agreement_id)
    if year is None or year not in agreement.years:
        year = queries.current_year(agreement)
    rows = queries.programme(agreement, year)
    return {
        **_agreement(agreement),
        "year": year,
        "targets": [
            {
                "indicator": r.key,
                "name": r.indicator.name if r.indicator else r.key,
                "definition": r.indicator.definition if r.indicator else "",
                "target": r.target.value,
                "actual": _plain(r.actual),
                "share": r.share,
                "quarters": [
                    {
                        "quarter": q,
                        "target": r.quarter_targets[q - 1],
                        "actual": _plain(r.quarter_actuals[q - 1]),
                    }
                    for q in queries.QUARTERS
                ],
            }
            for r in rows
        ],
    }


# --- Open datasets (public) -----------------------------------------------------------------


class InsightsDatasetColumnOut(Schema):
    name: str
    title: str
    type: str
    description: str


class InsightsDistributionOut(Schema):
    format: one_of(list(opendata.FORMATS))  # type: ignore[valid-type]
    media_type: str
    url: str
    size: Amount  # bytes
    sha256: str


class InsightsDatasetOut(Schema):
    dataset: one_of(DATASET_KEYS)  # type: ignore[valid-type]
    title: str
    description: str
    keywords: list[str]
    frequency: str
    licence_url: str
    suppressed: bool
    modified: datetime
    rows: Count
    period_start: date | None
    period_end: date | None
    page: str
    columns: list[InsightsDatasetColumnOut]
    distributions: list[InsightsDistributionOut]


def _dataset(d, snapshot) -> dict:
    base = opendata.base_url()
    return {
        "dataset": d.slug,
        "title": d.title,
        "description": d.description,
        "keywords": list(d.keywords),
        "frequency": d.frequency,
        "licence_url": opendata.LICENCE_URL,
        "suppressed": d.suppressed,
        "modified": snapshot.modified_at,
        "rows": snapshot.rows,
        "period_start": snapshot.period_start,
        "period_end": snapshot.period_end,
        "page": f"{base}/data/{d.slug}/",
        "columns": [
            {"name": c.name, "title": c.title, "type": c.type, "description": c.description}
            for c in d.columns
        ],
        "distributions": [
            {
                "format": fmt,
                "media_type": media,
                "url": opendata.distribution_url(base, d, fmt),
                "size": snapshot.file(fmt)["size"],
                "sha256": snapshot.file(fmt)["sha256"],
            }
            for fmt, media in opendata.FORMATS.items()
        ],
    }


@router.get(
    "/insights/datasets",
    response=list[InsightsDatasetOut],
    auth=None,
    summary="The open datasets with their metadata and files (public; one query)",
    operation_id="kriya_api_insights_datasets",
)
def dataset_list(request):
    found = snapshots.ensure()
    return [_dataset(d, found[d.slug]) for d in opendata.all_datasets()]


@router.get(
    "/insights/datasets/{dataset}",
    response=InsightsDatasetOut,
    auth=None,
    summary="One open dataset: its data standard, refresh time, rows and files (public)",
    operation_id="kriya_api_insights_dataset",
)
def dataset_detail(request, dataset: one_of(DATASET_KEYS)):  # type: ignore[valid-type]
    found = opendata.get(dataset)
    return _dataset(found, snapshots.get(found))
