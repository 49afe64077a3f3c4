"""Certificates of a whole batch, rendered by the worker (issue 16 item 7).

An organiser asks for them on the batch page (`start_run`): one `CertificateRun` is
queued (one active run per batch, a database constraint: asking again while one runs
returns it) and the page enqueues `render_batch_certificates_task` on commit. The task
(`run`) takes the run from queued to running once, then for each person who completed
the batch: the register entry is issued if missing (`register.issue_certificate` is
idempotent: an issued certificate is never issued again) and its Indonesian PDF
rendered and kept (`CertificateFile`) unless a file of that very number exists. The
run's `done` count is written after each person: it is what the batch page's progress
bar shows (htmx polls the partial every 2 s; a plain "Muat ulang" link without JS).
The files are downloaded together as one ZIP.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kriya.core import audit

from . import register
from .models import (
    ACTIVE_RUN_STATES,
    BatchStatus,
    CertificateFile,
    CertificateRun,
    Enrolment,
    EnrolmentStatus,
    RunStatus,
)
from .workflow import is_organiser

STALE_AFTER = timedelta(hours=2)


def latest_run(batch) -> CertificateRun | None:
    return CertificateRun.objects.filter(batch=batch).order_by("-created_at", "-id").first()


def start_run(*, batch, by) -> tuple[CertificateRun, bool]:
    """Queue the rendering of a completed batch's certificates; (run, created). The
    caller enqueues `tasks.render_batch_certificates_task(run.pk)` on commit when created
    (the tasks module imports this one)."""
    if not is_organiser(by, batch):
        raise PermissionDenied
    if batch.status != BatchStatus.COMPLETED:
        raise PermissionDenied
    # A run left queued or running by a worker that died (the scheduler reaps the task,
    # not this row) would block the batch for good: after STALE_AFTER it is marked failed.
    CertificateRun.objects.filter(
        batch=batch,
        status__in=ACTIVE_RUN_STATES,
        created_at__lt=timezone.now() - STALE_AFTER,
    ).update(status=RunStatus.FAILED, error="stale", finished_at=timezone.now())
    active = CertificateRun.objects.filter(batch=batch, status__in=ACTIVE_RUN_STATES).first()
    if active is not None:
        return active, False
    total = Enrolment.objects.filter(batch=batch, status=EnrolmentStatus.COMPLETED).count()
    try:
        with transaction.atomic():
            created = CertificateRun.objects.create(batch=batch, total=total, requested_by=by)
            audit.record(
                actor=by, verb="training.certificates.queued", obj=batch, data={"total": total}
            )
    except IntegrityError:  # another request queued one a moment ago
        return CertificateRun.objects.get(batch=batch, status__in=ACTIVE_RUN_STATES), False
    return created, True


def render_one(enrolment) -> bool:
    """Issue (if missing) and render one person's certificate; False when its file of the
    same number already exists (nothing done)."""
    from .documents import certificate_pdf

    if not enrolment.certificate_number:
        document = register.issue_certificate(enrolment)
        Enrolment.objects.filter(pk=enrolment.pk).update(certificate_number=document.number)
        enrolment.certificate_number = document.number
    existing = getattr(enrolment, "certificate_file", None)
    if existing is not None and existing.number == enrolment.certificate_number:
        return False
    document = register.document_of(register.CERTIFICATE, enrolment.certificate_number)
    pdf = certificate_pdf(enrolment, document, "id")
    name = enrolment.certificate_number.replace("/", "-") + ".pdf"
    if existing is None:
        existing = CertificateFile(enrolment=enrolment, batch_id=enrolment.batch_id)
    existing.number = enrolment.certificate_number
    existing.pdf.save(name, ContentFile(pdf), save=False)
    existing.save()
    return True


def run(run_id: int) -> dict:
    taken = CertificateRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    )
    if not taken:
        return {"skipped": True}
    job = CertificateRun.objects.select_related("batch__programme").get(pk=run_id)
    progress = CertificateRun.objects.filter(pk=run_id)
    enrolments = list(
        Enrolment.objects.filter(batch=job.batch, status=EnrolmentStatus.COMPLETED)
        .select_related(
            "participant",
            "batch__programme__organiser",
            "batch__village",
            "batch__destination",
            "certificate_file",
        )
        .order_by("participant__full_name", "id")
    )
    progress.update(total=len(enrolments))
    rendered = 0
    try:
        for enrolment in enrolments:
            if render_one(enrolment):
                rendered += 1
                progress.update(done=F("done") + 1, rendered=F("rendered") + 1)
            else:
                progress.update(done=F("done") + 1)
    except Exception as exc:
        progress.update(
            status=RunStatus.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
        raise
    progress.update(status=RunStatus.DONE, finished_at=timezone.now())
    return {"total": len(enrolments), "rendered": rendered}


def files_of(batch):
    return (
        CertificateFile.objects.filter(batch=batch)
        .select_related("enrolment__participant")
        .order_by("number")
    )
