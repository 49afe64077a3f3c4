"""Starting an import from an uploaded file: the job, its audit event, its task; marking
a job whose worker died, and restarting it."""

import os

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kriya.core import audit

from ..models import ImportJob, ImportStatus
from .access import can_import_for
from .workflow import LIFECYCLE


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


def interrupt_import(*, job_id: int) -> ImportJob | None:
    """The worker running the job's task died (its lease expired, kriya.ops.leases): mark
    the job failed with a message in its uploader's language, so its page stops showing
    it as running and offers a restart. Does nothing to a job that is no longer queued
    or running."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return None
    language = getattr(job.created_by, "language", "") or "id"
    with translation.override(language):
        error = _(
            "Impor terputus: proses latar belakang berhenti saat mengerjakannya "
            "(%(done)s dari sekitar %(total)s baris). Mulai ulang impor; baris yang "
            "sudah tersimpan diperbarui, tidak dibuat dua kali."
        ) % {"done": job.processed_rows, "total": job.total_rows}
    return LIFECYCLE.transition(
        job, action="interrupt", by=None, changes={"finished_at": timezone.now(), "error": error}
    )


@transaction.atomic
def restart_import(*, job: ImportJob, by) -> ImportJob:
    """Queue a failed job again from its first row (its stored file is read anew; rows
    that an earlier attempt saved are matched by NIB and updated, never created twice)
    and enqueue its task once the transaction commits."""
    from .tasks import run_import_job

    job = LIFECYCLE.transition(
        job,
        action="restart",
        by=by,
        changes={
            "total_rows": 0,
            "processed_rows": 0,
            "counts": {},
            "report": "",
            "error": "",
            "stopped_at_row": None,
            "started_at": None,
            "finished_at": None,
        },
    )
    run_import_job.enqueue(job.pk)
    return job
