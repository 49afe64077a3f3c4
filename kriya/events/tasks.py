"""Periodic jobs of the events app, named in kriya.ops.schedule (ops names the task by
its dotted path; events never imports ops)."""

from django_tasks import task

from . import services


@task()
def remind_non_reporters_task() -> int:
    """Every half hour during event days: remind exhibitors who have not reported a
    day that has closed (each once per day)."""
    return services.remind_non_reporters()


@task()
def refresh_totals_task() -> int:
    """Every night: recompute the report summaries of running and reporting events, a
    repair for any change made outside the services (they keep them on write)."""
    from . import totals
    from .models import Event, EventStatus

    ids = list(
        Event.objects.filter(status__in=(EventStatus.RUNNING, EventStatus.REPORTING))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return totals.rebuild(ids)
