"""Background tasks of operations (django-tasks)."""

from django_tasks import task


@task()
def nightly_backup() -> dict:
    """A new archive in KRIYA_BACKUP_DIR, then the archives older than
    KRIYA_BACKUP_RETENTION_DAYS deleted (see backup.nightly_backup)."""
    from .backup import nightly_backup as run

    return run()
