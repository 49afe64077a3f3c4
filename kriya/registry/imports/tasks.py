"""The background task that runs an import job (django-tasks; enqueued on commit)."""

import tempfile

from django.core.files import File
from django.utils import timezone, translation
from django_tasks import task

from ..models import ImportJob, ImportStatus
from .report import ImportReport
from .runner import import_businesses
from .workflow import LIFECYCLE


@task()
def run_import_job(job_id: int) -> dict:
    """Run a queued job once (a repeated task finds it no longer queued and does nothing),
    keep its progress up to date after each batch, and save the XLSX report."""
    job = ImportJob.objects.select_related("regency", "created_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return {"skipped": job.status}
    by = job.created_by
    LIFECYCLE.transition(job, action="start", by=by, changes={"started_at": timezone.now()})
    progress = ImportJob.objects.filter(pk=job.pk)

    def started(outcome):
        job.total_rows = outcome.total_estimate or 0
        progress.update(total_rows=job.total_rows)

    def progressed(outcome):
        progress.update(
            processed_rows=max(outcome.last_row - (outcome.header_row or 0), 0),
            counts=outcome.counts.as_dict(),
        )

    report = ImportReport()
    with translation.override(getattr(by, "language", "") or "id"):
        try:
            with job.source.open("rb") as source:
                outcome = import_businesses(
                    fileobj=source,
                    regency=job.regency,
                    by=by,
                    dry_run=job.dry_run,
                    report=report,
                    job=job,
                    on_start=started,
                    on_progress=progressed,
                )
        except Exception as exc:
            LIFECYCLE.transition(
                job,
                action="fail",
                by=by,
                changes={"finished_at": timezone.now(), "error": type(exc).__name__},
            )
            raise
        with tempfile.TemporaryFile() as buffer:
            report.save(
                buffer,
                filename=job.filename,
                regency=job.regency.name,
                line=outcome.counts.line(),
                stopped=outcome.error,
            )
            buffer.seek(0)
            job.report.save(f"laporan-impor-{job.pk}.xlsx", File(buffer), save=False)
    counts = outcome.counts.as_dict()
    LIFECYCLE.transition(
        job,
        action="finish" if outcome.ok else "fail",
        by=by,
        changes={
            "finished_at": timezone.now(),
            "counts": counts,
            "processed_rows": counts["rows"],
            "total_rows": counts["rows"] if outcome.ok else max(job.total_rows, counts["rows"]),
            "report": job.report.name,
            "error": outcome.error,
            "stopped_at_row": outcome.stopped_at_row,
        },
        data=counts,
    )
    return counts
