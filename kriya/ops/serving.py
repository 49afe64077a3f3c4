"""What `manage.py serve` starts: the web server, the task worker and the scheduler,
each with the environment it needs. Kept apart from
the command so that the choices (workers, loopback-only plain HTTP, debug) are tested
without starting anything."""

import ipaddress
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

# SQLite takes one writer at a time: more web processes only wait on its lock.
SQLITE_MAX_WORKERS = 4
MAX_WORKERS = 12
FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


@dataclass(frozen=True)
class Process:
    name: str
    argv: list[str]


def cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def default_workers(*, cores: int, sqlite: bool) -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, capped (lower on SQLite)."""
    return max(2, min(2 * cores + 1, SQLITE_MAX_WORKERS if sqlite else MAX_WORKERS))


def uses_sqlite() -> bool:
    return "sqlite" in settings.DATABASES["default"]["ENGINE"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def child_environment(base: dict[str, str], *, dev: bool, host: str) -> dict[str, str]:
    """The environment of every started process. Production (`make run`) turns debug
    off whatever the shell says; plain HTTP without secure-only cookies is allowed only
    on a loopback address (KRIYA_LOCAL_HTTP, see config/settings.py)."""
    env = dict(base)
    env["KRIYA_DEBUG"] = "1" if dev else "0"
    env.pop("KRIYA_LOCAL_HTTP", None)
    if not dev and is_loopback(host):
        env["KRIYA_LOCAL_HTTP"] = "1"
    env.setdefault("KRIYA_LOG_FORMAT", "text" if dev else "json")
    if not dev:
        # E-mails as files in var/mail/, not printed among the JSON log lines.
        env.setdefault("KRIYA_EMAIL_BACKEND", FILE_EMAIL_BACKEND)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def processes(*, dev: bool, host: str, port: int, workers: int) -> list[Process]:
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    if dev:
        web = Process("web", [*manage, "runserver", f"{host}:{port}"])
    else:
        web = Process(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:config.gunicorn",
                "--bind",
                f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
                "--workers",
                str(workers),
            ],
        )
    return [
        web,
        Process("worker", [*manage, "db_worker", "--interval", "1"]),
        Process("scheduler", [*manage, "scheduler"]),
    ]


def fresh_metrics_dir(var_dir: Path) -> Path:
    """An empty directory for prometheus-client's multiprocess mode, made anew at each
    start: the gunicorn workers write their counters there and /metrics adds them up
    (files left by an earlier run would be counted again)."""
    path = Path(var_dir) / "prometheus"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path
