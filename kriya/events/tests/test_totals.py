"""The report and the year view read summaries kept on write (kriya.events.totals): on
random reports, corrections, outliers, withdrawals and visitor counts they give exactly
what the former read-time computation gave; the rebuild is idempotent."""

import random
import threading
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from kriya.certification.models import HalalCertificate, HalalStatus
from kriya.events import queries, services
from kriya.events.models import DaySectorTotals, Event, EventSeries, EventTotals, ExhibitorTotals
from kriya.registry.tests.factories import make_business

from .conftest import apply, exhibitor, make_event
from .legacy_report import legacy_event_report, legacy_year_view

SECTORS = ["batik", "tenun", "kayu", "lainnya"]


def flat(report):
    if report is None:
        return None
    return {
        "event": report.event.pk,
        "exhibitors": report.exhibitors,
        "days": [
            (d.day.pk, d.turnover, d.transactions, d.reported, d.missing, d.visitors)
            for d in report.days
        ],
        "totals": (report.turnover, report.transactions, report.outliers, report.visitors),
        "reports": (report.reports_expected, report.reports_missing),
        "median": report.median_per_exhibitor,
        "distribution": report.distribution,
        "per_exhibitor": [
            (x["application"].pk, x["turnover"], x["reported_days"]) for x in report.per_exhibitor
        ],
        # Ties in turnover were ordered by row order before; now by name as well.
        "per_sector": sorted(report.per_sector, key=lambda x: (-x[1], x[0])),
        "per_channel": report.per_channel,
        "certified": (report.certified_turnover, report.certified_share),
        "first_time": report.first_time,
        "home_districts": report.home_districts,
        "previous": flat(report.previous),
    }


def fill(rng, event, applications, officer, owner):
    """Random decisions, reports (some corrected, some outliers confirmed), a withdrawal
    after reporting and visitor counts."""
    today = timezone.localdate()
    past = [d for d in event.days.all() if d.date <= today]
    exhibiting = []
    for i, application in enumerate(applications):
        action = "accept" if i < 3 else rng.choice(["accept", "waitlist", "reject"])
        reason = "Kuota penuh" if action == "reject" else ""
        services.decide_application(
            application=application, action=action, by=officer, reason=reason
        )
        if action == "accept":
            exhibiting.append(application)
    for application in exhibiting:
        for day in past:
            if rng.random() < 0.3:
                continue  # this day stays missing
            for _ in range(rng.choice([1, 1, 2])):  # the second one is a correction
                cash = rng.choice([0, rng.randrange(0, 5_000_000, 500)])
                qris = rng.randrange(0, 2_000_000, 500)
                transfer = rng.choice([0, 0, rng.randrange(0, 80_000_000, 500)])
                turnover = cash + qris + transfer
                services.report_sales(
                    application=application,
                    day=day,
                    sector=rng.choice(SECTORS),
                    transactions=rng.randint(1, 60) if turnover else rng.randint(0, 3),
                    cash=cash,
                    qris=qris,
                    transfer=transfer,
                    by=officer,
                    confirmed=True,
                    correction_reason="Salah hitung",
                )
    if exhibiting:
        services.withdraw_application(application=rng.choice(exhibiting), by=owner)
    for day in past:
        if rng.random() < 0.7:
            services.record_visitors(day=day, visitors=rng.randint(0, 5000), by=officer)


def test_summaries_equal_the_read_time_computation(
    regions, owner, officer, probolinggo_unit, django_assert_num_queries
):
    seed = 17
    rng = random.Random(seed)
    today = timezone.localdate()
    series = EventSeries.objects.create(name="Harjakapro", slug=f"harjakapro-{seed}")
    last_year = make_event(
        officer,
        probolinggo_unit,
        name="Harjakapro lalu",
        series=series,
        year=today.year - 1,
        start=today - timedelta(days=370),
        n_days=2,
    )
    this_year = make_event(
        officer,
        probolinggo_unit,
        name="Harjakapro",
        series=series,
        start=today - timedelta(days=2),
        n_days=4,  # the last day is still to come: not missing
    )
    businesses = [
        make_business(
            owner,
            status="verified",
            officer=officer,
            name=f"Usaha {i}",
            village_id=rng.choice(["35.13.20.2001", "35.13.01.2001"]),
        )
        for i in range(5)
    ]
    HalalCertificate.objects.create(
        business=businesses[0],
        number="ID35110000000000001",
        issued_on=date(2025, 1, 1),
        evidence="halal.pdf",
        status=HalalStatus.ACCEPTED,
        submitted_by=owner,
    )
    for event, chosen in ((last_year, businesses[:4]), (this_year, businesses)):
        fill(rng, event, [apply(event, b, owner) for b in chosen], officer, owner)

    report = queries.event_report(this_year)
    assert report.turnover and report.reports_missing and report.previous  # not trivial
    for event in (last_year, this_year):
        assert flat(queries.event_report(event)) == flat(legacy_event_report(event))
    expected = {r["event"].pk: r for r in legacy_year_view(today.year)}
    expected.update({r["event"].pk: r for r in legacy_year_view(today.year - 1)})
    with django_assert_num_queries(1):
        rows = queries.year_view(today.year)
    rows += queries.year_view(today.year - 1)
    assert {r["event"].pk for r in rows} == set(expected)
    for row in rows:
        old = expected[row["event"].pk]
        report = legacy_event_report(Event.objects.get(pk=row["event"].pk), with_previous=False)
        # The year view now counts exhibitors' reports only, as the report always did
        # (it used to count the reports of an exhibitor who withdrew afterwards too).
        reported = any(d.reported for d in report.days)
        assert row["turnover"] == (report.turnover if reported else None)
        assert row["transactions"] == (report.transactions if reported else None)
        assert (row["exhibitors"], row["visitors"]) == (old["exhibitors"], old["visitors"])

    before = flat(queries.event_report(this_year))
    DaySectorTotals.objects.all().delete()
    ExhibitorTotals.objects.all().delete()
    EventTotals.objects.all().delete()
    call_command("rebuild_event_totals", stdout=None)
    call_command("rebuild_event_totals", str(this_year.pk), stdout=None)  # idempotent
    assert flat(queries.event_report(this_year)) == before


@pytest.mark.django_db(transaction=True)
def test_reports_saved_at_once_both_count(
    event, business, owner, other_business, other_owner, officer
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite serialises them)")
    apps = [
        exhibitor(event, business, owner, officer),
        exhibitor(event, other_business, other_owner, officer),
    ]
    day = event.days.first()
    barrier = threading.Barrier(2)

    def report(application, amount):
        from django.db import connections

        try:
            barrier.wait()
            services.report_sales(
                application=application,
                day=day,
                sector="batik",
                transactions=5,
                cash=amount,
                qris=0,
                transfer=0,
                by=officer,
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=report, args=(a, n))
        for a, n in zip(apps, (100_000, 250_000), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert queries.event_report(event).days[0].turnover == 350_000
    assert flat(queries.event_report(event)) == flat(legacy_event_report(event))
