"""Reading a regency's spreadsheet: the file (CSV or XLSX, streamed), the header row (which
may sit below title rows) and each data row's values, normalised.

Headers match case-insensitively, ignoring punctuation and a unit in brackets, by the usual
Indonesian names and their variants (`COLUMNS`). Values go through the registry's
normalisers (kriya.registry.normalize), so the import accepts what the forms accept.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import LegalForm, Sector
from ..normalize import (
    normalize_kbli,
    normalize_nib,
    normalize_phone,
    parse_rupiah,
)
from .matching import RegionMatcher

# --- columns -------------------------------------------------------------------

# field → (label shown in reports when the column is missing, header variants).
# Variants are compared after `header_key` (lower case, punctuation → space).
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nib": (
        gettext_lazy("NIB"),
        ("nib", "no nib", "nomor nib", "nomor induk berusaha", "no induk berusaha", "nib oss"),
    ),
    "name": (
        gettext_lazy("Nama Usaha"),
        (
            "nama usaha",
            "nama umkm",
            "nama ukm",
            "nama ikm",
            "nama usaha umkm",
            "nama usaha ikm",
            "nama perusahaan",
            "nama unit usaha",
            "nama badan usaha",
            "nama toko",
            "nama brand",
            "nama merek usaha",
        ),
    ),
    "owner_name": (
        gettext_lazy("Nama Pemilik"),
        (
            "nama pemilik",
            "pemilik",
            "nama pemilik usaha",
            "pemilik usaha",
            "nama pelaku usaha",
            "pelaku usaha",
            "nama penanggung jawab",
            "penanggung jawab",
            "nama pengusaha",
        ),
    ),
    "phone": (
        gettext_lazy("No HP"),
        (
            "no hp",
            "nomor hp",
            "hp",
            "no hp wa",
            "no wa hp",
            "hp wa",
            "wa hp",
            "no wa",
            "nomor wa",
            "wa",
            "whatsapp",
            "no whatsapp",
            "nomor whatsapp",
            "telepon",
            "telp",
            "tlp",
            "no telp",
            "no tlp",
            "no telepon",
            "nomor telepon",
            "telepon hp",
            "no telp hp",
            "kontak",
            "no kontak",
            "nomor kontak",
        ),
    ),
    "email": (
        gettext_lazy("E-mail"),
        ("email", "e mail", "surel", "alamat email", "alamat e mail"),
    ),
    "address": (
        gettext_lazy("Alamat"),
        ("alamat", "alamat usaha", "alamat lengkap", "alamat tempat usaha", "alamat jalan"),
    ),
    "district": (gettext_lazy("Kecamatan"), ("kecamatan", "kec", "nama kecamatan")),
    "village": (
        gettext_lazy("Desa/Kelurahan"),
        (
            "desa kelurahan",
            "desa kel",
            "kelurahan desa",
            "kel desa",
            "desa",
            "kelurahan",
            "nama desa",
            "nama desa kelurahan",
            "nama kelurahan",
        ),
    ),
    "sector": (
        gettext_lazy("Sektor"),
        (
            "sektor",
            "sektor usaha",
            "jenis usaha",
            "bidang usaha",
            "jenis kerajinan",
            "komoditas",
            "jenis produk",
            "kategori usaha",
            "cabang industri",
        ),
    ),
    "kbli": (gettext_lazy("KBLI"), ("kbli", "kode kbli", "no kbli", "nomor kbli")),
    "year_founded": (
        gettext_lazy("Tahun Berdiri"),
        (
            "tahun berdiri",
            "th berdiri",
            "thn berdiri",
            "tahun mulai usaha",
            "tahun mulai",
            "mulai usaha",
            "berdiri sejak",
            "tahun pendirian",
        ),
    ),
    "workforce_total": (
        gettext_lazy("Jumlah Tenaga Kerja"),
        (
            "jumlah tenaga kerja",
            "tenaga kerja",
            "tk",
            "jml tk",
            "jumlah tk",
            "total tk",
            "tk total",
            "jumlah karyawan",
            "karyawan",
            "jumlah pekerja",
            "pekerja",
        ),
    ),
    "workforce_women": (
        gettext_lazy("TK Perempuan"),
        (
            "tk perempuan",
            "tk p",
            "tk wanita",
            "tenaga kerja perempuan",
            "tenaga kerja wanita",
            "jumlah tk perempuan",
            "karyawan perempuan",
            "perempuan",
            "wanita",
        ),
    ),
    "workforce_men": (
        gettext_lazy("TK Laki-laki"),
        (
            "tk laki laki",
            "tk l",
            "tk pria",
            "tenaga kerja laki laki",
            "tenaga kerja pria",
            "jumlah tk laki laki",
            "karyawan laki laki",
            "laki laki",
            "pria",
        ),
    ),
    "workforce_youth": (
        gettext_lazy("TK di bawah 30 tahun"),
        (
            "tk di bawah 30 tahun",
            "tk di bawah 30",
            "tk dibawah 30 tahun",
            "tk 30",
            "tk 30 th",
            "tk 30 tahun",
            "tk usia 30",
            "tk muda",
            "tenaga kerja muda",
            "tenaga kerja di bawah 30 tahun",
        ),
    ),
    "capital": (
        gettext_lazy("Modal Usaha"),
        ("modal usaha", "modal", "modal awal", "nilai modal", "jumlah modal"),
    ),
    "annual_sales": (
        gettext_lazy("Omzet per Tahun"),
        (
            "omzet",
            "omset",
            "omzet per tahun",
            "omset per tahun",
            "omzet pertahun",
            "omset pertahun",
            "omzet tahunan",
            "omset tahunan",
            "omzet setahun",
            "omset setahun",
            "omzet th",
            "omset th",
            "omzet thn",
            "omset thn",
            "penjualan per tahun",
            "nilai penjualan per tahun",
        ),
    ),
    "legal_form": (
        gettext_lazy("Bentuk Usaha"),
        ("bentuk usaha", "badan usaha", "bentuk badan usaha", "badan hukum", "jenis badan usaha"),
    ),
    "trademark_number": (
        gettext_lazy("Nomor Merek"),
        ("nomor merek", "no merek", "nomor pendaftaran merek", "no pendaftaran merek"),
    ),
}
REQUIRED_COLUMNS = ("nib", "name", "owner_name", "village")
HEADER_SEARCH_ROWS = 30

_PUNCT = re.compile(r"[^0-9a-z<]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_UNITS = re.compile(r"\b(rp|rupiah|orang|jiwa)\b")


@dataclass(frozen=True)
class ColumnSet:
    """The columns a kind of spreadsheet has: field → (label, header variants), and the
    fields whose columns must be present for a row to be the header. The registry's
    business list is `BUSINESS_COLUMNS`; other apps (training's name lists) bring their
    own and read their files with the same tolerance."""

    columns: dict
    required: tuple[str, ...]

    @property
    def aliases(self) -> dict[str, str]:
        found = self.__dict__.get("_aliases")
        if found is None:
            found = {a: name for name, (_label, variants) in self.columns.items() for a in variants}
            object.__setattr__(self, "_aliases", found)
        return found

    def label(self, name: str) -> str:
        return str(self.columns[name][0])

    def field_for(self, text) -> str | None:
        if text is None:
            return None
        key = header_key(text)
        if key in self.aliases:
            return self.aliases[key]
        # "Omzet per Tahun (Rp)", "Modal Usaha Rp.", "Jumlah TK (orang)"
        loose = header_key(_UNITS.sub(" ", _BRACKETS.sub(" ", str(text).lower())))
        return self.aliases.get(loose)


BUSINESS_COLUMNS = ColumnSet(COLUMNS, REQUIRED_COLUMNS)


def column_label(name: str) -> str:
    return BUSINESS_COLUMNS.label(name)


def header_key(text) -> str:
    """'No. HP' → 'no hp'; 'Desa/Kelurahan' → 'desa kelurahan'; 'TK (<30 th)' → 'tk 30 th'."""
    return " ".join(_PUNCT.sub(" ", str(text).lower().replace("<", " ")).split())


def field_for_header(text, column_set: ColumnSet = BUSINESS_COLUMNS) -> str | None:
    return column_set.field_for(text)


@dataclass
class Header:
    row: int  # 1-based row number of the header in the sheet
    texts: list[str]  # header text per column index
    columns: dict[str, list[int]]  # field → column indices (first non-empty wins)
    ignored: list[str]  # headers that match no field
    column_set: ColumnSet = BUSINESS_COLUMNS

    def text(self, name: str) -> str:
        indices = self.columns.get(name)
        return self.texts[indices[0]] if indices else self.column_set.label(name)


def map_header(
    cells: Sequence, column_set: ColumnSet = BUSINESS_COLUMNS
) -> tuple[dict[str, list[int]], list[str]]:
    columns: dict[str, list[int]] = {}
    ignored = []
    for index, cell in enumerate(cells):
        if cell is None or not str(cell).strip():
            continue
        name = column_set.field_for(cell)
        if name is None:
            ignored.append(str(cell).strip())
        else:
            columns.setdefault(name, []).append(index)
    return columns, ignored


def find_header(
    rows: Sequence[Sequence], column_set: ColumnSet = BUSINESS_COLUMNS
) -> tuple[Header | None, int]:
    """The first row (of the first HEADER_SEARCH_ROWS) naming every required column,
    and the best number of recognised columns seen (to choose between delimiters)."""
    best = 0
    for number, cells in enumerate(rows[:HEADER_SEARCH_ROWS], 1):
        columns, ignored = map_header(cells, column_set)
        best = max(best, len(columns))
        if all(name in columns for name in column_set.required):
            texts = [str(c).strip() if c is not None else "" for c in cells]
            return Header(number, texts, columns, ignored, column_set), len(columns)
    return None, best


_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def is_column_numbering(cells: Sequence) -> bool:
    """The '(1) (2) (3)…' row government spreadsheets put under the header."""
    values = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    return len(values) >= 3 and all(_COLUMN_NUMBER.match(v) for v in values)


# --- sources -------------------------------------------------------------------


class SourceError(Exception):
    """The file as a whole cannot be read: wrong format, no header row, bad encoding."""


@dataclass
class Sheet:
    kind: str  # "csv" or "xlsx"
    header: Header
    rows: Iterator[tuple[int, Sequence]]  # (row number, cells) after the header
    total_estimate: int | None  # data rows, for the progress bar
    close: Callable[[], None] = field(default=lambda: None)


def open_sheet(fileobj, column_set: ColumnSet = BUSINESS_COLUMNS) -> Sheet:
    """Recognise the file by its content (not its name) and find the header row.

    `fileobj` is a binary, seekable file. XLSX is a ZIP container; the old binary .xls
    is refused with a hint; anything else must be UTF-8 text (with or without BOM).
    """
    fileobj.seek(0)
    magic = fileobj.read(8)
    fileobj.seek(0)
    if magic.startswith(b"PK\x03\x04"):
        return _open_xlsx(fileobj, column_set)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            _("Format .xls lama tidak didukung. Simpan ulang sebagai .xlsx atau CSV UTF-8.")
        )
    return _open_csv(fileobj, column_set)


SAMPLE_BYTES = 64 * 1024


def _open_csv(fileobj, column_set: ColumnSet) -> Sheet:
    sample = fileobj.read(SAMPLE_BYTES)
    if b"\x00" in sample:
        raise SourceError(_("Berkas bukan CSV atau XLSX."))
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
    except UnicodeDecodeError:
        raise SourceError(
            _("Berkas CSV harus berenkode UTF-8. Simpan ulang sebagai “CSV UTF-8”.")
        ) from None
    if len(sample) == SAMPLE_BYTES and "\n" in text:
        text = text[: text.rindex("\n") + 1]  # no half line at the end of the sample
    best: tuple[int, str, Header | None] = (-1, ",", None)
    for delimiter in (",", ";", "\t"):
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))[:HEADER_SEARCH_ROWS]
        header, score = find_header(rows, column_set)
        rank = score + (100 if header else 0)
        if rank > best[0]:
            best = (rank, delimiter, header)
    _rank, delimiter, header = best
    if header is None:
        raise _no_header_error(column_set)
    fileobj.seek(0)
    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fileobj.read(1 << 20), b""))
    total = max(lines - header.row, 0)
    fileobj.seek(0)
    stream = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")

    def rows() -> Iterator[tuple[int, Sequence]]:
        reader = csv.reader(stream, delimiter=delimiter)
        number = 0
        try:
            for number, cells in enumerate(reader, 1):
                if number > header.row:
                    if number == header.row + 1 and is_column_numbering(cells):
                        continue
                    yield number, cells
        except UnicodeDecodeError:
            raise SourceError(
                _("Berkas CSV harus berenkode UTF-8 (baris %(row)s tidak dapat dibaca).")
                % {"row": number + 1}
            ) from None

    return Sheet("csv", header, rows(), total, close=stream.detach)


def _open_xlsx(fileobj, column_set: ColumnSet) -> Sheet:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SourceError(_("Berkas XLSX rusak atau bukan berkas Excel.")) from None
    for sheet in workbook.worksheets:
        max_row = sheet.max_row
        # Some writers store a wrong dimension; reading without it never cuts columns.
        sheet.reset_dimensions()
        head = list(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))
        header, _score = find_header(head, column_set)
        if header is None:
            continue
        total = max(max_row - header.row, 0) if max_row else None

        def rows(sheet=sheet, header=header) -> Iterator[tuple[int, Sequence]]:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                if number > header.row:
                    if number == header.row + 1 and is_column_numbering(cells):
                        continue
                    yield number, cells

        return Sheet("xlsx", header, rows(), total, close=workbook.close)
    workbook.close()
    raise _no_header_error(column_set)


def _no_header_error(column_set: ColumnSet = BUSINESS_COLUMNS) -> SourceError:
    return SourceError(
        _(
            "Baris judul kolom tidak ditemukan di %(rows)s baris pertama. Kolom yang wajib ada: "
            "%(columns)s."
        )
        % {
            "rows": HEADER_SEARCH_ROWS,
            "columns": ", ".join(column_set.label(c) for c in column_set.required),
        }
    )


# --- values --------------------------------------------------------------------


def _text(max_length: int):
    def convert(raw) -> str:
        if type(raw) is not str:
            raw = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        text = " ".join(raw.split())
        if len(text) > max_length:
            raise ValidationError(
                _("Terlalu panjang (paling banyak %(max)s karakter).") % {"max": max_length}
            )
        return text

    return convert


def _email(raw) -> str:
    text = str(raw).strip().lower()
    if len(text) > 254:
        raise ValidationError(_("Terlalu panjang (paling banyak %(max)s karakter).") % {"max": 254})
    validate_email(text)
    return text


def _count(raw) -> int:
    """'5', 5, 5.0 or '5 orang' → 5."""
    if type(raw) is str:
        text = raw.strip()
        if not text.isdigit():
            match = re.fullmatch(r"(\d+)(?:[.,]0+)?\s*(orang|org|jiwa)?\.?", text.lower())
            if not match:
                raise ValidationError(_("Harus bilangan bulat tidak negatif."))
            text = match.group(1)
        return int(text)
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValidationError(_("Harus bilangan bulat tidak negatif."))
    if isinstance(raw, float) and not raw.is_integer():
        raise ValidationError(_("Harus bilangan bulat tidak negatif."))
    if raw < 0:
        raise ValidationError(_("Harus bilangan bulat tidak negatif."))
    return int(raw)


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def _year(raw) -> int:
    """2015, 2015.0, '2015', 'Maret 2015', '01/03/2015' or an Excel date → 2015."""
    if isinstance(raw, datetime.date):
        year = raw.year
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        if raw != int(raw):
            raise ValidationError(_("Tahun tidak dapat dibaca."))
        year = int(raw)
    else:
        found = _YEAR.findall(str(raw))
        if len(found) != 1:
            raise ValidationError(_("Tahun tidak dapat dibaca."))
        year = int(found[0])
    if not 1900 <= year <= timezone.now().year:
        raise ValidationError(_("Tahun berdiri tidak wajar."))
    return year


def _rupiah(raw) -> int | None:
    return parse_rupiah(raw)


SECTOR_WORDS = (
    ("batik", Sector.BATIK),
    ("bordir", Sector.BORDIR),
    ("border", Sector.BORDIR),
    ("sulam", Sector.BORDIR),
    ("tenun", Sector.TENUN),
    ("songket", Sector.TENUN),
    ("anyam", Sector.ANYAMAN),
    ("rotan", Sector.ANYAMAN),
    ("bambu", Sector.ANYAMAN),
    ("kayu", Sector.KAYU),
    ("ukir", Sector.KAYU),
    ("mebel", Sector.KAYU),
    ("furnitur", Sector.KAYU),
    ("kulit", Sector.KULIT),
    ("keramik", Sector.KERAMIK_GERABAH),
    ("gerabah", Sector.KERAMIK_GERABAH),
    ("tembikar", Sector.KERAMIK_GERABAH),
    ("perhiasan", Sector.PERHIASAN_AKSESORIS),
    ("aksesori", Sector.PERHIASAN_AKSESORIS),
    ("asesori", Sector.PERHIASAN_AKSESORIS),
    ("manik", Sector.PERHIASAN_AKSESORIS),
    ("rajut", Sector.RAJUT),
    ("ecoprint", Sector.ECOPRINT),
    ("eco print", Sector.ECOPRINT),
    ("lain", Sector.LAINNYA),
)


def sector_of(text: str) -> tuple[str, str]:
    """(sector, warning): the sector whose word comes first in the text; unknown → lainnya."""
    lowered = " ".join(str(text).lower().replace("_", " ").split())
    for value, label in Sector.choices:
        if lowered in (value.replace("_", " "), str(label).lower()):
            return value, ""
    hits = [(lowered.find(word), sector) for word, sector in SECTOR_WORDS if word in lowered]
    if hits:
        return min(hits)[1], ""
    return Sector.LAINNYA, _("Sektor “%(value)s” tidak dikenal; dicatat sebagai Lainnya.") % {
        "value": str(text).strip()
    }


LEGAL_FORMS = {
    "perorangan": LegalForm.PERORANGAN,
    "perseorangan": LegalForm.PERORANGAN,
    "pribadi": LegalForm.PERORANGAN,
    "individu": LegalForm.PERORANGAN,
    "ud": LegalForm.UD,
    "usaha dagang": LegalForm.UD,
    "cv": LegalForm.CV,
    "pt": LegalForm.PT,
    "pt perorangan": LegalForm.PT_PERORANGAN,
    "pt perseorangan": LegalForm.PT_PERORANGAN,
    "koperasi": LegalForm.KOPERASI,
    "kop": LegalForm.KOPERASI,
}


_LEGAL_FORMS_COMPACT = {key.replace(" ", ""): value for key, value in LEGAL_FORMS.items()}


def legal_form_of(text: str) -> tuple[str, str]:
    """(legal form, warning): 'PT', 'P.T.', 'Usaha Dagang', 'CV'…; unknown → lainnya."""
    key = header_key(text).replace(" ", "")
    if key in _LEGAL_FORMS_COMPACT:
        return _LEGAL_FORMS_COMPACT[key], ""
    for value, label in LegalForm.choices:
        if key == header_key(label).replace(" ", ""):
            return value, ""
    return LegalForm.LAINNYA, _(
        "Bentuk usaha “%(value)s” tidak dikenal; dicatat sebagai Lainnya."
    ) % {"value": str(text).strip()}


_MULTI_PHONE = re.compile(r"\s*(?:/|,|;|\bdan\b|&)\s*")


def phone_of(raw) -> tuple[str, str]:
    """(phone, warning). Two numbers in one cell ('0812… / 0813…'): the first is kept."""
    try:
        return normalize_phone(raw), ""
    except ValidationError:
        parts = [p for p in _MULTI_PHONE.split(str(raw)) if p.strip()]
        if len(parts) < 2:
            raise
        phone = normalize_phone(parts[0])
        return phone, _("Lebih dari satu nomor; yang disimpan %(phone)s.") % {"phone": phone}


CONVERTERS: dict[str, Callable] = {
    "nib": normalize_nib,
    "name": _text(200),
    "owner_name": _text(150),
    "email": _email,
    "address": _text(300),
    "kbli": normalize_kbli,
    "year_founded": _year,
    "workforce_total": _count,
    "workforce_women": _count,
    "workforce_men": _count,
    "workforce_youth": _count,
    "capital": _rupiah,
    "annual_sales": _rupiah,
    "trademark_number": _text(40),
}
# Values that repeat down a column are converted once per distinct text.
CACHED = frozenset(
    {
        "kbli",
        "year_founded",
        "workforce_total",
        "workforce_women",
        "workforce_men",
        "workforce_youth",
        "capital",
        "annual_sales",
    }
)
CACHE_SIZE = 20_000  # distinct values per column kept (bounded memory on huge files)
_MISSING = object()


@dataclass(slots=True)
class ParsedRow:
    """One data row: the values of its non-empty cells, normalised, and what was wrong.

    `errors` and `warnings` hold (column header, cell value, message)."""

    number: int
    values: dict
    errors: list
    warnings: list
    blank: bool = False
    # The row as it would be inserted as a new business (set by the runner's `prepare`).
    insert: list | None = None

    def __reduce__(self):
        # Rebuilt by the constructor: unpickling a batch from the reading process takes
        # about 40 % less time than by the default (setstate per slot).
        return ParsedRow, (
            self.number,
            self.values,
            self.errors,
            self.warnings,
            self.blank,
            self.insert,
        )


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


class RowParser:
    """Turns the cells of one row into a ParsedRow for the header found in the file.

    Written for speed (it runs once per row): the plan per column is worked out once,
    values that repeat down a column are converted once, regions are matched from a cache.
    """

    def __init__(self, header: Header, matcher: RegionMatcher):
        self.header = header
        self.matcher = matcher
        special = {"district", "village", "sector", "legal_form", "phone"}
        plan = [
            (name, indices, CONVERTERS[name], {} if name in CACHED else None)
            for name, indices in header.columns.items()
            if name not in special
        ]
        # Fields read from one column (nearly all) take the short path.
        self.single = [(n, i[0], c, k) for n, i, c, k in plan if len(i) == 1]
        self.multi = [(n, i, c, k) for n, i, c, k in plan if len(i) > 1]
        self.district = header.columns.get("district", [])
        self.village = header.columns.get("village", [])
        self.sector = header.columns.get("sector", [])
        self.legal_form = header.columns.get("legal_form", [])
        self.phone = header.columns.get("phone", [])
        self._sector_cache: dict[str, tuple[str, str]] = {}
        self._legal_cache: dict[str, tuple[str, str]] = {}

    @staticmethod
    def is_blank(cells: Sequence) -> bool:
        for cell in cells:
            if cell is not None and cell != "" and (type(cell) is not str or not cell.isspace()):
                return False
        return True

    def parse(self, number: int, cells: Sequence) -> ParsedRow:
        values: dict = {}
        errors: list = []
        warnings: list = []
        size = len(cells)
        texts = self.header.texts
        for name, index, convert, cache in self.single:
            if index >= size:
                continue
            raw = cells[index]
            if raw is None or raw == "":
                continue
            if type(raw) is str:
                raw = raw.strip()
                if not raw:
                    continue
            try:
                if cache is None:
                    value = convert(raw)
                else:
                    value = cache.get(raw, _MISSING)
                    if value is _MISSING:
                        value = convert(raw)
                        if len(cache) < CACHE_SIZE:
                            cache[raw] = value
            except ValidationError as exc:
                errors.append((texts[index], raw, _message(exc)))
                continue
            if value is not None:
                values[name] = value
        for name, indices, convert, _cache in self.multi:
            raw, index = _first(cells, indices, size)
            if raw is None:
                continue
            try:
                value = convert(raw)
            except ValidationError as exc:
                errors.append((texts[index], raw, _message(exc)))
                continue
            if value is not None:
                values[name] = value
        if self.phone:
            raw, index = _first(cells, self.phone, size)
            if raw is not None:
                try:
                    phone, warning = phone_of(raw)
                    values["phone"] = phone
                    if warning:
                        warnings.append((texts[index], raw, warning))
                except ValidationError as exc:
                    errors.append((texts[index], raw, _message(exc)))
        if self.sector:
            self._choice(
                cells, size, "sector", self.sector, sector_of, self._sector_cache, values, warnings
            )
        if self.legal_form:
            self._choice(
                cells,
                size,
                "legal_form",
                self.legal_form,
                legal_form_of,
                self._legal_cache,
                values,
                warnings,
            )
        if self.village:
            village, v_index = _first(cells, self.village, size)
            if village is not None:
                district, d_index = _first(cells, self.district, size)
                match = self.matcher.match("" if district is None else str(district), str(village))
                if match.warnings:
                    for column, warning in match.warnings:
                        if column == "district":
                            warnings.append((texts[d_index], district, warning))
                        else:
                            warnings.append((texts[v_index], village, warning))
                if match.village is None:
                    if match.column == "district":
                        errors.append((texts[d_index], district, match.error))
                    else:
                        errors.append((texts[v_index], village, match.error))
                else:
                    values["village_id"] = match.village
        if "workforce_men" in values:
            men = values.pop("workforce_men")
            if "workforce_total" not in values:
                values["workforce_total"] = men + values.get("workforce_women", 0)
        return ParsedRow(number, values, errors, warnings)

    def _choice(self, cells, size, name, columns, function, cache, values, warnings):
        raw, index = _first(cells, columns, size)
        if raw is None:
            return
        key = str(raw)
        found = cache.get(key)
        if found is None:
            found = function(key)
            if len(cache) < CACHE_SIZE:
                cache[key] = found
        values[name] = found[0]
        if found[1]:
            warnings.append((self.header.texts[index], raw, found[1]))


def _first(cells: Sequence, indices: list[int], size: int):
    """The first non-empty cell among `indices` and its index (strings stripped)."""
    for index in indices:
        if index < size:
            cell = cells[index]
            if cell is None:
                continue
            if type(cell) is str:
                cell = cell.strip()
                if not cell:
                    continue
            return cell, index
    return None, indices[0] if indices else 0
