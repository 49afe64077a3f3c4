"""Exports for officers (issue 18, item 6): the registry, service requests,
certificates, training participants and event sales of their scope as CSV or XLSX, produced by the worker (`run_export`), with
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
    """Every filed request. A regency unit's own request has no business (`nib` and
    `usaha` empty) and names the unit in `perangkat_daerah`; its regency is the unit's."""
    from kriya.desk.models import ServiceRequest, Status

    qs = (
        ServiceRequest.objects.exclude(status=Status.DRAFT)
        .select_related("business", "organisation", "service")
        .order_by("pk")
    )
    if regency:
        qs = qs.in_regency(regency)
    header = [
        "nomor",
        "layanan",
        "status",
        "nib",
        "usaha",
        "perangkat_daerah",
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
            r.business.nib if r.business_id else "",
            r.business.name if r.business_id else "",
            r.organisation.name if r.organisation_id else "",
            r.applicant_regency_id,
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


def _participants(regency):
    """Enrolments of people who live in the regency (their village of residence, as the
    training indicators count them), any status. No phone, e-mail or NIK."""
    from kriya.training.models import Enrolment

    qs = Enrolment.objects.select_related(
        "batch__programme", "participant__village__parent__parent"
    ).order_by("pk")
    if regency:
        qs = qs.filter(participant__village__parent__parent_id=regency)
    header = [
        "program",
        "angkatan",
        "mulai",
        "selesai",
        "nama",
        "jenis_kelamin",
        "usia_saat_mulai",
        "pendidikan",
        "kode_desa",
        "desa",
        "kecamatan",
        "kabupaten",
        "status",
        "cara_mendaftar",
        "pre_test",
        "post_test",
        "lulus_pada",
    ]

    def row(e):
        person, batch = e.participant, e.batch
        village = person.village
        district = village.parent if village else None
        return [
            batch.programme.title_id,
            batch.number,
            batch.starts_on.isoformat(),
            batch.ends_on.isoformat(),
            person.full_name,
            person.gender,
            person.age_on(batch.starts_on),
            person.education,
            village.code if village else "",
            village.name if village else "",
            district.name if district else "",
            district.parent.name if district and district.parent else "",
            e.status,
            e.channel,
            e.pre_test,
            e.post_test,
            _local(e.completed_at),
        ]

    return qs, header, row


def _sales(regency):
    """The current sales report of each exhibitor-day at events in the regency (the
    event's place), with the channels; corrected versions are left out."""
    from kriya.events.models import SalesReport

    qs = SalesReport.objects.filter(is_current=True).select_related(
        "day", "application__business", "application__event"
    )
    if regency:
        qs = qs.filter(application__event__regency_id=regency)
    qs = qs.order_by("pk")
    header = [
        "acara",
        "kode_kabupaten",
        "kode_kecamatan",
        "tanggal",
        "nib",
        "usaha",
        "kategori",
        "transaksi",
        "omzet",
        "tunai",
        "qris",
        "transfer",
        "di_luar_kewajaran",
        "diisi_panitia",
    ]

    def row(r):
        event, business = r.application.event, r.application.business
        return [
            event.name,
            event.regency_id,
            event.district_id,
            r.day.date.isoformat(),
            business.nib,
            business.name,
            r.sector,
            r.transactions,
            r.turnover,
            r.cash,
            r.qris,
            r.transfer,
            int(r.is_outlier),
            int(r.by_committee),
        ]

    return qs, header, row


SOURCES = {
    "usaha": _businesses,
    "permohonan": _requests,
    "sertifikat": _certificates,
    "peserta": _participants,
    "penjualan": _sales,
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def request_export(*, by, kind: str, regency: str | None, file_format: str = "csv") -> ExportJob:
    """Queue an export of `kind` for `regency` (None: every regency, the agency only) as
    CSV or XLSX."""
    scope = scope_for(by)
    if kind not in SOURCES or file_format not in CONTENT_TYPES:
        raise Http404
    if scope.regencies is not None:
        if regency is None:
            regency = sorted(scope.regencies)[0]
        if regency not in scope.regencies:
            raise PermissionDenied
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=by, kind=kind, regency_id=regency, file_format=file_format
        )
        audit.record(
            actor=by,
            verb="insights.export_requested",
            obj=job,
            data={"kind": kind, "regency": regency, "format": file_format},
        )
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def _progress(job: ExportJob, rows):
    """Yield the rows, recording `rows_done` every CHUNK rows and at the end."""
    done = 0
    for done, values in enumerate(rows, start=1):
        yield values
        if done % CHUNK == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
    ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


def _write_csv(raw, header, rows) -> None:
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    writer = csv.writer(text)
    text.write("\ufeff")
    writer.writerow(header)
    for values in rows:
        writer.writerow([_safe(v) for v in values])
    text.flush()
    text.detach()


def _write_xlsx(raw, header, rows) -> None:
    """openpyxl's write-only workbook keeps no rows in memory; text that a spreadsheet
    would read as a formula is quoted as in the CSV, numbers stay numbers."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(header)
    for values in rows:
        sheet.append([v if isinstance(v, int) else _safe(v) for v in values])
    book.save(raw)


def produce(job: ExportJob) -> ExportJob:
    """Write the file row by row into a temporary file (rows read in chunks, so memory
    stays flat), updating the progress every CHUNK rows, then store it."""
    qs, header, row = SOURCES[job.kind](job.regency_id)
    ExportJob.objects.filter(pk=job.pk).update(rows_total=qs.count())
    rows = _progress(job, (row(item) for item in qs.iterator(chunk_size=CHUNK)))
    with tempfile.TemporaryFile() as raw:
        if job.file_format == "xlsx":
            _write_xlsx(raw, header, rows)
        else:
            _write_csv(raw, header, rows)
        raw.seek(0)
        job.refresh_from_db()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        job.file.save(f"{job.kind}-{stamp}.{job.file_format}", File(raw), save=False)
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "finished_at"])
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
        data={
            "kind": job.kind,
            "regency": job.regency_id,
            "format": job.file_format,
            "rows": job.rows_done,
        },
    )
