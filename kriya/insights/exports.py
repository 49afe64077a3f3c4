"""Exports for officers (issue 18, item 6): the registry, service requests and
certificates of their scope as CSV, produced by the worker (`run_export`), with
progress, audited when requested and when downloaded. Only the requester may download."""

from __future__ import annotations

import csv
import io
import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from kriya.core import audit

from .models import ExportJob
from .scope import scope_for

CHUNK = 500


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _businesses(regency):
    from kriya.registry.models import Business

    qs = Business.objects.select_related("district", "regency").order_by("pk")
    if regency:
        qs = qs.filter(regency_id=regency)
    header = [
        "nib",
        "nama",
        "sektor",
        "kelas_usaha",
        "status",
        "kode_kecamatan",
        "kecamatan",
        "kode_kabupaten",
        "kabupaten",
        "terdaftar",
        "terverifikasi",
    ]

    def row(b):
        return [
            b.nib,
            b.name,
            b.sector,
            b.size_class,
            b.status,
            b.district_id,
            b.district.name,
            b.regency_id,
            b.regency.name,
            _local(b.created_at),
            _local(b.verified_at),
        ]

    return qs, header, row


def _requests(regency):
    from kriya.desk.models import ServiceRequest, Status

    qs = (
        ServiceRequest.objects.exclude(status=Status.DRAFT)
        .select_related("business", "service")
        .order_by("pk")
    )
    if regency:
        qs = qs.filter(business__regency_id=regency)
    header = [
        "nomor",
        "layanan",
        "status",
        "nib",
        "usaha",
        "kode_kabupaten",
        "diajukan",
        "selesai",
        "hari_kerja_terpakai",
        "standar_hari_kerja",
    ]

    def row(r):
        return [
            r.number,
            r.service.code,
            r.status,
            r.business.nib,
            r.business.name,
            r.business.regency_id,
            _local(r.submitted_at),
            _local(r.completed_at),
            r.clock_days_used,
            r.standard_days,
        ]

    return qs, header, row


def _certificates(regency):
    from kriya.certification.models import Certificate

    qs = Certificate.objects.select_related("scheme", "business").order_by("pk")
    if regency:
        qs = qs.filter(business__regency_id=regency)
    header = [
        "nomor",
        "skema",
        "pemegang",
        "nib",
        "kode_kabupaten",
        "terbit",
        "berlaku_sampai",
        "status",
    ]

    def row(c):
        return [
            c.number,
            c.scheme.kind,
            c.holder_name,
            c.holder_nib,
            c.business.regency_id,
            c.issued_on.isoformat(),
            c.valid_until.isoformat() if c.valid_until else "",
            c.status,
        ]

    return qs, header, row


SOURCES = {"usaha": _businesses, "permohonan": _requests, "sertifikat": _certificates}


def _safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def request_export(*, by, kind: str, regency: str | None) -> ExportJob:
    """Queue an export of `kind` for `regency` (None: every regency, the agency only)."""
    scope = scope_for(by)
    if kind not in SOURCES:
        raise Http404
    if scope.regencies is not None:
        if regency is None:
            regency = sorted(scope.regencies)[0]
        if regency not in scope.regencies:
            raise PermissionDenied
    with transaction.atomic():
        job = ExportJob.objects.create(requested_by=by, kind=kind, regency_id=regency)
        audit.record(
            actor=by,
            verb="insights.export_requested",
            obj=job,
            data={"kind": kind, "regency": regency},
        )
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def produce(job: ExportJob) -> ExportJob:
    """Write the CSV row by row into a temporary file (memory stays flat), updating the
    progress every CHUNK rows, then store it."""
    qs, header, row = SOURCES[job.kind](job.regency_id)
    ExportJob.objects.filter(pk=job.pk).update(rows_total=qs.count())
    done = 0
    with tempfile.TemporaryFile() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text)
        text.write("\ufeff")
        writer.writerow(header)
        for item in qs.iterator(chunk_size=CHUNK):
            writer.writerow([_safe(v) for v in row(item)])
            done += 1
            if done % CHUNK == 0:
                ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
        text.flush()
        raw.seek(0)
        job.refresh_from_db()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        job.file.save(f"{job.kind}-{stamp}.csv", File(raw), save=False)
        text.detach()
    job.rows_done = done
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows_done", "finished_at"])
    return job


@task()
def run_export(job_id: int) -> None:
    job = ExportJob.objects.get(pk=job_id)
    try:
        produce(job)
    except Exception as error:  # recorded on the job, shown to the requester
        ExportJob.objects.filter(pk=job_id).update(
            error=str(error)[:500] or error.__class__.__name__, finished_at=timezone.now()
        )
        raise


def get_export_for(user, pk) -> ExportJob:
    job = ExportJob.objects.filter(pk=pk, requested_by=user).first()
    if job is None:
        raise Http404
    return job


def record_download(*, job: ExportJob, by) -> None:
    audit.record(
        actor=by,
        verb="insights.export_downloaded",
        obj=job,
        data={"kind": job.kind, "regency": job.regency_id, "rows": job.rows_done},
    )
