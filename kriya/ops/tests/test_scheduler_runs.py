"""A scheduled job runs once per period, its outcome is recorded, and a failing job is
retried with backoff and then shown as failed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django_tasks.backends.database.management.commands.db_worker import Worker
from django_tasks.backends.database.models import DBTaskResult

from kriya.ops.models import Heartbeat, JobRun, RunStatus
from kriya.ops.schedule import Job
from kriya.ops.scheduler import Scheduler
from kriya.ops.tests import tasks

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 12, 2, 8, 30, tzinfo=WIB)
DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.database.DatabaseBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calls():
    tasks.CALLS.clear()


def daily(task, **options):
    return Job("daily", "0 7 * * *", f"kriya.ops.tests.tasks.{task}", "test", **options)


def work_off_the_queue():
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run()


def test_a_due_job_runs_once_for_its_period_however_often_the_scheduler_ticks():
    first, second = (
        Scheduler(schedule=(daily("succeeds"),), ident="a"),
        Scheduler(schedule=(daily("succeeds"),), ident="b"),
    )
    assert len(first.tick(NOW)) == 1
    assert second.tick(NOW + timedelta(minutes=5)) == []
    assert first.tick(NOW + timedelta(hours=1)) == []
    assert tasks.CALLS == ["succeeds"]
    run = JobRun.objects.get()
    assert (run.period, run.status, run.outcome, run.claimed_by) == (
        datetime(2026, 12, 2, 7, 0, tzinfo=WIB),
        RunStatus.SUCCEEDED,
        "done",
        "a",
    )


def test_the_next_period_gets_its_own_run():
    scheduler = Scheduler(schedule=(daily("succeeds"),))
    scheduler.tick(NOW)
    scheduler.tick(NOW + timedelta(days=1))
    assert list(JobRun.objects.order_by("period").values_list("period", flat=True)) == [
        datetime(2026, 12, 2, 7, 0, tzinfo=WIB),
        datetime(2026, 12, 3, 7, 0, tzinfo=WIB),
    ]


def test_periods_missed_while_no_scheduler_ran_are_caught_up_once():
    scheduler = Scheduler(schedule=(daily("succeeds"),))
    scheduler.tick(NOW)
    scheduler.tick(NOW + timedelta(days=5))
    assert JobRun.objects.count() == 2
    assert tasks.CALLS == ["succeeds", "succeeds"]


@override_settings(TASKS=DATABASE_TASKS)
def test_while_no_worker_runs_a_job_gets_no_second_run_until_the_first_finishes():
    minutely = Job("minutely", "* * * * *", "kriya.ops.tests.tasks.succeeds", "t")
    scheduler = Scheduler(schedule=(minutely,))
    for minute in range(10):
        scheduler.tick(NOW + timedelta(minutes=minute))
    assert JobRun.objects.count() == DBTaskResult.objects.count() == 1
    DBTaskResult.objects.update(status="SUCCEEDED", finished_at=NOW)  # a worker came back
    scheduler.tick(NOW + timedelta(minutes=10, seconds=5))
    scheduler.tick(NOW + timedelta(minutes=10, seconds=35))
    assert list(JobRun.objects.order_by("period").values_list("period", flat=True)) == [
        NOW,
        NOW + timedelta(minutes=10),
    ]


def test_a_failing_job_is_retried_with_backoff_then_shown_as_failed():
    scheduler = Scheduler(schedule=(daily("always_fails", attempts=3),))
    scheduler.tick(NOW)
    run = JobRun.objects.get()
    assert (run.status, run.attempts) == (RunStatus.RETRYING, 1)
    assert run.retry_at == NOW + timedelta(minutes=1)
    assert "the printer is on fire" in run.outcome

    scheduler.tick(NOW + timedelta(seconds=30))  # backoff not over
    assert tasks.CALLS == ["always_fails"]
    scheduler.tick(NOW + timedelta(minutes=1))
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.RETRYING, 2)
    assert run.retry_at == NOW + timedelta(minutes=3)  # 1 + 2 minutes

    scheduler.tick(NOW + timedelta(minutes=3))
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.FAILED, 3)
    assert run.finished_at is not None
    scheduler.tick(NOW + timedelta(hours=1))
    assert tasks.CALLS == ["always_fails"] * 3
    assert JobRun.objects.count() == 1


def test_a_job_that_fails_once_succeeds_on_its_retry():
    scheduler = Scheduler(schedule=(daily("fails_once"),))
    scheduler.tick(NOW)
    scheduler.tick(NOW + timedelta(minutes=1))
    run = JobRun.objects.get()
    assert (run.status, run.attempts, run.outcome) == (RunStatus.SUCCEEDED, 2, "second time lucky")


def test_a_task_path_that_does_not_exist_is_a_failed_run():
    scheduler = Scheduler(schedule=(daily("no_such_task"),))
    scheduler.tick(NOW)
    run = JobRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "no_such_task" in run.outcome


@override_settings(TASKS=DATABASE_TASKS)
@pytest.mark.django_db(transaction=True)  # the worker opens its own transactions
def test_with_the_database_backend_the_run_follows_its_task_through_the_worker():
    failing = Job("other", "0 7 * * *", "kriya.ops.tests.tasks.always_fails", "t", attempts=2)
    scheduler = Scheduler(schedule=(daily("succeeds"), failing))
    scheduler.tick(NOW)
    assert set(JobRun.objects.values_list("status", flat=True)) == {RunStatus.QUEUED}
    assert DBTaskResult.objects.count() == 2
    work_off_the_queue()
    scheduler.tick(NOW + timedelta(seconds=30))
    runs = {run.job: run for run in JobRun.objects.all()}
    assert runs["daily"].status == RunStatus.SUCCEEDED
    assert (runs["other"].status, runs["other"].attempts) == (RunStatus.RETRYING, 1)
    assert "RuntimeError" in runs["other"].outcome

    scheduler.tick(NOW + timedelta(minutes=2))
    assert DBTaskResult.objects.count() == 3  # the retry is a new task
    work_off_the_queue()
    scheduler.tick(NOW + timedelta(minutes=3))
    runs["other"].refresh_from_db()
    assert (runs["other"].status, runs["other"].attempts) == (RunStatus.FAILED, 2)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_run_whose_worker_died_is_retried_by_the_scheduler():
    scheduler = Scheduler(schedule=(daily("succeeds"),))
    scheduler.tick(NOW)
    # A worker claimed the task and was killed before it took a lease.
    DBTaskResult.objects.update(
        status="RUNNING", started_at=NOW - timedelta(minutes=5), worker_ids=["killed"]
    )
    scheduler.tick(NOW + timedelta(seconds=30))  # the reaper fails it
    scheduler.tick(NOW + timedelta(seconds=60))  # the run sees the failure
    run = JobRun.objects.get()
    assert (run.status, run.attempts) == (RunStatus.RETRYING, 1)
    assert run.outcome.startswith("WorkerLost")
    scheduler.tick(NOW + timedelta(minutes=2))
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.QUEUED, 2)
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@override_settings(TASKS=DATABASE_TASKS)
def test_a_run_of_a_job_another_version_scheduled_is_followed_and_never_failed_early():
    Scheduler(schedule=(Job("newer", "0 7 * * *", "kriya.ops.tests.tasks.succeeds", "t"),)).tick(
        NOW
    )
    older = Scheduler(schedule=())
    older.tick(NOW + timedelta(minutes=1))
    assert JobRun.objects.get().status == RunStatus.QUEUED
    DBTaskResult.objects.update(status="SUCCEEDED", finished_at=NOW, return_value="done")
    older.tick(NOW + timedelta(minutes=2))
    assert JobRun.objects.get().status == RunStatus.SUCCEEDED


def test_each_tick_stamps_the_scheduler_heartbeat():
    Scheduler(schedule=(), ident="host:1").tick(NOW)
    assert Heartbeat.objects.get(kind="scheduler").ident == "host:1"
