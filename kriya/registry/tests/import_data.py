"""Helpers for the bulk-import tests: regions of a small regency and spreadsheets built in code."""

import csv
import io

from django.utils import translation

from kriya.regions.models import Region
from kriya.registry.imports.report import ImportReport
from kriya.registry.imports.runner import import_businesses

# Added to the conftest `regions` (Sukapura 35.13.01 with Ngadisari, Paiton 35.13.20 with
# Bulujaran Lor). "Sumberanyar" exists in two districts on purpose.
EXTRA_REGIONS = [
    ("35.13.01.2002", "Wonotoro", 4, "35.13.01"),
    ("35.13.20.2002", "Sumberanyar", 4, "35.13.20"),
    ("35.13.20.2003", "Karanganyar", 4, "35.13.20"),
    ("35.13.20.2004", "Karangasem", 4, "35.13.20"),
    ("35.13.22", "Kraksaan", 3, "35.13"),
    ("35.13.22.1001", "Patokan", 4, "35.13.22"),
    ("35.13.22.2002", "Sumberanyar", 4, "35.13.22"),
    ("35.13.22.2003", "Sidopekso", 4, "35.13.22"),
]

HEADER = ["No", "NIB", "Nama Usaha", "Nama Pemilik", "No HP", "Kecamatan", "Desa", "Sektor"]


def add_regions():
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lvl, parent_id=p) for c, n, lvl, p in EXTRA_REGIONS]
    )


def nib(i: int) -> str:
    return f"{9120000000000 + i}"


def row(i: int, **over) -> list:
    """A valid data row in the HEADER layout."""
    values = {
        "No": str(i),
        "NIB": nib(i),
        "Nama Usaha": f"Batik Sekar {i}",
        "Nama Pemilik": "Siti Aminah",
        "No HP": "081234567890",
        "Kecamatan": "Paiton",
        "Desa": "Bulujaran Lor",
        "Sektor": "Batik",
    }
    values.update(over)
    return [values[h] for h in HEADER]


def csv_bytes(rows, *, header=HEADER, delimiter=",", bom=False, titles=()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for title in titles:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows, *, header=HEADER, titles=()) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for title in titles:
        sheet.append([title])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(content: bytes, *, regency=None, by=None, report=None, **options):
    """Import `content`, in Indonesian (the report's language follows the active one)."""
    regency = regency or Region.objects.get(code="35.13")
    with translation.override("id"):
        return import_businesses(
            fileobj=io.BytesIO(content), regency=regency, by=by, report=report, **options
        )


def report_rows(content: bytes, **options) -> tuple:
    """(outcome, rows of the 'Tidak diimpor' sheet, rows of the 'Catatan' sheet)."""
    from openpyxl import load_workbook

    with translation.override("id"):
        report = ImportReport()
        outcome = run(content, report=report, **options)
        buffer = io.BytesIO()
        report.save(buffer, filename="x.csv", regency="Kabupaten Probolinggo", line="")
    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    rejected = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    notes = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    return outcome, rejected, notes
