"""Comparing a result with its specification: within, outside, or no limit.

Pure functions over anything shaped like a `Specification` (kind, min_value,
min_inclusive, max_value, max_inclusive) — the model itself, or None when the
standard sets nothing for the parameter. An unset limit is never guessed: the
verdict is "batas belum ditetapkan" (no limit).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .scales import Scale, format_value


class LimitKind(models.TextChoices):
    UNSET = "unset", _("Batas belum ditetapkan")
    RANGE = "range", _("Rentang nilai (minimum/maksimum)")
    PASS_FAIL = "pass_fail", _("Harus lulus")


class Verdict(models.TextChoices):
    WITHIN = "within", _("Memenuhi")
    OUTSIDE = "outside", _("Tidak memenuhi")
    NO_LIMIT = "no_limit", _("Batas belum ditetapkan")


class DecisionRule(models.TextChoices):
    """The decision rule agreed at contract review (ILAC-G8; ISO/IEC 17025 §7.1.3)."""

    SIMPLE = "simple", _("Penerimaan sederhana")
    GUARDED = "guarded", _("Penerimaan dengan pita pengaman")


NO_LIMIT_TEXT = _("batas belum ditetapkan")


def has_limit(spec) -> bool:
    if spec is None or spec.kind == LimitKind.UNSET:
        return False
    if spec.kind == LimitKind.RANGE:
        return spec.min_value is not None or spec.max_value is not None
    return spec.kind == LimitKind.PASS_FAIL


def judge(spec, value, *, rule: str = DecisionRule.SIMPLE, guard_band=None) -> str:
    """The verdict for `value` (Decimal, or bool for pass/fail) against `spec`.

    A range bound is inclusive unless its flag says otherwise; a missing bound does
    not constrain. A pass/fail limit is met by a pass. Raises TypeError when a
    numeric value meets a pass/fail limit or the other way round.

    Under simple acceptance a value is judged against the limits as they are. Under
    guarded acceptance the acceptance zone is narrowed by `guard_band` (w) at each
    bound: a value is accepted only from min + w (≥, or > when the minimum is not
    inclusive) up to max − w; anything else is "tidak memenuhi" (binary statement).
    """
    if rule == DecisionRule.GUARDED:
        if guard_band is None or Decimal(guard_band) < 0:
            raise ValueError("Guarded acceptance needs a guard band of zero or more.")
        band = Decimal(guard_band)
    else:
        band = Decimal(0)
    if not has_limit(spec):
        return Verdict.NO_LIMIT
    if spec.kind == LimitKind.PASS_FAIL:
        if not isinstance(value, bool):
            raise TypeError("A pass/fail limit needs a pass/fail result.")
        return Verdict.WITHIN if value else Verdict.OUTSIDE
    if isinstance(value, bool) or value is None:
        raise TypeError("A numeric limit needs a numeric result.")
    value = Decimal(value)
    if spec.min_value is not None:
        low = Decimal(spec.min_value) + band
        if value < low or (value == low and not spec.min_inclusive):
            return Verdict.OUTSIDE
    if spec.max_value is not None:
        high = Decimal(spec.max_value) - band
        if value > high or (value == high and not spec.max_inclusive):
            return Verdict.OUTSIDE
    return Verdict.WITHIN


def describe(spec, scale: str) -> str:
    """The limit as a report prints it: "≥ 4", "> 3 dan ≤ 4-5", "lulus", or
    "batas belum ditetapkan"."""
    if not has_limit(spec):
        return str(NO_LIMIT_TEXT)
    if spec.kind == LimitKind.PASS_FAIL:
        return gettext("lulus")
    parts = []
    if spec.min_value is not None:
        sign = "≥" if spec.min_inclusive else ">"
        parts.append(f"{sign} {format_value(scale, spec.min_value)}")
    if spec.max_value is not None:
        sign = "≤" if spec.max_inclusive else "<"
        parts.append(f"{sign} {format_value(scale, spec.max_value)}")
    joiner = gettext("dan")
    return f" {joiner} ".join(parts)


def overall(verdicts) -> str:
    """One verdict for a sample: outside if any result is outside; within only when
    every result has a limit and meets it; otherwise no limit (nothing to conclude)."""
    verdicts = list(verdicts)
    if any(v == Verdict.OUTSIDE for v in verdicts):
        return Verdict.OUTSIDE
    if verdicts and all(v == Verdict.WITHIN for v in verdicts):
        return Verdict.WITHIN
    return Verdict.NO_LIMIT


__all__ = [
    "DecisionRule",
    "LimitKind",
    "Verdict",
    "Scale",
    "describe",
    "has_limit",
    "judge",
    "overall",
]
