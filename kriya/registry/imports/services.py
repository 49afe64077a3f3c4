"""Starting an import from an uploaded file: the job, its audit event, its task."""

import os

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kriya.core import audit

from ..models import ImportJob
from .access import can_import_for


@transaction.atomic
def start_import(*, regency, upload, dry_run: bool, by) -> ImportJob:
    """Store the upload privately (random name), create a queued job, record it, and
    enqueue the background task once the transaction commits. The caller has checked
    that the file has a header row (parsing.open_sheet)."""
    if not can_import_for(by, regency.code):
        raise PermissionDenied
    from .tasks import run_import_job

    filename = os.path.basename(upload.name or "")[:255] or "impor"
    job = ImportJob(regency=regency, filename=filename, dry_run=dry_run, created_by=by)
    upload.seek(0)
    job.source.save(filename, upload, save=False)
    job.save()
    audit.record(
        actor=by,
        verb="import_job.created",
        obj=job,
        data={"regency": regency.code, "filename": filename, "dry_run": dry_run},
    )
    run_import_job.enqueue(job.pk)
    return job
