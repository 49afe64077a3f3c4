"""Leases of running tasks: a worker that dies mid-task must not leave it RUNNING forever.

While a task runs in `manage.py db_worker`, a thread of that worker renews the task's
lease (TaskLease.expires_at) every sixth of the lease time (KRIYA_TASK_LEASE_SECONDS,
default 90) and stamps the worker's heartbeat. The scheduler calls `reap_lost_tasks()`
every tick: a RUNNING task whose lease expired (or that never got one and started more
than a lease time ago) lost its worker. It is marked
failed with a message (exception WorkerLost), so a scheduled job's run is retried by the
scheduler, and the domain that owns the task is told (an import job becomes failed and
can be restarted from its page).

django-tasks has no hook around a task's run other than its task_started/task_finished
signals, so the lease is taken and dropped there (OpsConfig.ready connects them). Only
the database backend gets leases: the immediate backend runs tasks in the caller.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import ResultStatus
from django_tasks.backends.database.backend import DatabaseBackend
from django_tasks.backends.database.models import DBTaskResult

from .heartbeats import beat, process_ident
from .models import ProcessKind, TaskLease

logger = logging.getLogger(__name__)


def lease_time() -> timedelta:
    return timedelta(seconds=settings.KRIYA_TASK_LEASE_SECONDS)


def renew_every() -> float:
    """Seconds between renewals: six fit in one lease, so a slow one does not lose it."""
    return lease_time().total_seconds() / 6


class WorkerLost(Exception):
    """The worker running the task stopped renewing its lease (killed, crashed, lost)."""


class LeaseKeeper(threading.Thread):
    """Renews one task's lease until stopped (in the worker, beside the running task)."""

    def __init__(self, *, task_id: uuid.UUID, worker_id: str, interval: float | None = None):
        super().__init__(name=f"kriya-lease-{task_id}", daemon=True)
        self.task_id = task_id
        self.worker_id = worker_id
        self.interval = interval or renew_every()
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    renew(self.task_id, worker_id=self.worker_id)
                except Exception:  # a locked or unreachable database: try again next time
                    logger.warning(
                        "could not renew the lease of task %s", self.task_id, exc_info=True
                    )
                    close_old_connections()
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()


_keepers: dict[str, LeaseKeeper] = {}


def take(*, task_id, task_path: str, worker_id: str) -> TaskLease:
    now = timezone.now()
    ident = process_ident()
    host, _, pid = ident.rpartition(":")
    lease, _ = TaskLease.objects.update_or_create(
        task_result_id=task_id,
        defaults={
            "task_path": task_path,
            "worker_id": worker_id[:64],
            "host": host[:200],
            "pid": int(pid),
            "renewed_at": now,
            "expires_at": now + lease_time(),
        },
    )
    beat(ProcessKind.WORKER, worker_id or ident)
    return lease


def renew(task_id, *, worker_id: str) -> None:
    now = timezone.now()
    TaskLease.objects.filter(task_result_id=task_id).update(
        renewed_at=now, expires_at=now + lease_time()
    )
    beat(ProcessKind.WORKER, worker_id or process_ident())


def task_started(sender, task_result, **kwargs) -> None:
    """Receiver of django_tasks' task_started: take the lease and keep renewing it."""
    # db_worker sends the backend instance, other backends their class.
    backend = sender if isinstance(sender, type) else type(sender)
    if not issubclass(backend, DatabaseBackend):
        return
    worker_id = (task_result.worker_ids or [""])[-1]
    try:
        take(task_id=task_result.id, task_path=task_result.task.module_path, worker_id=worker_id)
    except Exception:
        logger.exception("could not take the lease of task %s", task_result.id)
        return
    keeper = LeaseKeeper(task_id=task_result.id, worker_id=worker_id)
    _keepers[str(task_result.id)] = keeper
    keeper.start()


def task_finished(sender, task_result, **kwargs) -> None:
    """Receiver of django_tasks' task_finished: stop renewing, give the lease back."""
    keeper = _keepers.pop(str(task_result.id), None)
    if keeper is None:
        return
    keeper.stop()
    try:
        TaskLease.objects.filter(task_result_id=task_result.id).delete()
    except Exception:  # the reaper deletes it once it expires
        logger.exception("could not drop the lease of task %s", task_result.id)


def reap_lost_tasks(*, now: datetime | None = None) -> list[str]:
    """Fail every RUNNING task whose worker is gone; tell its owner. Returns their ids."""
    now = now or timezone.now()
    lost = []
    for lease in TaskLease.objects.filter(expires_at__lt=now):
        message = (
            f"WorkerLost: worker {lease.worker_id or '?'} ({lease.host}, pid {lease.pid}) "
            f"stopped renewing the lease of this task at {lease.renewed_at.isoformat()}; "
            "the task was interrupted."
        )
        if _fail(lease.task_result_id, message, now):
            lost.append(str(lease.task_result_id))
        TaskLease.objects.filter(pk=lease.pk, expires_at__lt=now).delete()
    # Running without any lease: the worker died before taking it (or runs older code).
    without_lease = (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - lease_time())
        .exclude(id__in=TaskLease.objects.values("task_result_id"))
        .values_list("id", flat=True)
    )
    for task_id in list(without_lease):
        message = "WorkerLost: the task ran without a lease past its time; its worker is gone."
        if _fail(task_id, message, now):
            lost.append(str(task_id))
    return lost


def _fail(task_id, message: str, now: datetime) -> bool:
    failed = DBTaskResult.objects.filter(pk=task_id, status=ResultStatus.RUNNING).update(
        status=ResultStatus.FAILED,
        finished_at=now,
        return_value=None,
        exception_class_path=f"{__name__}.WorkerLost",
        traceback=message,
    )
    if not failed:
        return False
    result = DBTaskResult.objects.get(pk=task_id)
    logger.error("task %s (%s) lost its worker: %s", task_id, result.task_path, message)
    on_lost = LOST_TASK_HANDLERS.get(result.task_path)
    if on_lost is not None:
        try:
            on_lost(*result.args_kwargs.get("args", []), **result.args_kwargs.get("kwargs", {}))
        except Exception:
            logger.exception("the owner of task %s could not be told it was lost", task_id)
    return True


def _import_job_lost(job_id: int) -> None:
    from kriya.registry.imports.services import interrupt_import

    interrupt_import(job_id=job_id)


# What a lost task's own domain does about it, by task path (arguments as enqueued).
LOST_TASK_HANDLERS = {
    "kriya.registry.imports.tasks.run_import_job": _import_job_lost,
}
