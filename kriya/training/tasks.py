"""Background tasks of training (django-tasks)."""

from django_tasks import task


@task()
def expire_offers_task() -> dict:
    """Offered seats not accepted in time lapse and pass to the next on the waiting list
    (services.expire_offers); safe to run again."""
    from .services import expire_offers

    return {"expired": expire_offers()}
