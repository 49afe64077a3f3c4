"""Export of a filtered business list to CSV and XLSX.

Rows are read with `iterator()` in chunks (constant memory, one query per chunk);
CSV is streamed. Cells that a spreadsheet would run as a formula (starting with
= + - @) are prefixed with an apostrophe, except plain numbers such as +62… phones.
"""

import csv
import io
import re

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

COLUMNS = [
    ("nib", _("NIB")),
    ("name", _("Nama usaha")),
    ("legal_form", _("Bentuk usaha")),
    ("owner_name", _("Nama pemilik")),
    ("phone", _("No HP")),
    ("email", _("E-mail")),
    ("address", _("Alamat")),
    ("village", _("Desa/Kelurahan")),
    ("district", _("Kecamatan")),
    ("regency", _("Kabupaten/Kota")),
    ("village_code", _("Kode desa")),
    ("sector", _("Sektor")),
    ("kbli", _("KBLI")),
    ("year_founded", _("Tahun berdiri")),
    ("workforce_total", _("Jumlah tenaga kerja")),
    ("workforce_women", _("Tenaga kerja perempuan")),
    ("workforce_youth", _("Tenaga kerja di bawah 30 tahun")),
    ("capital", _("Modal usaha (Rp)")),
    ("annual_sales", _("Omzet per tahun (Rp)")),
    ("size_class", _("Kelas usaha")),
    ("status", _("Status")),
    ("verified_at", _("Diverifikasi pada")),
]

_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?\d+$")


def headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def row_of(business) -> list:
    verified = (
        timezone.localtime(business.verified_at).strftime("%Y-%m-%d %H:%M")
        if business.verified_at
        else ""
    )
    values = {
        "nib": business.nib,
        "name": business.name,
        "legal_form": business.get_legal_form_display(),
        "owner_name": business.owner_name,
        "phone": business.phone,
        "email": business.email,
        "address": business.address,
        "village": business.village.name,
        "district": business.district.name,
        "regency": business.regency.name,
        "village_code": business.village_id,
        "sector": business.get_sector_display(),
        "kbli": ", ".join(business.kbli),
        "year_founded": business.year_founded,
        "workforce_total": business.workforce_total,
        "workforce_women": business.workforce_women,
        "workforce_youth": business.workforce_youth,
        "capital": business.capital,
        "annual_sales": business.annual_sales,
        "size_class": business.get_size_class_display(),
        "status": business.get_status_display(),
        "verified_at": verified,
    }
    return [safe(values[key]) for key, _label in COLUMNS]


def safe(value):
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.match(value):
        return "'" + value
    return "" if value is None else value


def _rows(qs):
    return qs.select_related("village", "district", "regency").order_by("name", "pk")


class _Echo:
    def write(self, value):
        return value


def csv_lines(qs):
    """CSV (UTF-8 with BOM, so spreadsheet programs read the accents) line by line."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers())
    for business in _rows(qs).iterator(chunk_size=2000):
        yield writer.writerow(row_of(business))


def xlsx_bytes(qs) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Usaha"))
    bold = Font(bold=True)
    header = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for business in _rows(qs).iterator(chunk_size=2000):
        row = []
        for value in row_of(business):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
