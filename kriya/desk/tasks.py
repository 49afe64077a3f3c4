"""Background tasks of the service desk that run its services: the daily jobs
(django-tasks). In production the database backend queues them and `manage.py
db_worker` runs them; tests use the immediate backend. Arguments are ids and JSON,
never model instances.

This module imports the services; nothing in the desk imports it. The tasks a service
enqueues on commit are defined beside the code they run (`notifications.deliver_notifications`,
`notifications.send_notification_email`)."""

from django_tasks import task

# Tasks queued under these paths before they moved beside their code still resolve.
from .notifications import deliver_notifications, send_notification_email, send_reminders  # noqa: F401
from .services import expire_bills


@task()
def expire_bills_task() -> int:
    """Return requests with an unpaid bill past its due date (see services.expire_bills)."""
    return len(expire_bills())


@task()
def send_reminders_task() -> int:
    """The daily reminders (see notifications.send_reminders); idempotent."""
    return len(send_reminders())
