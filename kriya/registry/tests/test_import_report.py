"""The XLSX report: every row not created or updated, with row, column and reason in
Indonesian; the notes of corrected rows on their own sheet."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from kriya.registry.imports.report import ImportReport

from .import_data import HEADER, add_regions, csv_bytes, report_rows, row

BLANK = [""] * len(HEADER)


@pytest.fixture
def probolinggo(regions):
    add_regions()


def test_each_row_not_created_or_updated_is_listed_with_column_and_reason(probolinggo):
    content = csv_bytes(
        [
            row(1),
            row(2, NIB="9120 0000"),
            BLANK,
            row(1, **{"Nama Usaha": "Lagi"}),
            row(4, **{"No HP": "+1 555 1234"}, Desa="Atlantis"),
            row(5, Desa="Bulujaran Lorr"),
        ]
    )
    outcome, rejected, notes = report_rows(content)
    assert outcome.counts.line() == "rows 6: created 2, updated 0, rejected 2, duplicate 1, blank 1"
    by_row = {}
    for line in rejected:
        by_row.setdefault(line[0], []).append(line)
    assert sorted(by_row) == [3, 4, 5, 6]
    [(number, result, _nib, name, column, value, reason)] = by_row[3]
    assert (result, column, value) == ("Ditolak", "NIB", "9120 0000")
    assert reason == "NIB harus 13 digit angka."
    assert by_row[4][0][1] == "Kosong"
    assert by_row[5][0][1] == "Duplikat" and "baris 2" in by_row[5][0][6]
    assert {line[4] for line in by_row[6]} == {"No HP", "Desa"}  # both problems of the row
    assert all(line[1] == "Ditolak" for line in by_row[6])
    [note] = notes
    assert note[:2] == (7, "Dibuat") and note[4] == "Desa"


def test_rejected_rows_count_once_however_many_problems_they_have(probolinggo):
    outcome, rejected, _notes = report_rows(
        csv_bytes([row(4, **{"No HP": "+1 555 1234"}, Desa="Atlantis", NIB="1")])
    )
    assert outcome.counts.rejected == 1
    assert len(rejected) == 3


def test_a_cell_that_looks_like_a_formula_stays_text(probolinggo):
    _outcome, rejected, _notes = report_rows(csv_bytes([row(1, NIB="=HYPERLINK(1)")]))
    assert rejected[0][5] == "=HYPERLINK(1)"


@translation.override("id")
def test_the_summary_sheet_holds_the_accounting_line_and_where_it_stopped():
    report = ImportReport()
    buffer = io.BytesIO()
    report.save(
        buffer,
        filename="umkm.xlsx",
        regency="Kabupaten Probolinggo",
        line="rows 2: created 2, updated 0, rejected 0, duplicate 0, blank 0",
        stopped="Impor berhenti di baris 4.",
    )
    summary = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    values = {r[0]: r[1] for r in summary.iter_rows(values_only=True)}
    assert values["Hasil"].startswith("rows 2:")
    assert values["Berhenti"] == "Impor berhenti di baris 4."
