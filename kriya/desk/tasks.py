"""Background tasks of the service desk (django-tasks). In production the database
backend queues them and `manage.py db_worker` runs them; tests use the immediate
backend. Arguments are ids and JSON, never model instances."""

from django_tasks import task


@task()
def expire_bills_task() -> int:
    """Return requests with an unpaid bill past its due date (see services.expire_bills)."""
    from .services import expire_bills

    return len(expire_bills())


@task()
def deliver_notifications(
    request_id: int, event: str, actor_id: int | None = None, data: dict | None = None
) -> list[int]:
    """Write the in-app notifications of one event and enqueue their e-mails."""
    from .notifications import deliver

    return deliver(request_id=request_id, event=event, actor_id=actor_id, data=data)


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail in the recipient's language (once)."""
    from .notifications import send_email

    return send_email(notification_id)


@task()
def send_reminders_task() -> int:
    """The daily reminders (see notifications.send_reminders); idempotent."""
    from .notifications import send_reminders

    return len(send_reminders())
