"""The scales a test result is read on, and the one function that accepts a value.

Colour fastness is graded on the grey scale (change of colour, ISO 105-A02) and the
staining scale (ISO 105-A03), both 1–5 in half steps, written "4-5" for 4½ in test
reports; light fastness on the blue wool references 1–8; dimensional change and
the like as a percentage; visual characteristics as pass/fail with observations.

`parse_value(scale, text)` is the only way a result value enters Kriya: a form, the
API and the specification editor all call it, so nothing off the scale is stored.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    GREY = "grey", _("Skala abu-abu 1–5 (setengah tingkat)")
    STAINING = "staining", _("Skala penodaan 1–5 (setengah tingkat)")
    BLUE_WOOL = "blue_wool", _("Skala biru wol 1–8")
    PERCENT = "percent", _("Persentase (%)")
    PASS_FAIL = "pass_fail", _("Lulus/tidak lulus dengan pengamatan")


HALF = Decimal("0.5")
PERCENT_LIMIT = Decimal("100")

# (lowest, highest, step) of the graded scales.
GRADED = {
    Scale.GREY: (Decimal(1), Decimal(5), HALF),
    Scale.STAINING: (Decimal(1), Decimal(5), HALF),
    Scale.BLUE_WOOL: (Decimal(1), Decimal(8), Decimal(1)),
}

PASS_WORDS = {"lulus", "pass", "ya", "memenuhi"}
FAIL_WORDS = {"tidak lulus", "fail", "gagal", "tidak", "tidak memenuhi"}

_INTERMEDIATE = re.compile(r"^\s*(\d)\s*[-/–]\s*(\d)\s*$")  # "4-5", "4/5", "4–5"


def is_numeric(scale: str) -> bool:
    return scale != Scale.PASS_FAIL


def _decimal(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "").replace("%", "").replace(",", ".")
    cleaned = cleaned.replace("−", "-")  # a typographic minus pasted from a document
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Masukkan angka."), code="not_a_number") from None
    if not value.is_finite():
        raise ValidationError(_("Masukkan angka."), code="not_a_number")
    return value


def parse_value(scale: str, text) -> Decimal | bool:
    """The value `text` denotes on `scale`, or ValidationError with an Indonesian message.

    Graded scales accept "4", "4.5", "4,5" and the report notation "4-5" (= 4½);
    percentages accept a decimal comma and at most two decimals between −100 and 100;
    pass/fail accepts "lulus"/"tidak lulus" (or pass/fail, or a bool).
    """
    if scale == Scale.PASS_FAIL:
        if isinstance(text, bool):
            return text
        word = str(text or "").strip().lower()
        if word in PASS_WORDS:
            return True
        if word in FAIL_WORDS:
            return False
        raise ValidationError(_("Pilih lulus atau tidak lulus."), code="not_on_scale")

    if isinstance(text, bool) or text is None or str(text).strip() == "":
        raise ValidationError(_("Masukkan nilai hasil uji."), code="required")
    if isinstance(text, int | Decimal):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(str(text))
    else:
        match = _INTERMEDIATE.match(str(text))
        if match and scale in (Scale.GREY, Scale.STAINING):
            low, high = int(match[1]), int(match[2])
            if high != low + 1:
                raise ValidationError(
                    _("Nilai antara ditulis sebagai dua tingkat berurutan, misalnya 4-5."),
                    code="not_on_scale",
                )
            value = Decimal(low) + HALF
        else:
            value = _decimal(str(text))

    if scale == Scale.PERCENT:
        if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("Paling banyak dua angka desimal."), code="precision")
        if not -PERCENT_LIMIT <= value <= PERCENT_LIMIT:
            raise ValidationError(_("Persentase harus antara -100 dan 100."), code="out_of_scale")
        return value.quantize(Decimal("0.01"))

    if scale not in GRADED:
        raise ValueError(f"Unknown scale {scale!r}")
    low, high, step = GRADED[scale]
    if not low <= value <= high or (value - low) % step != 0:
        raise ValidationError(
            _("Nilai %(value)s tidak ada pada %(scale)s.")
            % {"value": text, "scale": Scale(scale).label},
            code="not_on_scale",
        )
    return value.quantize(HALF) if step == HALF else value.quantize(Decimal(1))


def steps(scale: str) -> list[Decimal]:
    """Every value of a graded scale, lowest first (empty for the other scales)."""
    if scale not in GRADED:
        return []
    low, high, step = GRADED[scale]
    values, value = [], low
    while value <= high:
        values.append(value)
        value += step
    return values


def format_value(scale: str, value) -> str:
    """A stored value as a test report writes it: 4.5 on the grey scale is "4-5"."""
    if value is None:
        return ""
    if scale == Scale.PASS_FAIL:
        return str(_("Lulus") if value else _("Tidak lulus"))
    value = Decimal(value)
    if scale in (Scale.GREY, Scale.STAINING):
        if value % 1:
            low = int(value)
            return f"{low}-{low + 1}"
        return str(int(value))
    if scale == Scale.BLUE_WOOL:
        return str(int(value))
    return f"{number_format(value.normalize() if value % 1 else int(value))} %"


def choices(scale: str) -> list[tuple[str, str]]:
    """Select options for a graded scale or pass/fail; empty for free numeric entry."""
    if scale == Scale.PASS_FAIL:
        return [("lulus", str(_("Lulus"))), ("tidak lulus", str(_("Tidak lulus")))]
    return [(format_value(scale, v), format_value(scale, v)) for v in steps(scale)]
