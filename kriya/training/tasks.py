"""Background tasks of training (django-tasks)."""

from django_tasks import task


@task()
def expire_offers_task() -> dict:
    """Offered seats not accepted in time lapse and pass to the next on the waiting list
    (services.expire_offers); safe to run again."""
    from .services import expire_offers

    return {"expired": expire_offers()}


@task()
def send_follow_ups_task() -> dict:
    """The follow-up round due 3, 6 or 12 months after each completed batch is created
    and its signed link e-mailed, once per person and round (outcomes.send_due)."""
    from .outcomes import send_due

    return send_due()


@task()
def render_batch_certificates_task(run_id: int) -> dict:
    """Render every certificate of a batch (certificates.run); a repeated task finds the
    run no longer queued and does nothing."""
    from .certificates import run

    return run(run_id)
