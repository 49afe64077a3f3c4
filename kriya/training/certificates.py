"""Certificates of a whole batch, rendered by the worker (issue 16 item 7).

An organiser asks for them on the batch page (`start_run`): one `CertificateRun` is
queued (one active run per batch, a database constraint: asking again while one runs
returns it) and the page enqueues `render_batch_certificates_task` on commit. The task
(`run`) takes the run from queued to running once, then for each person who completed
the batch: the register entry is issued if missing (`register.issue_certificate` is
idempotent: an issued certificate is never issued again) and its PDF rendered in the
run's language — Indonesian, English, or both (two files) as the organiser chose — and
kept (`CertificateFile`, one per person and language) unless a file of that very number
and language exists. The run's `done` count (people) is written after each person: it is
what the batch page's progress bar shows (htmx polls the partial every 2 s; a plain
"Muat ulang" link without JS); `rendered` counts the files made. The files are
downloaded one by one or together as one ZIP (all, or one language).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from kriya.core import audit

from . import register
from .models import (
    ACTIVE_RUN_STATES,
    BatchStatus,
    CertificateFile,
    CertificateLanguage,
    CertificateRun,
    Enrolment,
    EnrolmentStatus,
    RunLanguage,
    RunStatus,
)
from .workflow import is_organiser

STALE_AFTER = timedelta(hours=2)


def latest_run(batch) -> CertificateRun | None:
    return CertificateRun.objects.filter(batch=batch).order_by("-created_at", "-id").first()


def start_run(*, batch, by, language: str = RunLanguage.ID) -> tuple[CertificateRun, bool]:
    """Queue the rendering of a completed batch's certificates in `language` (id, en or
    both); (run, created). While a run is active it is returned whatever its language
    (one active run per batch). The caller enqueues
    `tasks.render_batch_certificates_task(run.pk)` on commit when created (the tasks
    module imports this one)."""
    language = RunLanguage(language).value  # ValueError for anything else
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
            created = CertificateRun.objects.create(
                batch=batch, total=total, language=language, requested_by=by
            )
            audit.record(
                actor=by,
                verb="training.certificates.queued",
                obj=batch,
                data={"total": total, "language": language},
            )
    except IntegrityError:  # another request queued one a moment ago
        return CertificateRun.objects.get(batch=batch, status__in=ACTIVE_RUN_STATES), False
    return created, True


def render_one(enrolment, languages=("id",)) -> int:
    """Issue (if missing) and render one person's certificate in each language; the
    number of files made (0 when each already exists with the same number)."""
    from .documents import certificate_pdf

    if not enrolment.certificate_number:
        document = register.issue_certificate(enrolment)
        Enrolment.objects.filter(pk=enrolment.pk).update(certificate_number=document.number)
        enrolment.certificate_number = document.number
    kept = {f.language: f for f in enrolment.certificate_files.all()}
    document = None
    made = 0
    for language in languages:
        existing = kept.get(language)
        if existing is not None and existing.number == enrolment.certificate_number:
            continue
        if document is None:
            document = register.document_of(register.CERTIFICATE, enrolment.certificate_number)
        pdf = certificate_pdf(enrolment, document, language)
        if existing is None:
            existing = CertificateFile(
                enrolment=enrolment, batch_id=enrolment.batch_id, language=language
            )
        existing.number = enrolment.certificate_number
        existing.pdf.save(existing.filename, ContentFile(pdf), save=False)
        existing.save()
        made += 1
    return made


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
        )
        .prefetch_related("certificate_files")
        .order_by("participant__full_name", "id")
    )
    languages = RunLanguage.languages(job.language)
    progress.update(total=len(enrolments))
    rendered = 0
    try:
        for enrolment in enrolments:
            made = render_one(enrolment, languages)
            rendered += made
            progress.update(done=F("done") + 1, rendered=F("rendered") + made)
    except Exception as exc:
        progress.update(
            status=RunStatus.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
        raise
    progress.update(status=RunStatus.DONE, finished_at=timezone.now())
    return {"total": len(enrolments), "rendered": rendered}


def files_of(batch, language: str | None = None):
    """The batch's kept PDFs (one language, or all), in certificate-number order."""
    files = CertificateFile.objects.filter(batch=batch)
    if language:
        files = files.filter(language=language)
    return files.select_related("enrolment__participant").order_by("number", "language")


def file_counts(batch) -> dict[str, int]:
    """Kept PDFs per language, {"id": n, "en": m} (0 when none), in one query."""
    counts = dict.fromkeys(CertificateLanguage.values, 0)
    for row in (
        CertificateFile.objects.filter(batch=batch)
        .values("language")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["language"]] = row["n"]
    return counts
