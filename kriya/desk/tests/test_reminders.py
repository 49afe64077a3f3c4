"""Reminders: to the applicant after 5 working days waiting on them, to the desk and
the assigned officer at 80 % of the service standard; each once per period."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kriya.desk import notifications, services
from kriya.desk.models import Notification, Reminder, ServiceRequest

MONDAY = datetime.date(2025, 2, 3)  # no holiday in the following two weeks


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


@pytest.fixture
def returned(make_request):
    request = make_request("returned")
    ServiceRequest.objects.filter(pk=request.pk).update(status_changed_at=at(MONDAY))
    return request


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_no_reminder_before_five_working_days(returned):
    assert notifications.send_reminders(today=MONDAY + datetime.timedelta(days=4)) == []


def test_the_applicant_is_reminded_after_five_working_days(committed, returned, owner):
    with committed():
        sent = notifications.send_reminders(today=datetime.date(2025, 2, 10))
    assert sent == [(returned.pk, "waiting_on_applicant")]
    assert [n.recipient for n in Notification.objects.all()] == [owner]


def test_the_reminder_is_sent_once_per_pause(returned, desk, owner, make_request):
    later = datetime.date(2025, 2, 10)
    notifications.send_reminders(today=later)
    assert notifications.send_reminders(today=later) == []
    assert notifications.send_reminders(today=later + datetime.timedelta(days=7)) == []
    # A new pause (returned again) is a new period.
    ServiceRequest.objects.filter(pk=returned.pk).update(status_changed_at=at(later))
    assert notifications.send_reminders(today=datetime.date(2025, 2, 17)) == [
        (returned.pk, "waiting_on_applicant")
    ]
    assert Reminder.objects.count() == 2


def test_weekends_do_not_count(make_request):
    request = make_request("awaiting_payment")
    friday = datetime.date(2025, 2, 7)
    ServiceRequest.objects.filter(pk=request.pk).update(status_changed_at=at(friday))
    # Sat, Sun, Mon–Thu: four working days.
    assert notifications.send_reminders(today=datetime.date(2025, 2, 13)) == []
    assert notifications.send_reminders(today=datetime.date(2025, 2, 14)) != []


@pytest.fixture
def running(make_request, analyst):
    today = timezone.localdate()
    return make_request(
        "in_progress",
        standard_days=5,
        clock_days_used=4,
        clock_running_since=today,
        assigned_to=analyst,
    )


def test_the_desk_and_the_assigned_officer_hear_of_80_percent(committed, running, desk, analyst):
    with committed():
        sent = notifications.send_reminders()
    assert sent == [(running.pk, "standard_80")]
    assert {n.recipient for n in Notification.objects.all()} == {desk, analyst}
    assert notifications.send_reminders() == []


def test_no_80_percent_reminder_below_the_mark(make_request):
    make_request(
        "in_review",
        standard_days=10,
        clock_days_used=7,
        clock_running_since=timezone.localdate(),
    )
    assert notifications.send_reminders() == []


def test_the_command_and_the_task_send_the_reminders(running, capsys):
    call_command("send_reminders")
    assert "1 reminder(s) sent." in capsys.readouterr().out
    from kriya.desk.tasks import send_reminders_task

    assert send_reminders_task.call() == 0


def test_every_move_records_when_the_status_changed(make_request, desk):
    request = make_request("submitted")
    services.transition_request(request=request, action="review", by=desk)
    request.refresh_from_db()
    assert request.status_changed_at is not None
