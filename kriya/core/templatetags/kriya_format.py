"""`rupiah`, `tanggal`, `waktu`: the one money and date format (kriya/core/formatting.py).

A builtin library (TEMPLATES OPTIONS builtins), so every template has them without
{% load %}."""

from django import template

from kriya.core import formatting

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """245000 → "Rp 245.000" (no-break space; "Rp 245,000" in English); None → "—"."""
    return formatting.rupiah(value, empty="—")


@register.filter
def tanggal(value) -> str:
    """A date as "2 Desember 2026"."""
    return formatting.tanggal(value)


@register.filter
def waktu(value) -> str:
    """A datetime as "2 Desember 2026, 14.30 WIB"."""
    return formatting.waktu(value)
