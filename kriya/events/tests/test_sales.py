"""Daily sales: reported by the exhibitor or the committee, corrections keep history,
an outlier asks for confirmation and is flagged; late reports count; missing reports
are shown as missing, never as zero; reminders at closing time."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kriya.desk.models import Notification
from kriya.events import queries, services
from kriya.events.models import SalesReport
from kriya.registry.tests.factories import make_business

from .conftest import exhibitor


def sell(application, day, by, turnover, **extra):
    values = {"transactions": 10, "cash": turnover, "qris": 0, "transfer": 0}
    values.update(extra)
    return services.report_sales(application=application, day=day, sector="batik", by=by, **values)


@pytest.fixture
def shop(event, business, owner, officer):
    return exhibitor(event, business, owner, officer)


def test_a_correction_keeps_the_history(event, shop, owner):
    day = event.days.first()
    sell(shop, day, owner, 1_000_000)
    sell(shop, day, owner, 1_200_000, correction_reason="Salah hitung")
    rows = list(SalesReport.objects.filter(application=shop, day=day).order_by("created_at"))
    assert [(r.turnover, r.is_current) for r in rows] == [(1_000_000, False), (1_200_000, True)]
    assert rows[1].correction_reason == "Salah hitung"
    assert queries.event_report(event).turnover == 1_200_000


def test_a_late_report_of_an_earlier_day_counts(event, shop, owner):
    first, second = event.days.all()
    sell(shop, second, owner, 500_000)
    sell(shop, first, owner, 300_000)  # the first day, reported a day late
    report = queries.event_report(event)
    assert [d.turnover for d in report.days] == [300_000, 500_000]
    assert report.reports_missing == 0


def test_the_committee_reports_on_behalf(event, shop, officer):
    report = sell(shop, event.days.first(), officer, 250_000)
    assert report.by_committee and report.reported_by == officer


def test_another_owner_may_not_report(event, shop, other_owner):
    with pytest.raises(PermissionDenied):
        sell(shop, event.days.first(), other_owner, 250_000)


def test_channels_add_up_and_transactions_needed(event, shop, owner):
    with pytest.raises(ValidationError):
        sell(shop, event.days.first(), owner, 100_000, transactions=0)
    report = sell(shop, event.days.first(), owner, 100_000, qris=50_000, transfer=25_000)
    assert report.turnover == 175_000


def test_a_future_day_cannot_be_reported(officer, probolinggo_unit, business, owner):
    from .conftest import make_event

    event = make_event(officer, probolinggo_unit, start=timezone.localdate() + timedelta(days=3))
    shop = exhibitor(event, business, owner, officer)
    with pytest.raises(ValidationError):
        sell(shop, event.days.first(), owner, 100_000)


def test_an_outlier_asks_for_confirmation_and_is_flagged(event, officer, owner, regions):
    day = event.days.first()
    shops = []
    for i in range(4):
        who = owner if i == 0 else None
        if who is None:
            from kriya.accounts.models import User

            who = User.objects.create_user(email=f"p{i}@example.test", password="x-rahasia-123")
        business = make_business(who, status="verified", officer=officer, name=f"Batik {i}")
        shops.append((exhibitor(event, business, who, officer), who))
    for application, who in shops[:3]:
        sell(application, day, who, 1_000_000)
    big, who = shops[3]
    with pytest.raises(services.NeedsConfirmation):
        sell(big, day, who, 11_000_000)
    assert not SalesReport.objects.filter(application=big).exists()
    report = services.report_sales(
        application=big,
        day=day,
        sector="batik",
        transactions=5,
        cash=11_000_000,
        qris=0,
        transfer=0,
        by=who,
        confirmed=True,
    )
    assert report.is_outlier
    assert queries.event_report(event).outliers == 1
    # Ten times the median is still fine.
    sell(shops[0][0], event.days.last(), shops[0][1], 9_000_000)


def test_missing_reports_are_missing_not_zero(
    event, shop, owner, other_business, other_owner, officer
):
    exhibitor(event, other_business, other_owner, officer)
    sell(shop, event.days.first(), owner, 400_000)
    report = queries.event_report(event)
    assert report.reports_expected == 4
    assert report.reports_missing == 3
    rows = {r["application"].business_id: r["turnover"] for r in report.per_exhibitor}
    assert rows[other_business.pk] is None
    assert report.median_per_exhibitor == 400_000  # not halved by a silent zero


def test_visitors_by_day(event, officer):
    day = event.days.first()
    services.record_visitors(day=day, visitors=1200, by=officer)
    services.record_visitors(day=day, visitors=1500, by=officer)
    report = queries.event_report(event)
    assert report.days[0].visitors == 1500 and report.days[1].visitors is None
    assert report.visitors == 1500


def test_the_previous_edition_is_compared(officer, probolinggo_unit, business, owner):
    from kriya.events.models import EventSeries

    from .conftest import make_event

    series = EventSeries.objects.create(name="Harjakapro", slug="harjakapro")
    today = timezone.localdate()
    last_year = make_event(
        officer,
        probolinggo_unit,
        name="Harjakapro lalu",
        series=series,
        year=today.year - 1,
        start=today - timedelta(days=300),
    )
    shop = exhibitor(last_year, business, owner, officer)
    sell(shop, last_year.days.first(), owner, 700_000)
    this_year = make_event(
        officer, probolinggo_unit, name="Harjakapro kini", series=series, year=today.year
    )
    report = queries.event_report(this_year)
    assert report.previous.event == last_year
    assert report.previous.turnover == 700_000


def test_report_runs_constant_queries(
    event, shop, owner, other_business, other_owner, officer, django_assert_num_queries
):
    sell(shop, event.days.first(), owner, 400_000)
    with django_assert_num_queries(8):
        queries.event_report(event, with_previous=False)
    other = exhibitor(event, other_business, other_owner, officer)
    sell(other, event.days.last(), other_owner, 300_000)
    with django_assert_num_queries(8):
        queries.event_report(event, with_previous=False)


def test_reminders_go_to_non_reporters_once(
    django_capture_on_commit_callbacks,
    officer,
    probolinggo_unit,
    business,
    owner,
    other_business,
    other_owner,
):
    from .conftest import make_event

    today = timezone.localdate()
    event = make_event(officer, probolinggo_unit, status="running", start=today, n_days=1)
    # running events were opened with a call; accept two exhibitors directly
    first = apply_while_open(event, business, owner, officer)
    apply_while_open(event, other_business, other_owner, officer)
    sell(first, event.days.first(), owner, 100_000)
    closing = timezone.make_aware(datetime.combine(today, time(17, 5)))
    assert services.remind_non_reporters(now=closing) == 1
    assert services.remind_non_reporters(now=closing) == 0
    assert (
        Notification.objects.filter(recipient=other_owner, event="event.sales_reminder").count()
        == 1
    )
    assert not Notification.objects.filter(recipient=owner, event="event.sales_reminder").exists()
    before = timezone.make_aware(datetime.combine(today, time(12)))
    assert services.remind_non_reporters(now=before) == 0


def apply_while_open(event, business, by, officer):
    from kriya.events.models import Application, ApplicationStatus

    application = Application.objects.create(event=event, business=business, sector="batik")
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ACCEPTED)
    application.refresh_from_db()
    return application
