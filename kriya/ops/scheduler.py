"""The scheduler: enqueue each job of kriya.ops.schedule once per period, follow its
task to the end, retry a failed run with backoff, and reap tasks whose worker died.

`manage.py scheduler` calls `Scheduler.tick()` in a loop. Several schedulers may run
(two machines, or a restart that overlaps): a run is claimed by inserting its JobRun row,
unique on (job, period), in the same transaction as its task, so exactly one scheduler
enqueues it; every later change of a run is a conditional UPDATE on the status and
attempt it was read with, so two schedulers never both retry it either.

A period missed while no scheduler ran (the machine was off) is caught up once, at the
next tick: a job runs for the latest period that is due, never for older ones. Likewise
a job's new period waits while its previous run is unfinished (queued, running or
waiting to retry), so a stopped worker does not pile up copies of the same job.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import ResultStatus
from django_tasks.backends.database.models import DBTaskResult

from .heartbeats import beat, process_ident
from .leases import reap_lost_tasks
from .models import JobRun, ProcessKind, RunStatus
from .schedule import JOBS, SCHEDULE, Job

logger = logging.getLogger(__name__)

# The scheduler wakes at least this often (heartbeat, retries, finished tasks, reaping).
MAX_SLEEP = 30.0
OUTCOME_LENGTH = 1000


class Scheduler:
    def __init__(self, *, schedule: tuple[Job, ...] = SCHEDULE, ident: str | None = None):
        self.schedule = schedule
        self.jobs = {job.name: job for job in schedule}
        self.ident = ident or process_ident()

    def tick(self, now: datetime | None = None) -> list[JobRun]:
        """One round: heartbeat, start the runs that are due, advance the unfinished ones,
        reap lost tasks. Returns the runs this scheduler started."""
        now = now or timezone.now()
        beat(ProcessKind.SCHEDULER, self.ident)
        started = [run for job in self.schedule if (run := self.start_due(job, now))]
        self.advance(now)
        reap_lost_tasks(now=now)
        return started

    def seconds_to_sleep(self, now: datetime) -> float:
        """Until the next job is due, but at most MAX_SLEEP."""
        upcoming = min(job.next_due(now) for job in self.schedule) if self.schedule else None
        if upcoming is None:
            return MAX_SLEEP
        return max(0.5, min(MAX_SLEEP, (upcoming - now).total_seconds()))

    # --- starting a period ------------------------------------------------------
    def start_due(self, job: Job, now: datetime) -> JobRun | None:
        """Claim and enqueue the job's latest due period, unless someone already has, or
        the job's previous run has not finished: with no worker running, a minutely job
        would otherwise queue a task a minute. The period it skips is started at the
        first tick after that run finishes, if no later period is due by then."""
        period = job.latest_due(now)
        if JobRun.objects.filter(job=job.name, period=period).exists():
            return None
        if JobRun.objects.unfinished().filter(job=job.name).exists():
            return None
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=job.name, period=period, claimed_by=self.ident)
                result = self._enqueue(job, run, now)
        except IntegrityError:
            return None  # another scheduler claimed this period first
        except Exception as exc:  # the task cannot be enqueued (bad path): a failed run
            logger.exception("scheduled job %s could not be enqueued", job.name)
            run, _ = JobRun.objects.get_or_create(
                job=job.name,
                period=period,
                defaults={"claimed_by": self.ident, "status": RunStatus.FAILED},
            )
            JobRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED, finished_at=now, outcome=_describe(exc)
            )
            return run
        logger.info("scheduled job %s for %s enqueued", job.name, period.isoformat())
        self._record_if_finished(run, result, now)
        return run

    def _enqueue(self, job: Job, run: JobRun, now: datetime):
        """Enqueue inside the caller's transaction, so the run and its task are written
        together (or not at all)."""
        task = dataclasses.replace(job.get_task(), enqueue_on_commit=False)
        result = task.enqueue()
        run.task_result_id = str(result.id)
        run.enqueued_at = now
        JobRun.objects.filter(pk=run.pk).update(task_result_id=run.task_result_id, enqueued_at=now)
        return result

    # --- following a run ----------------------------------------------------------
    def advance(self, now: datetime) -> None:
        """Bring every unfinished run up to date with its task; retry the failed ones
        whose backoff is over."""
        for run in JobRun.objects.unfinished().order_by("period"):
            job = self.jobs.get(run.job)
            if job is None:
                # Removed from the schedule, or added by a newer version running beside
                # this one: follow its task to the end, never retry it.
                if run.status != RunStatus.RETRYING:
                    self._follow(None, run, now)
            elif run.status == RunStatus.RETRYING:
                if run.retry_at is None or run.retry_at <= now:
                    self._retry(job, run, now)
            else:
                self._follow(job, run, now)

    def _follow(self, job: Job | None, run: JobRun, now: datetime) -> None:
        row = (
            DBTaskResult.objects.filter(pk=run.task_result_id)
            .values("status", "return_value", "exception_class_path", "traceback")
            .first()
            if run.task_result_id
            else None
        )
        if row is None:
            self._failed(job, run, now, "the task result is missing")
        elif row["status"] == ResultStatus.RUNNING and run.status != RunStatus.RUNNING:
            self._update(run, status=RunStatus.RUNNING)
        elif row["status"] == ResultStatus.SUCCEEDED:
            self._update(
                run,
                status=RunStatus.SUCCEEDED,
                finished_at=now,
                outcome=_outcome(row["return_value"]),
            )
        elif row["status"] == ResultStatus.FAILED:
            self._failed(job, run, now, _error(row["exception_class_path"], row["traceback"]))

    def _record_if_finished(self, run: JobRun, result, now: datetime) -> None:
        """A backend that runs the task at once (the immediate one, in tests) has its
        outcome already."""
        job = self.jobs[run.job]
        if result.status == ResultStatus.SUCCEEDED:
            self._update(
                run,
                status=RunStatus.SUCCEEDED,
                finished_at=now,
                outcome=_outcome(result.return_value),
            )
        elif result.status == ResultStatus.FAILED:
            error = result.errors[-1] if result.errors else None
            self._failed(
                job,
                run,
                now,
                _error(error.exception_class_path, error.traceback) if error else "failed",
            )

    def _failed(self, job: Job | None, run: JobRun, now: datetime, message: str) -> None:
        if job is not None and run.attempts < job.attempts:
            retry_at = now + job.retry_delay_after(run.attempts)
            self._update(run, status=RunStatus.RETRYING, retry_at=retry_at, outcome=message)
            logger.warning(
                "scheduled job %s failed (attempt %s), retrying at %s: %s",
                job.name,
                run.attempts,
                retry_at.isoformat(),
                message,
            )
        else:
            self._update(run, status=RunStatus.FAILED, finished_at=now, outcome=message)
            logger.error(
                "scheduled job %s failed for good after %s attempts: %s",
                run.job,
                run.attempts,
                message,
            )

    def _retry(self, job: Job, run: JobRun, now: datetime) -> None:
        try:
            with transaction.atomic():
                # Only the scheduler whose conditional update wins enqueues the retry.
                if not self._update(
                    run,
                    status=RunStatus.QUEUED,
                    attempts=run.attempts + 1,
                    retry_at=None,
                    task_result_id="",
                ):
                    return
                result = self._enqueue(job, run, now)
        except Exception as exc:
            logger.exception("scheduled job %s could not be retried", job.name)
            JobRun.objects.filter(pk=run.pk, status=RunStatus.RETRYING).update(
                status=RunStatus.FAILED, finished_at=now, outcome=_describe(exc)
            )
            return
        self._record_if_finished(run, result, now)

    def _update(self, run: JobRun, **changes) -> bool:
        """Change the run if nobody changed it since it was read (status and attempt)."""
        won = JobRun.objects.filter(pk=run.pk, status=run.status, attempts=run.attempts).update(
            **changes
        )
        if won:
            for name, value in changes.items():
                setattr(run, name, value)
        return bool(won)


def _outcome(value) -> str:
    return "" if value is None else str(value)[:OUTCOME_LENGTH]


def _error(exception_class_path: str, traceback: str) -> str:
    last = (traceback or "").strip().splitlines()[-1:] or [exception_class_path]
    return last[0][:OUTCOME_LENGTH]


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:OUTCOME_LENGTH]


def latest_runs() -> dict[str, JobRun]:
    """The latest run of each job (for the admin page and /metrics)."""
    runs = {}
    for name in JOBS:
        run = JobRun.objects.filter(job=name).order_by("-period").first()
        if run:
            runs[name] = run
    return runs


def overview(now: datetime | None = None) -> list[dict]:
    """Each job of the schedule with its cron expression, last run and next run."""
    now = now or timezone.now()
    runs = latest_runs()
    return [{"job": job, "last": runs.get(job.name), "next": job.next_due(now)} for job in SCHEDULE]


__all__ = ["MAX_SLEEP", "Scheduler", "latest_runs", "overview", "timedelta"]
