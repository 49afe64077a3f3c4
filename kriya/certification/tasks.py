"""Background tasks of certification (django-tasks)."""

from django_tasks import task


@task()
def send_reminders_task() -> dict:
    """The daily reminders (see services.reminders.send_reminders)."""
    from .services import send_reminders

    return send_reminders()
