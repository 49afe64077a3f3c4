"""`manage.py serve`: Kriya's processes side by side, stopped together.

Production (`make run`): gunicorn with WhiteNoise and debug off, the django-tasks
worker and the scheduler. Development (`--dev`, `make dev`): the autoreloading
development server with debug on, beside the same worker and scheduler. One Ctrl-C (or
SIGTERM to this process) stops them all; when one of them exits, the others are
stopped too and the exit is reported. Each process runs in its own process group, so
stopping it stops its children (gunicorn's workers, the autoreloader's server)."""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from config.local_secrets import ensure_local_secrets
from kriya.ops import serving

POLL_SECONDS = 0.5
STOP_WAIT_SECONDS = 15
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if this launcher dies without stopping it."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Stop(Exception):
    pass


class Command(BaseCommand):
    help = "Serve Kriya (gunicorn, task worker, scheduler); Ctrl-C stops them all."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--dev", action="store_true", help="development server with autoreload, debug on"
        )
        parser.add_argument("--workers", type=int, default=0, help="gunicorn workers")
        parser.add_argument(
            "--log-dir",
            default="",
            help="where each process writes <name>.log; '-' = this terminal "
            "(default: var/log, or the terminal with --dev)",
        )

    def handle(self, *args, host, port, dev, workers, log_dir, **options):
        for path in ensure_local_secrets(Path(settings.VAR_DIR)):
            self.stdout.write(f"  Created {path} (mode 0600); it is reused from now on.")
        workers = (
            workers
            or int(os.environ.get("WEB_CONCURRENCY") or 0)
            or serving.default_workers(cores=serving.cpu_count(), sqlite=serving.uses_sqlite())
        )
        log_dir = log_dir or ("-" if dev else str(Path(settings.VAR_DIR) / "log"))
        self._env = env = serving.child_environment(dict(os.environ), dev=dev, host=host)
        if not dev:
            env["PROMETHEUS_MULTIPROC_DIR"] = str(serving.fresh_metrics_dir(settings.VAR_DIR))
        procs = serving.processes(dev=dev, host=host, port=port, workers=workers)
        if not dev and not serving.is_loopback(host):
            self.stdout.write(
                f"  {host} is not a loopback address: HTTPS redirect and secure cookies "
                "stay on (serve behind an HTTPS reverse proxy)."
            )
        self._stopping = False
        running: list = []
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            self._start(running, procs, env, log_dir)
            code = self._supervise(running, host, port, dev, workers, log_dir)
        except Stop:
            self.stdout.write("\n  Stopping Kriya (requests in progress may finish)…")
            self.stdout.flush()
            code = 0
        finally:
            self._stop(running)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("  Stopped.")
        if code:
            sys.exit(code)

    def _on_signal(self, signum, frame):
        if not self._stopping:
            self._stopping = True
            raise Stop

    def _start(self, running, procs, env, log_dir):
        if log_dir != "-":
            Path(log_dir).mkdir(parents=True, exist_ok=True)
        for proc in procs:
            log = None if log_dir == "-" else Path(log_dir) / f"{proc.name}.log"
            out = log.open("ab") if log else None
            child = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                proc.argv,
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
                process_group=0,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (no threads here)
            )
            if out:
                out.close()
            running.append((proc, child, log))

    def _supervise(self, running, host, port, dev, workers, log_dir) -> int:
        probe = "127.0.0.1" if host in ("0.0.0.0", "") else host.strip("[]")  # noqa: S104
        probe = f"[{probe}]" if ":" in probe else probe
        ready = False
        while True:
            for proc, child, log in running:
                if child.poll() is not None:
                    self.stderr.write(f"\n  {proc.name} exited with code {child.returncode}.")
                    if log:
                        self.stderr.write(f"  Last lines of {log}:")
                        self.stderr.write(_tail(log))
                    self.stderr.write("  Stopping the other processes.")
                    return 1
            if not ready and _answers(f"http://{probe}:{port}/healthz"):
                ready = True
                self._banner(running, host, port, dev, workers, log_dir)
            time.sleep(POLL_SECONDS)

    def _banner(self, running, host, port, dev, workers, log_dir):
        display = f"[{host}]" if ":" in host else host
        kind = (
            "development server, debug on, autoreload"
            if dev
            else f"gunicorn with {workers} workers, WhiteNoise, debug off"
        )
        self.stdout.write("")
        self.stdout.write(f"  Kriya is running at http://{display}:{port}/  ({kind})")
        call_command("demo_accounts", stdout=self.stdout)
        names = ", ".join(f"{proc.name} (pid {child.pid})" for proc, child, _ in running)
        self.stdout.write(f"  Processes: {names}")
        if log_dir == "-":
            self.stdout.write("  Logs: this terminal.")
        else:
            files = ", ".join(_shown(log) for _, _, log in running)
            self.stdout.write(f"  Logs (one JSON object a line): {files}")
        if self._env.get("KRIYA_EMAIL_BACKEND") == serving.FILE_EMAIL_BACKEND:
            self.stdout.write(f"  E-mails: one file each in {_shown(settings.EMAIL_FILE_PATH)}/")
        self.stdout.write("  Ctrl-C stops everything.")
        self.stdout.flush()

    def _stop(self, running):
        """SIGTERM to each process (gunicorn's master stops its own workers), then
        SIGKILL to whatever is left in its process group (the autoreloader's server)."""
        for _, child, _ in running:
            if child.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        for _, child, _ in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
        for _, child, _ in running:
            # A group may outlive its leader (the autoreloader's server): kill what is left.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=5)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (http on our own address)
            return response.status == 200
    except OSError:
        return False


def _shown(path) -> str:
    """`path` relative to the current directory when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join("    " + line for line in text.splitlines()[-lines:])
