"""The real processes: two `manage.py scheduler` racing enqueue each period once, and a
`manage.py db_worker` killed mid-task leaves no task RUNNING and no reader process.

The processes use the test database: on PostgreSQL the test database itself (this test
commits: transactional_db), on SQLite a file copy of it in a temporary folder."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
WAIT = 120  # seconds to wait for a process to reach a state before the test fails


class Database:
    """The test database, reachable by child processes; read with plain SQL."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "KRIYA_DEBUG": "",
            "KRIYA_SECRET_KEY": "test-secret-key-not-for-production",
            "KRIYA_VAR_DIR": str(folder),
            "KRIYA_TASK_LEASE_SECONDS": "3",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if connection.vendor == "sqlite":
            self.path = folder / "kriya.sqlite3"
            with sqlite3.connect(self.path) as target:
                connection.ensure_connection()
                connection.connection.backup(target)
            self.env["DATABASE_URL"] = ""
        else:
            s = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )

    def rows(self, sql: str, params=()) -> list[tuple]:
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=30) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def manage(self, *args, **options):
        return subprocess.Popen(  # noqa: S603 (this interpreter, manage.py)
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            **options,
        )

    def run(self, *args) -> str:
        process = self.manage(*args)
        out, _ = process.communicate(timeout=WAIT)
        assert process.returncode == 0, out
        return out


@pytest.fixture
def database(transactional_db, tmp_path):
    return Database(tmp_path)


def wait_until(condition, what):
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.2)


def gone(pid: int) -> bool:
    """No such process, or only its zombie (exited, waiting to be reaped by init)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in {"Z", "X"}


def test_two_scheduler_processes_enqueue_each_period_once(database):
    first = database.manage("scheduler", "--once")
    second = database.manage("scheduler", "--once")
    outputs = [p.communicate(timeout=WAIT)[0] for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    enqueued = sum(
        int(line.split()[0])
        for out in outputs
        for line in out.splitlines()
        if line.endswith("job(s) enqueued.")
    )
    runs = database.rows("SELECT job, period, task_result_id FROM ops_jobrun")
    tasks = database.rows("SELECT id FROM django_tasks_database_dbtaskresult")
    assert enqueued == len(runs) == len(tasks)
    assert len({task_id for _, _, task_id in runs}) == len(runs)
    daily = [
        job
        for job, _, _ in runs
        if job in {"expire_bills", "send_reminders", "certification_reminders"}
    ]
    assert sorted(daily) == ["certification_reminders", "expire_bills", "send_reminders"]


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_worker_killed_mid_task_is_reaped_and_its_reader_child_dies_with_it(database):
    folder = database.folder
    database.run(
        "shell",
        "-c",
        "from kriya.ops.tests.tasks import read_and_block; "
        f"print(read_and_block.enqueue({str(folder)!r}).id)",
    )
    (task_id,) = database.rows("SELECT id FROM django_tasks_database_dbtaskresult")[0]
    worker = database.manage("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
    try:
        wait_until(
            lambda: (folder / "worker.pid").exists() or worker.poll() is not None,
            "the task started its reader",
        )
        assert worker.poll() is None, worker.communicate()[0]
        child = int((folder / "child.pid").read_text())
        assert int((folder / "worker.pid").read_text()) == worker.pid
        assert not gone(child)
        assert database.rows("SELECT status FROM django_tasks_database_dbtaskresult") == [
            ("RUNNING",)
        ]
        first_renewal = database.rows("SELECT renewed_at FROM ops_tasklease")[0][0]
        wait_until(
            lambda: database.rows("SELECT renewed_at FROM ops_tasklease")[0][0] != first_renewal,
            "the worker renewed the lease",
        )
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=WAIT)

    wait_until(lambda: gone(child), "the reader child died with its worker")

    def reaped():
        database.run("scheduler", "--once")
        return database.rows(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
            ("kriya.ops.tests.tasks.read_and_block",),
        ) == [("FAILED",)]

    wait_until(reaped, "the scheduler failed the task whose lease expired")
    (traceback,) = database.rows(
        "SELECT traceback FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        ("kriya.ops.tests.tasks.read_and_block",),
    )[0]
    assert traceback.startswith("WorkerLost:")
    assert str(worker.pid) in traceback
    assert database.rows("SELECT COUNT(*) FROM ops_tasklease") == [(0,)]
    assert json.dumps(str(task_id))


def test_with_a_multiprocess_directory_a_scrape_adds_up_every_process(database, tmp_path):
    """Under gunicorn each worker counts its own requests; with PROMETHEUS_MULTIPROC_DIR
    the scrape answered by any one of them shows the sum."""
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    database.env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    count_one = (
        "from django.test import Client; "
        "assert Client(HTTP_HOST='127.0.0.1').get('/healthz').status_code == 200"
    )
    for _ in range(2):
        database.run("shell", "-c", count_one)
    scrape = (
        "from django.test import Client; "
        "print(Client(HTTP_HOST='127.0.0.1').get('/metrics').content.decode())"
    )
    text = database.run("shell", "-c", scrape)
    line = next(
        line
        for line in text.splitlines()
        if line.startswith("kriya_http_requests_total{") and 'view="healthz"' in line
    )
    assert float(line.rsplit(" ", 1)[1]) == 2
    assert "kriya_tasks_running 0.0" in text
