"""The schedule table: valid cron expressions, real tasks, and when each job is due."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_tasks import Task

from kriya.ops.schedule import SCHEDULE, Job

WIB = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")


def job(cron):
    return Job("test", cron, "kriya.ops.tests.tasks.succeeds", "test")


def test_every_scheduled_job_names_a_task_that_takes_no_arguments():
    names = [j.name for j in SCHEDULE]
    assert len(names) == len(set(names))
    for scheduled in SCHEDULE:
        task = scheduled.get_task()
        assert isinstance(task, Task), scheduled.name
        task.get_backend().validate_task(task)
        assert scheduled.attempts >= 1


def test_the_reminders_bills_certification_status_list_and_backup_jobs_are_scheduled():
    tasks = {j.task for j in SCHEDULE}
    assert {
        "kriya.desk.tasks.send_reminders_task",
        "kriya.desk.tasks.expire_bills_task",
        "kriya.certification.tasks.send_reminders_task",
        "kriya.verify.tasks.refresh_status_lists_task",
        "kriya.ops.tasks.worker_heartbeat",
        "kriya.ops.tasks.nightly_backup",
    } <= tasks


def test_an_invalid_cron_expression_is_refused():
    with pytest.raises(ValueError):
        job("61 * * * *")


def test_cron_is_read_in_western_indonesian_time():
    daily = job("0 7 * * *")
    now = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)  # 08:30 WIB
    assert daily.latest_due(now) == datetime(2026, 12, 2, 7, 0, tzinfo=WIB)
    assert daily.next_due(now) == datetime(2026, 12, 3, 7, 0, tzinfo=WIB)


def test_a_job_is_due_at_its_exact_minute_and_not_a_second_before():
    daily = job("0 7 * * *")
    at_seven = datetime(2026, 12, 2, 7, 0, tzinfo=WIB)
    assert daily.latest_due(at_seven) == at_seven
    assert daily.latest_due(at_seven - timedelta(seconds=1)) == at_seven - timedelta(days=1)
    assert daily.next_due(at_seven - timedelta(seconds=1)) == at_seven


def test_next_run_of_a_quarter_hourly_and_a_weekday_job():
    now = datetime(2026, 12, 4, 16, 7, 30, tzinfo=WIB)  # a Friday
    assert job("*/15 * * * *").next_due(now) == datetime(2026, 12, 4, 16, 15, tzinfo=WIB)
    assert job("0 7 * * 1-5").next_due(now) == datetime(2026, 12, 7, 7, 0, tzinfo=WIB)


def test_retry_delay_doubles_after_each_failed_attempt():
    scheduled = Job(
        "t", "* * * * *", "kriya.ops.tests.tasks.succeeds", "t", retry_delay=timedelta(minutes=1)
    )
    assert [scheduled.retry_delay_after(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]


def test_every_job_description_is_in_the_english_catalogue():
    """The ops admin's schedule shows each job's description in the reader's language:
    an Indonesian text left untranslated in English is a gap."""
    from django.utils import translation

    with translation.override("id"):
        indonesian = {j.name: str(j.description) for j in SCHEDULE}
    with translation.override("en"):
        untranslated = [j.name for j in SCHEDULE if str(j.description) == indonesian[j.name]]
    assert untranslated == []
