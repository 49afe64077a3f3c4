"""Background tasks of the register (django-tasks), for the scheduler."""

from django_tasks import task


@task()
def refresh_status_lists_task() -> int:
    """Sign again every status list whose published signed copy is stale (see
    services.refresh_status_lists); idempotent. Run it hourly."""
    from .services import refresh_status_lists

    return refresh_status_lists()
