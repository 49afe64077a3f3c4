"""The tasks of the schedule that belong to no domain: the worker heartbeat, pruning
history, the nightly backup (django-tasks; the worker runs them)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskContext, task

# Scheduled runs, heartbeats and finished task results older than this are deleted.
HISTORY_KEPT = timedelta(days=30)


@task(takes_context=True)
def worker_heartbeat(context: TaskContext) -> str:
    """Stamp "a worker was seen": the scheduler enqueues this every minute, so /readyz
    knows the queue is being worked."""
    from .heartbeats import beat
    from .models import ProcessKind

    worker = (context.task_result.worker_ids or ["?"])[-1]
    beat(ProcessKind.WORKER, worker)
    return worker


@task()
def prune_history() -> dict:
    """Delete scheduled runs, heartbeats and finished task results older than
    HISTORY_KEPT (and heartbeats of processes gone for a day)."""
    from django_tasks.backends.database.models import DBTaskResult

    from .models import Heartbeat, JobRun

    now = timezone.now()
    cutoff = now - HISTORY_KEPT
    runs, _ = (
        JobRun.objects.filter(period__lt=cutoff).exclude(status__in=["queued", "running"]).delete()
    )
    beats, _ = Heartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    results, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return {"runs": runs, "heartbeats": beats, "task_results": results}


@task()
def nightly_backup() -> dict:
    """A new archive in KRIYA_BACKUP_DIR, then the archives older than
    KRIYA_BACKUP_RETENTION_DAYS deleted (see backup.nightly_backup)."""
    from .backup import nightly_backup as run

    return run()
