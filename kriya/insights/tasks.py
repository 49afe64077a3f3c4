"""Periodic jobs of insights, named in kriya.ops.schedule by their dotted path."""

from django_tasks import task


@task()
def refresh_open_data_task() -> dict:
    """Every hour: write the open datasets whose data changed to storage (snapshots.py);
    an unchanged dataset only records that it was checked."""
    from . import snapshots

    return snapshots.refresh_all()


@task()
def semester_report_reminders_task() -> int:
    """Every morning: remind the businesses that have not confirmed the previous
    semester's industry report, in the reporting window (industry.remind_unreported)."""
    from . import industry

    return industry.remind_unreported()
