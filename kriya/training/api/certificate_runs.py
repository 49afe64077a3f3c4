"""A batch's certificate run in the API (the batch's organisers; others 404): its
progress, queueing it in a language (Indonesian, English or both), and each kept PDF —
the pages' `certificates` functions and `access.get_organised_batch_for`, no second rule.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Count, Id, one_of

from .. import certificates
from ..access import get_organised_batch_for
from ..models import BatchStatus, CertificateFile, CertificateLanguage, RunLanguage, RunStatus
from ..tasks import render_batch_certificates_task

router = Router(tags=["training"])


class TrainingCertificateRunOut(Schema):
    id: Id | None
    status: one_of(RunStatus.values) | None  # type: ignore[valid-type]
    language: one_of(RunLanguage.values) | None  # type: ignore[valid-type]
    total: Count
    done: Count
    rendered: Count
    files: Count
    files_id: Count
    files_en: Count


class TrainingCertificateFileOut(Schema):
    id: Id
    enrolment_id: Id
    participant: str
    number: str
    language: one_of(CertificateLanguage.values)  # type: ignore[valid-type]
    rendered_at: datetime


def _run_out(batch) -> dict:
    run = certificates.latest_run(batch)
    counts = certificates.file_counts(batch)
    files = {
        "files": sum(counts.values()),
        "files_id": counts[CertificateLanguage.ID],
        "files_en": counts[CertificateLanguage.EN],
    }
    if run is None:
        empty = {"id": None, "status": None, "language": None}
        return {**empty, "total": 0, "done": 0, "rendered": 0, **files}
    return {
        "id": run.pk,
        "status": run.status,
        "language": run.language,
        "total": run.total,
        "done": run.done,
        "rendered": run.rendered,
        **files,
    }


@router.get(
    "/training/manage/batches/{batch_id}/certificates",
    response=TrainingCertificateRunOut,
    auth=token_or_session,
    summary="Progress of the batch's latest certificate run (its organisers)",
    operation_id="kriya_api_training_certificate_run",
)
def certificate_run(request, batch_id: Id):
    return _run_out(get_organised_batch_for(request.auth, batch_id))


@router.post(
    "/training/manage/batches/{batch_id}/certificates",
    response={200: TrainingCertificateRunOut, 201: TrainingCertificateRunOut},
    auth=token_or_session,
    summary="Render a completed batch's certificates in the worker (201; 200: one runs already)",
    operation_id="kriya_api_training_start_certificate_run",
)
@answers(409)
def start_certificate_run(
    request,
    batch_id: Id,
    language: one_of(RunLanguage.values) = "id",  # type: ignore[valid-type]
):
    """`?language=`: `id` (the default), `en`, or `both` (two PDFs per person) — a query
    parameter, so that a POST without a body (as before the choice existed) still works.
    While a run is queued or running it is returned as it is (200), in its own language."""
    b = get_organised_batch_for(request.auth, batch_id)
    if b.status != BatchStatus.COMPLETED:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang."))
    with transaction.atomic():
        run, created = certificates.start_run(batch=b, by=request.auth, language=language)
        if created:
            transaction.on_commit(lambda: render_batch_certificates_task.enqueue(run.pk))
    return (201 if created else 200), _run_out(b)


@router.get(
    "/training/manage/batches/{batch_id}/certificates/files",
    response=list[TrainingCertificateFileOut],
    auth=token_or_session,
    summary="The certificate PDFs the runs kept, per person and language (its organisers)",
    operation_id="kriya_api_training_certificate_files",
)
def certificate_files(
    request,
    batch_id: Id,
    language: one_of(CertificateLanguage.values) | None = None,  # type: ignore[valid-type]
):
    b = get_organised_batch_for(request.auth, batch_id)
    return [
        {
            "id": f.pk,
            "enrolment_id": f.enrolment_id,
            "participant": f.enrolment.participant.full_name,
            "number": f.number,
            "language": f.language,
            "rendered_at": f.rendered_at,
        }
        for f in certificates.files_of(b, language)
    ]


@router.get(
    "/training/manage/batches/{batch_id}/certificates/files/{file_id}",
    auth=token_or_session,
    summary="Download one kept certificate PDF (attachment; the batch's organisers)",
    operation_id="kriya_api_training_certificate_file",
)
def certificate_file(request, batch_id: Id, file_id: Id):
    b = get_organised_batch_for(request.auth, batch_id)
    item = CertificateFile.objects.filter(batch=b, pk=file_id).first()
    if item is None:
        raise Http404
    response = FileResponse(
        item.pdf.open("rb"),
        as_attachment=True,
        filename=item.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
