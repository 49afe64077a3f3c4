"""Attendance and results of a batch as CSV and XLSX, for its organisers: one row per
seat holder with the attendance per session (1 present, 0 absent), the rate, pre/post
scores and gain, units competent, the result and the certificate number. The least
personal data: no phone, e-mail or NIK. Cells that a spreadsheet would run as a formula
are made text (`kriya.registry.exports.safe`). A fixed number of queries."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from kriya.registry.exports import safe

from . import queries
from .models import Session


def table(batch) -> tuple[list[str], list[list]]:
    sessions = list(Session.objects.filter(programme_id=batch.programme_id))
    roster = list(queries.roster(batch).select_related("participant__village"))
    rates = queries.attendance_rates(batch)
    competent = queries.competent_units(batch)
    present = {}
    for enrolment_id, session_id in batch.enrolments.filter(attendance__isnull=False).values_list(
        "pk", "attendance__session_id"
    ):
        present.setdefault(enrolment_id, set()).add(session_id)
    headers = [
        _("Nama"),
        _("Jenis kelamin"),
        _("Usia"),
        _("Desa domisili"),
        _("Status"),
        *[f"{s.position}. {s.title} ({s.hours} JP)" for s in sessions],
        _("Kehadiran (%)"),
        _("Pre-test"),
        _("Post-test"),
        _("Kenaikan"),
        _("Unit kompeten"),
        _("Nomor sertifikat"),
    ]
    rows = []
    for e in roster:
        p = e.participant
        here = present.get(e.pk, set())
        rows.append(
            [
                safe(v)
                for v in [
                    p.full_name,
                    p.get_gender_display(),
                    p.age_on(batch.starts_on),
                    p.village.name if p.village_id else "",
                    e.get_status_display(),
                    *[1 if s.pk in here else 0 for s in sessions],
                    rates.get(e.pk, 0),
                    e.pre_test,
                    e.post_test,
                    e.knowledge_gain,
                    len(competent.get(e.pk, ())),
                    e.certificate_number,
                ]
            ]
        )
    return headers, rows


def csv_text(batch) -> str:
    headers, rows = table(batch)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def xlsx_bytes(batch) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    headers, rows = table(batch)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Peserta"))
    bold = Font(bold=True)
    header = []
    for title in headers:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
