"""Background tasks of the service desk (django-tasks)."""

from django_tasks import task


@task()
def expire_bills_task() -> int:
    """Return requests with an unpaid bill past its due date (see services.expire_bills)."""
    from .services import expire_bills

    return len(expire_bills())
