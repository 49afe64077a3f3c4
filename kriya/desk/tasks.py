"""Background tasks of the service desk that run its services: the daily jobs
(django-tasks). In production the database backend queues them and `manage.py
db_worker` runs them; tests use the immediate backend. Arguments are ids and JSON,
never model instances.

This module imports the services; nothing in the desk imports it. The tasks a service
enqueues on commit are defined beside the code they run, in `notifications.py`."""

from django_tasks import task

from . import notifications
from .services import expire_bills

# Queued under these paths before they moved beside the code they run: still resolved.
deliver_notifications = notifications.deliver_notifications
send_notification_email = notifications.send_notification_email


@task()
def expire_bills_task() -> int:
    """Return requests with an unpaid bill past its due date (see services.expire_bills)."""
    return len(expire_bills())


@task()
def send_reminders_task() -> int:
    """The daily reminders (see notifications.send_reminders); idempotent."""
    return len(notifications.send_reminders())
