"""The one money and date format of every page, PDF and e-mail (docs/content.md).

Money: "Rp 245.000" in Indonesian, "Rp 245,000" in English — "Rp", a no-break space (the
amount never wraps away from its currency), whole rupiah grouped by thousands with the
language's separator. Dates: "2 Desember 2026" / "2 December 2026"; date-times add the
time and the zone, "2 Desember 2026, 14.30 WIB". The date formats live in
`kriya/core/formats/<language>/formats.py` (FORMAT_MODULE_PATH), so `{{ value|date }}` and
`{{ value|date:"DATETIME_FORMAT" }}` follow them too.
"""

from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

NBSP = "\u00a0"


def rupiah(amount, *, empty: str = "") -> str:
    """245000 → "Rp 245.000" (Indonesian) or "Rp 245,000" (English), with a no-break
    space; None or "" → `empty`."""
    if amount is None or amount == "":
        return empty
    value = int(amount)
    separator = "," if (translation.get_language() or "id").startswith("en") else "."
    digits = f"{abs(value):,}".replace(",", separator)
    return f"{'-' if value < 0 else ''}Rp{NBSP}{digits}"


def tanggal(value) -> str:
    """A date (or the local date of a datetime, or an ISO date string as stored in audit
    data) as "2 Desember 2026"; None → ""."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return date_format(value, "DATE_FORMAT")


def waktu(value) -> str:
    """A datetime in the local zone as "2 Desember 2026, 14.30 WIB"; a plain date as
    `tanggal`; None → ""."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime):
        return tanggal(value) if isinstance(value, date) else str(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")
