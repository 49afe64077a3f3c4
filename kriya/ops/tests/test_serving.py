"""What `make run` / `make dev` start, and that they stop together."""

import os
import sys

import pytest
from django.core.management import call_command

from kriya.ops import serving
from kriya.ops.serving import Process


@pytest.mark.parametrize(
    ("cores", "sqlite", "workers"),
    [(1, True, 3), (2, True, 4), (8, True, 4), (2, False, 5), (4, False, 9), (16, False, 12)],
)
def test_web_workers_follow_the_cpu_count_capped_lower_on_sqlite(cores, sqlite, workers):
    assert serving.default_workers(cores=cores, sqlite=sqlite) == workers


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True), ("::1", True),
     ("0.0.0.0", False), ("192.168.1.10", False), ("kriya.example.go.id", False)],  # noqa: S104
)  # fmt: skip
def test_only_loopback_addresses_count_as_local(host, loopback):
    assert serving.is_loopback(host) is loopback


def test_production_on_loopback_turns_debug_off_and_allows_plain_http():
    env = serving.child_environment({"KRIYA_DEBUG": "1"}, dev=False, host="127.0.0.1")
    assert env["KRIYA_DEBUG"] == "0"
    assert env["KRIYA_LOCAL_HTTP"] == "1"
    assert env["KRIYA_LOG_FORMAT"] == "json"
    assert env["KRIYA_EMAIL_BACKEND"] == serving.FILE_EMAIL_BACKEND


def test_production_on_a_public_address_keeps_https_and_secure_cookies():
    env = serving.child_environment({"KRIYA_LOCAL_HTTP": "1"}, dev=False, host="0.0.0.0")  # noqa: S104
    assert env["KRIYA_DEBUG"] == "0"
    assert "KRIYA_LOCAL_HTTP" not in env


def test_development_turns_debug_on_and_logs_text():
    env = serving.child_environment({}, dev=True, host="127.0.0.1")
    assert (env["KRIYA_DEBUG"], env["KRIYA_LOG_FORMAT"]) == ("1", "text")
    assert "KRIYA_EMAIL_BACKEND" not in env


def test_production_runs_gunicorn_the_task_worker_and_the_scheduler():
    procs = serving.processes(dev=False, host="127.0.0.1", port=8123, workers=3)
    assert [p.name for p in procs] == ["web", "worker", "scheduler"]
    web = procs[0].argv
    assert web[1:3] == ["-m", "gunicorn"]
    assert web[web.index("--bind") + 1] == "127.0.0.1:8123"
    assert web[web.index("--workers") + 1] == "3"
    assert "db_worker" in procs[1].argv


def test_each_start_gives_the_metrics_an_empty_directory(tmp_path):
    first = serving.fresh_metrics_dir(tmp_path)
    (first / "counter_123.db").write_bytes(b"left by the last run")
    second = serving.fresh_metrics_dir(tmp_path)
    assert second == first and list(second.iterdir()) == []


def test_development_runs_the_autoreloading_server():
    procs = serving.processes(dev=True, host="127.0.0.1", port=8000, workers=2)
    assert procs[0].argv[-2:] == ["runserver", "127.0.0.1:8000"]


def test_when_one_process_exits_the_others_are_stopped(monkeypatch, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("KRIYA_SECRET_KEY", "x")
    monkeypatch.setenv("KRIYA_SIGNING_KEY_SECRET", "y")
    survivor = tmp_path / "survivor.pid"
    sleeper = (
        f"import os, time; open({str(survivor)!r}, 'w').write(str(os.getpid())); time.sleep(600)"
    )
    fake = [
        Process("web", [sys.executable, "-c", sleeper]),
        Process("worker", [sys.executable, "-c", f"import os, time\nwhile not os.path.exists({str(survivor)!r}): time.sleep(0.05)\nraise SystemExit(3)"]),
    ]  # fmt: skip
    monkeypatch.setattr(serving, "processes", lambda **kwargs: fake)
    with pytest.raises(SystemExit) as stopped:
        call_command("serve", "--port", "1", "--log-dir", str(tmp_path / "log"))
    assert stopped.value.code == 1
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(int(survivor.read_text()), 0)
