"""A regency unit's request in its own name counts in the unit's regency and in no
district: the indicator, the desk dashboard and the CSV export (docs/desk.md)."""

import csv
import io
from datetime import date

import pytest

from kriya.desk.models import ServiceRequest, Status
from kriya.desk.survey import parse_period
from kriya.insights import dashboards, exports, indicators, rollups
from kriya.insights.scope import Filters

from .conftest import at

pytestmark = pytest.mark.django_db

KAB, KOTA, PAITON = "35.13", "35.74", "35.13.20"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def unit_and_business_requests(world, service, make_request, probolinggo_unit):
    business = world["business"]("35.13.20.2001")
    make_request(business, completed=date(2026, 3, 3))
    unit_request = ServiceRequest.objects.create(
        organisation=probolinggo_unit,
        service=service,
        status=Status.COMPLETED,
        filed_by=world["owner"],
        submitted_at=at(date(2026, 3, 1)),
        completed_at=at(date(2026, 3, 4)),
        clock_days_used=3,
    )
    return business, unit_request


def _value(regency, district=None):
    return indicators.get("permohonan_selesai").value(regency, *YEAR, district)


def test_the_indicator_counts_it_in_the_regency_not_a_district(unit_and_business_requests):
    assert _value(KAB) == 2
    assert _value(KAB, PAITON) == 1
    assert _value(KOTA) == 0
    assert _value(None) == 2
    indicator = indicators.get("permohonan_selesai")
    described = [indicator.describe(r) for r in indicator.records(KAB, *YEAR)]
    assert (described[1].title, described[1].place) == (
        "DKUPP Kabupaten Probolinggo",
        "Kabupaten Probolinggo",
    )


@pytest.mark.parametrize("charts", ["desk_charts", "desk_charts_live"])
def test_the_desk_dashboard_counts_it_in_the_regency(unit_and_business_requests, charts):
    """Both the summaries the dashboard reads and the live definition they are tested
    against (kriya.insights.rollups)."""
    rollups.rebuild()

    def done(regency, district=None):
        filters = Filters(period=parse_period("2026"), regency=regency, district=district)
        requests_chart = getattr(dashboards, charts)(filters)[0]
        completed = next(s for s in requests_chart.series if s.name == "Selesai")
        return sum(completed.values)

    assert done(KAB) == 2
    assert done(KAB, PAITON) == 1
    assert done(KOTA) == 0
    assert done("") == 2  # the province: every request once


def test_the_export_names_the_unit(unit_and_business_requests, head):
    _business, unit_request = unit_and_business_requests
    qs, header, row = exports._requests(KAB)
    rows = [dict(zip(header, row(r), strict=True)) for r in qs]
    assert len(rows) == 2
    unit_row = next(r for r in rows if r["nomor"] == unit_request.number)
    assert unit_row["nib"] == "" and unit_row["usaha"] == ""
    assert unit_row["perangkat_daerah"] == "DKUPP Kabupaten Probolinggo"
    assert unit_row["kode_kabupaten"] == KAB
    qs, header, row = exports._requests(KOTA)
    assert not qs.exists()
    # The CSV writer takes the row as it is.
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row(unit_request))
    assert "DKUPP Kabupaten Probolinggo" in buffer.getvalue()
