"""Background work of the laboratory (django-tasks, enqueued on commit)."""

from django_tasks import task


@task()
def render_report(report_id: int) -> None:
    """Print a test report's PDF and hand it to the request (see services)."""
    from . import services
    from .models import TestReport

    services.render_report_pdf(report=TestReport.objects.get(pk=report_id), by=None)
