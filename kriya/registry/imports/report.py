"""The XLSX report of an import: every row that was not created or updated, with its
reason, and the notes (corrections) on rows that were. Streamed: openpyxl's write-only
workbook keeps each sheet in a temporary file, so a million-row report stays small in
memory."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


class ImportReport:
    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.summary = self.workbook.create_sheet(_("Ringkasan"))
        self.rows = self.workbook.create_sheet(_("Tidak diimpor"))
        self.notes = self.workbook.create_sheet(_("Catatan"))
        heading = [_("Baris"), _("Hasil"), _("NIB"), _("Nama usaha"), _("Kolom"), _("Nilai")]
        self.rows.append([*heading, _("Alasan")])
        self.notes.append([*heading, _("Catatan")])
        self.row_count = 0
        self.note_count = 0

    def _cells(self, sheet, values):
        cells = []
        for value in values:
            if isinstance(value, str) and value.startswith("="):
                # A cell of the uploaded file is never a formula here.
                value = WriteOnlyCell(sheet, value=value)
                value.data_type = "s"
            cells.append(value)
        return cells

    def add_row(self, *, row: int, result: str, nib="", name="", column="", value="", reason=""):
        self.rows.append(
            self._cells(self.rows, [row, result, nib, name, column, _plain(value), reason])
        )
        self.row_count += 1

    def add_note(self, *, row: int, result: str, nib="", name="", column="", value="", note=""):
        self.notes.append(
            self._cells(self.notes, [row, result, nib, name, column, _plain(value), note])
        )
        self.note_count += 1

    def save(self, fileobj, *, filename: str, regency: str, line: str, stopped: str = ""):
        self.summary.append(self._cells(self.summary, [_("Berkas"), filename]))
        self.summary.append([_("Kabupaten/kota"), regency])
        self.summary.append([_("Hasil"), line])
        if stopped:
            self.summary.append([_("Berhenti"), stopped])
        self.workbook.save(fileobj)


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return value
    return str(value)
