"""Normalising values as people type them (forms, API and spreadsheet import share these)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIB_LENGTH = 13
# "9120000007919.0": a numeric cell as a spreadsheet (or pandas) writes it to CSV.
_INTEGRAL_DECIMAL = re.compile(r"(\d+)[.,]0+")


def normalize_nib(value) -> str:
    """'9120 0012.3456-7', 9120001234567 or 9.120001234567E12 → '9120001234567'.

    A leading apostrophe (Excel's "keep as text" mark) is dropped. A number's
    integral decimal text ("9120001234567.0", "9120001234567,0" — a numeric cell
    written to CSV) is the number it is, as the float 9120001234567.0 is: its zero
    fraction is dropped before counting digits, never read as a group separator, so
    "912000000000.0" (12 digits) is refused instead of becoming 13 digits. Dotted
    groups ("9120.0012.3456.7") stay groups; any other fraction is refused."""
    if type(value) is str and len(value) == NIB_LENGTH and value.isascii() and value.isdigit():
        return value  # the common case, without regular expressions (bulk import)
    if value is None:
        raise ValidationError(_("NIB wajib diisi."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(_("NIB harus 13 digit angka."))
        value = int(value)
    text = str(value).strip().lstrip("'")
    integral = _INTEGRAL_DECIMAL.fullmatch(text)
    if integral:
        text = integral.group(1)
    scientific = re.fullmatch(r"(\d)(?:[.,](\d+))?[eE]\+?(\d+)", text)
    if scientific:
        # A spreadsheet shows a long number as 9,12E+12 when the column is narrow and
        # saves that text to CSV: the digits are gone. Only a full mantissa is an NIB.
        lead, decimals, exponent = scientific.groups()
        digits = lead + (decimals or "")
        if len(digits) < NIB_LENGTH:
            raise ValidationError(
                _(
                    "NIB tertulis sebagai angka ilmiah (%(value)s) sehingga digitnya "
                    "terpotong; ubah kolom NIB menjadi teks."
                )
                % {"value": text}
            )
        text = str(int(Decimal(f"{lead}.{decimals or '0'}E{exponent}")))
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits:
        raise ValidationError(_("NIB wajib diisi."))
    if not (digits.isascii() and digits.isdigit()) or len(digits) != NIB_LENGTH:
        raise ValidationError(_("NIB harus 13 digit angka."))
    return digits


def normalize_phone(value) -> str:
    """08…, 62…, +62…, with dashes, spaces, dots or an area code in brackets → +62…"""
    if type(value) is str and value.isascii() and value.isdigit() and value[:1] in "06":
        # The common case typed as digits only, without regular expressions (bulk import).
        national = value[2:] if value[0] == "6" else value[1:]
        if value[0] == "6" and value[1:2] != "2":
            raise ValidationError(_("Nomor telepon harus diawali 0, 62 atau +62."))
        national = national.lstrip("0")
        if not 7 <= len(national) <= 13:
            raise ValidationError(_("Panjang nomor telepon tidak wajar."))
        return "+62" + national
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not text:
        return ""
    digits = re.sub(r"[\s\-.()/]", "", text)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("62"):
            raise ValidationError(_("Nomor telepon harus nomor Indonesia (+62)."))
    if not (digits.isascii() and digits.isdigit()):
        raise ValidationError(_("Nomor telepon hanya boleh berisi angka."))
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith("8"):
        # Excel drops the leading zero of 0812…
        national = digits
    else:
        raise ValidationError(_("Nomor telepon harus diawali 0, 62 atau +62."))
    national = national.lstrip("0")
    if not 7 <= len(national) <= 13:
        raise ValidationError(_("Panjang nomor telepon tidak wajar."))
    return "+62" + national


_KBLI = re.compile(r"^\d{5}$")


def normalize_kbli(value) -> list[str]:
    """'13134, 13132' or ['13134'] → ['13134', '13132'] (five digits each)."""
    if value in (None, ""):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a single code stored by Excel as a number
    items = value if isinstance(value, list | tuple) else re.split(r"[,;/\s]+", str(value))
    codes = []
    for item in items:
        code = (
            str(int(item)) if isinstance(item, float) and item.is_integer() else str(item).strip()
        )
        if not code:
            continue
        if not _KBLI.match(code):
            raise ValidationError(
                _("Kode KBLI harus 5 digit angka seperti tercetak di NIB: %(code)s")
                % {"code": code}
            )
        if code not in codes:
            codes.append(code)
    return codes


_MULTIPLIERS = {
    "rb": 10**3,
    "ribu": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
}


_RP_PREFIX = re.compile(r"^(rp|idr)\.?\s*")
_RP_DASH = re.compile(r"[.,]-$")
_RP_WORDS = re.compile(r"([\d.,]+)(rb|ribu|jt|juta|m|miliar|milyar)")
_RP_DOTTED = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_RP_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_RP_COMMAS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_RP_DECIMAL_POINT = re.compile(r"\d+\.\d{1,2}")
# 'Rp 1.500.000', 'rp. 1.500.000,00', '1.500.000,-' (lower case): the usual written amount.
_RP_COMMON = re.compile(r"(?:(?:rp|idr)\.?\s*)?(\d{1,3}(?:\.\d{3})+)(?:,0+)?(?:[.,]-)?")


def parse_rupiah(value) -> int | None:
    """'Rp 1.500.000', 'Rp 1.500.000,-', '1.500.000,00', '1,5 juta', '1500000', 1500000.0
    → 1500000."""
    if type(value) is str:
        if value.isascii() and value.isdigit():
            return int(value)  # the common cases first, for the bulk import
        common = _RP_COMMON.fullmatch(value.strip().lower())
        if common:
            return int(common.group(1).replace(".", ""))
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("Nilai rupiah tidak valid."))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        amount = round(value)
    else:
        text = str(value).strip().lower()
        if not text or text in {"-", "–"}:
            return None
        text = _RP_PREFIX.sub("", text).replace(" ", "")
        # "Rp 150.000,-": the dash closes the amount, as written on price tags.
        text = _RP_DASH.sub("", text)
        multiplier = 1
        match = _RP_WORDS.fullmatch(text)
        if match:
            text, multiplier = match.group(1), _MULTIPLIERS[match.group(2)]
            number = float(text.replace(".", "").replace(",", ".")) if "," in text else float(text)
            amount = round(number * multiplier)
        else:
            if _RP_DOTTED.fullmatch(text) or _RP_DECIMAL_COMMA.fullmatch(text):
                text = text.replace(".", "").split(",")[0]
            elif _RP_COMMAS.fullmatch(text):
                text = text.replace(",", "").split(".")[0]
            elif _RP_DECIMAL_POINT.fullmatch(text):
                text = text.split(".")[0]
            if not text.isdigit():
                raise ValidationError(
                    _("Nilai rupiah tidak dapat dibaca: %(value)s") % {"value": value}
                )
            amount = int(text)
    if amount < 0:
        raise ValidationError(_("Nilai rupiah tidak boleh negatif."))
    return amount
