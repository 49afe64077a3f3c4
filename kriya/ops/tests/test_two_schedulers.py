"""Two schedulers claiming the same period at the same moment: one run, one task.

In threads on PostgreSQL. SQLite's in-memory test database locks whole tables between
threads (no busy wait), so on SQLite the race runs as two processes on a database file
(test_processes.py)."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from kriya.ops.models import JobRun
from kriya.ops.schedule import Job
from kriya.ops.scheduler import Scheduler
from kriya.ops.tests import tasks

NOW = datetime(2026, 12, 2, 8, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
JOB = Job("daily", "0 7 * * *", "kriya.ops.tests.tasks.succeeds", "test")


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_racing_in_threads_start_the_period_once():
    if connection.vendor == "sqlite":
        pytest.skip("threads share an in-memory SQLite database only with table locks")
    tasks.CALLS.clear()
    schedulers = [Scheduler(schedule=(JOB,), ident=f"s{n}") for n in range(2)]
    barrier = threading.Barrier(2)
    started, errors = [], []

    def claim(scheduler):
        try:
            barrier.wait()
            started.append(scheduler.start_due(JOB, NOW))
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(s,)) for s in schedulers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len([run for run in started if run is not None]) == 1
    assert JobRun.objects.count() == 1
    assert tasks.CALLS == ["succeeds"]
