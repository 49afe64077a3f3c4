"""The dashboards' summaries (kriya.insights.rollups): the registry and service-desk
dashboards built from them equal the same dashboards computed live from the source
tables, for every level of the filters and for past periods; their queries do not grow
with the data; the rebuild replaces everything; the scheduler runs it."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.desk.models import ComplaintStatus, Status
from kriya.desk.survey import parse_period
from kriya.insights import dashboards, rollups
from kriya.insights.models import Rollup, RollupBuild
from kriya.insights.scope import Filters
from kriya.registry.models import BusinessStatus

from .conftest import at

pytestmark = pytest.mark.django_db

FILTERS = [
    (None, None),  # the agency: every regency
    ("35.13", None),
    ("35.13", "35.13.20"),
    ("35.74", None),
]
PERIODS = ["2026", "2026-Q2", "2025"]  # a year, a quarter, a past year


def _filters(period, regency, district):
    return Filters(parse_period(period, today=date(2026, 6, 30)), regency, district)


def _data(charts):
    return [(c.key, tuple(c.labels), [(s.name, s.values) for s in c.series]) for c in charts]


@pytest.fixture
def registry(world):
    """Businesses in three districts of two regencies, registered over 2025 and 2026, in
    every status, sector and size class (drafts are never counted)."""
    b = world["business"]
    made = [
        b("35.13.01.2001", created=date(2025, 3, 4)),
        b("35.13.01.2001", created=date(2025, 11, 30), sector="tenun", size="kecil"),
        b("35.13.20.2001", created=date(2026, 1, 31), status=BusinessStatus.SUBMITTED),
        b("35.13.20.2001", created=date(2026, 4, 1), size=""),
        b("35.13.20.2001", created=date(2026, 5, 2), status=BusinessStatus.DRAFT),
        b("35.74.01.1001", created=date(2026, 2, 10), sector="bordir"),
        b("35.74.01.1001", created=date(2026, 7, 1), status=BusinessStatus.RETURNED),
    ]
    return made


@pytest.fixture
def desk(registry, make_request, make_survey, service):
    """Requests of each state filed in different quarters, with the working days used,
    surveys and complaints (one resolved)."""
    from kriya.desk.models import Complaint, ServiceRequest

    a, b_, c, d, _draft, e, _f = registry
    for business, filed, days in ((a, date(2026, 2, 1), 3), (c, date(2026, 4, 2), 9)):
        r = make_request(business, completed=filed)
        ServiceRequest.objects.filter(pk=r.pk).update(clock_days_used=days)
    make_request(d, status=Status.SUBMITTED, submitted=date(2026, 5, 5))
    late = make_request(e, status=Status.IN_REVIEW, submitted=date(2026, 1, 5))
    ServiceRequest.objects.filter(pk=late.pk).update(standard_days=10, clock_days_used=12)
    make_request(b_, status=Status.REJECTED, submitted=date(2025, 12, 20))
    make_request(a, status=Status.DRAFT, submitted=date(2026, 2, 2))
    make_survey(a, date(2026, 2, 3), score=3)
    make_survey(e, date(2026, 5, 3), score=4)
    for request, status, day in (
        (late, ComplaintStatus.RECEIVED, date(2026, 2, 5)),
        (late, ComplaintStatus.ANSWERED, date(2026, 4, 5)),
    ):
        complaint = Complaint.objects.create(
            request=request, filed_by=request.filed_by, subject="Lama", body="Lama", status=status
        )
        Complaint.objects.filter(pk=complaint.pk).update(created_at=at(day))


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize(("regency", "district"), FILTERS)
def test_summaries_give_the_live_figures(desk, period, regency, district):
    rollups.rebuild()
    filters = _filters(period, regency, district)
    assert _data(dashboards.registry_charts(filters)) == _data(
        dashboards.registry_charts_live(filters)
    )
    assert _data(dashboards.desk_charts(filters)) == _data(dashboards.desk_charts_live(filters))


def test_the_figures_are_not_empty(desk):
    """The comparison above compares something: a few figures by hand."""
    rollups.rebuild()
    charts = {c.key: c for c in dashboards.registry_charts(_filters("2026", "35.13", None))}
    by_status = dict(
        zip(
            charts["usaha-per-status"].labels,
            charts["usaha-per-status"].series[0].values,
            strict=True,
        )
    )
    assert by_status[BusinessStatus.VERIFIED.label] == 3
    assert by_status[BusinessStatus.SUBMITTED.label] == 1
    assert sum(charts["usaha-per-kecamatan"].series[0].values) == 4  # the draft is not
    desk = {c.key: c for c in dashboards.desk_charts(_filters("2026", None, None))}
    running, done, stopped, late = (s.values[0] for s in desk["permohonan-per-layanan"].series)
    # Completed: the two filed above and the two of the surveys (4 days each).
    assert (running, done, stopped, late) == (2, 4, 0, 1)
    assert desk["waktu-layanan"].series[0].values[0] == 4  # median of 3, 4, 4, 9
    assert desk["ikm-layanan"].series[0].values[0] == 87.5  # (3 + 4) / 2 × 25
    assert [s.values[0] for s in desk["pengaduan"].series] == [2, 1]


def test_rebuild_replaces_every_row(desk):
    first = rollups.rebuild()
    assert first == Rollup.objects.count() > 0
    assert rollups.rebuild() == first  # idempotent
    assert RollupBuild.objects.count() == 1
    from kriya.registry.models import Business

    Business.objects.filter(regency_id="35.74").update(status=BusinessStatus.DRAFT)
    rollups.rebuild()
    assert not Rollup.objects.filter(regency="35.74", source="business.all").exists()


def test_a_new_business_counts_after_the_next_rebuild(world):
    rollups.rebuild()
    filters = _filters("2026", "35.13", None)
    before = sum(dashboards.registry_charts(filters)[2].series[0].values)
    world["business"]("35.13.01.2001")
    assert sum(dashboards.registry_charts(filters)[2].series[0].values) == before
    call_command("rebuild_insights_rollups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sum(dashboards.registry_charts(filters)[2].series[0].values) == before + 1


@pytest.mark.parametrize("key", ["registri", "layanan"])
@pytest.mark.parametrize(("regency", "district"), FILTERS[:3])
def test_queries_are_the_same_with_more_data(world, make_request, key, regency, district):
    board = dashboards.get(key)
    filters = _filters("2026", regency, district)
    make_request(world["business"]("35.13.20.2001"), completed=date(2026, 2, 2))
    rollups.rebuild()
    with CaptureQueriesContext(connection) as few:
        board.build(filters)
    for village in ("35.13.01.2001", "35.13.20.2001", "35.74.01.1001") * 3:
        make_request(world["business"](village), completed=date(2026, 3, 3))
    rollups.rebuild()
    with CaptureQueriesContext(connection) as many:
        board.build(filters)
    assert len(many) == len(few) <= 6
    # Neither reads the registry or the desk itself.
    read = " ".join(q["sql"] for q in many.captured_queries)
    assert "registry_business" not in read and "desk_servicerequest" not in read


def test_the_scheduler_rebuilds_them():
    from kriya.ops.schedule import JOBS

    job = JOBS["insights_rollups"]
    assert job.cron == "40 * * * *"
    assert job.get_task() is rollups.rebuild_task
