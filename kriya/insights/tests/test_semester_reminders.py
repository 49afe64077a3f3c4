"""Reminders to confirm the previous semester's industry report: in the reporting window
(from the first working day of January and July, and ten working days later), to the
owners and consented facilitators of each verified business that has not confirmed,
once per business, semester and round, with the link to the form; and on their home."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.core.calendar import add_working_days
from kriya.desk.models import Notification
from kriya.insights import industry
from kriya.insights.models import SemesterReminder, SemesterReport
from kriya.ops.schedule import JOBS

pytestmark = pytest.mark.django_db

OPENS = date(2026, 7, 1)  # a Wednesday: the window of 2026-S1 opens
SECOND = date(2026, 7, 15)  # ten working days later


@pytest.fixture
def shop(world, member):
    business = world["business"]("35.13.01.2001")
    member(world["owner"], business.organisation, Role.OWNER)
    return business


@pytest.fixture
def facilitator(make_user, member, agency, shop):
    from kriya.registry.models import FacilitationConsent

    user = member(make_user("pendamping@balai.test"), agency, Role.FACILITATOR)
    FacilitationConsent.objects.create(
        business=shop,
        facilitator=user,
        method="paper",
        declared_by="Pemilik",
        declared_at=timezone.now(),
    )
    return user


def _confirm(business, by, period="2026-S1"):
    return SemesterReport.objects.create(
        business=business,
        period=period,
        products="Kain",
        workforce_men=1,
        workforce_women=1,
        annual_turnover=1,
        raw_materials="Mori",
        raw_material_origin="domestik",
        confirmed_by=by,
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 30), None),  # the semester itself: not yet
        (date(2026, 7, 1), ("2026-S1", 1)),
        (date(2026, 7, 14), ("2026-S1", 1)),
        (SECOND, ("2026-S1", 2)),
        (date(2026, 8, 31), ("2026-S1", 2)),  # the window's last day
        (date(2026, 9, 1), None),  # closed
        (date(2026, 12, 3), None),
        (date(2027, 2, 1), ("2026-S2", 2)),
    ],
)
def test_rounds_fall_in_the_reporting_window(today, expected):
    assert add_working_days(OPENS, 10) == SECOND
    due = industry.reminder_round(today)
    assert (due and (due[0].key, due[1])) == expected


def test_the_window_opens_on_the_first_working_day():
    opens, closes = industry.reporting_window(industry.previous_semester(date(2027, 1, 20)))
    assert opens.month == 1 and opens.weekday() < 5 and opens > date(2027, 1, 1)
    assert closes == date(2027, 2, 28)


def test_owners_and_facilitators_of_unconfirmed_businesses_are_reminded_once_per_round(
    shop, facilitator, world, django_capture_on_commit_callbacks
):
    from kriya.registry.models import BusinessStatus

    reported = world["business"]("35.13.20.2001")
    _confirm(reported, world["owner"])
    world["business"]("35.13.20.2001", status=BusinessStatus.SUBMITTED)  # not verified
    assert JOBS["semester_report_reminders"].get_task() is not None

    assert industry.remind_unreported(today=date(2026, 6, 30)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert industry.remind_unreported(today=OPENS) == 1
    notices = Notification.objects.filter(event=industry.REMINDER_EVENT)
    assert {n.recipient for n in notices} == {world["owner"], facilitator}
    url = reverse("insights:semester_report", args=[shop.pk]) + "?periode=2026-S1"
    assert {n.url for n in notices} == {url}
    assert sorted(m.to[0] for m in mail.outbox) == ["pemilik@usaha.test", "pendamping@balai.test"]
    assert url in mail.outbox[0].body
    assert "laporan semester" in mail.outbox[0].subject.lower()

    # Idempotent: again the same day, or before the second round, sends nothing.
    assert industry.remind_unreported(today=OPENS) == 0
    assert industry.remind_unreported(today=date(2026, 7, 14)) == 0
    assert notices.all().count() == 2
    # The second round, once; then nothing more.
    assert industry.remind_unreported(today=SECOND) == 1
    assert industry.remind_unreported(today=date(2026, 8, 20)) == 0
    assert notices.all().count() == 4
    assert list(
        SemesterReminder.objects.order_by("round").values_list("business_id", "period", "round")
    ) == [(shop.pk, "2026-S1", 1), (shop.pk, "2026-S1", 2)]


def test_a_business_that_confirmed_is_not_reminded_in_the_second_round(shop, world):
    assert industry.remind_unreported(today=OPENS) == 1
    _confirm(shop, world["owner"])
    assert industry.remind_unreported(today=SECOND) == 0


def test_a_late_scheduler_sends_only_the_latest_round(shop):
    assert industry.remind_unreported(today=date(2026, 8, 3)) == 1
    assert list(SemesterReminder.objects.values_list("round", flat=True)) == [2]


def test_the_owner_home_shows_the_report_due(client, shop, world, monkeypatch):
    from kriya.desk.survey import parse_period

    monkeypatch.setattr(industry, "due_semester", lambda today: parse_period("2026-S1"))
    client.force_login(world["owner"])
    text = client.get(reverse("core:my_home")).content.decode()
    url = reverse("insights:semester_report", args=[shop.pk]) + "?periode=2026-S1"
    assert url in text and "ditunggu sampai 31 Agustus 2026" in text
    _confirm(shop, world["owner"])
    text = client.get(reverse("core:my_home")).content.decode()
    assert url not in text
