"""Periodic jobs of the events app, named in kriya.ops.schedule (ops names the task by
its dotted path; events never imports ops)."""

from django_tasks import task

from . import services


@task()
def remind_non_reporters_task() -> int:
    """Every half hour during event days: remind exhibitors who have not reported a
    day that has closed (each once per day)."""
    return services.remind_non_reporters()
