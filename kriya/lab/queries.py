"""Named reads used by the lab's pages and the API."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch

from .models import Calibration, Instrument, Parameter, Specification, StandardVersion

EXPIRY_WARNING_DAYS = 30


def instrument_overview(today: date) -> dict:
    """Expired calibrations, those expiring in the next 30 days, and every instrument."""
    return {
        "expired": list(Instrument.objects.expired(today)),
        "expiring": list(Instrument.objects.expiring_within(EXPIRY_WARNING_DAYS, today)),
        "instruments": list(Instrument.objects.with_calibration().order_by("code")),
        "warning_days": EXPIRY_WARNING_DAYS,
    }


def instrument_history(instrument: Instrument) -> list[Calibration]:
    return list(instrument.calibrations.select_related("recorded_by").order_by("-valid_until"))


def specification_table() -> list[StandardVersion]:
    """Editions that have limits, each with its specifications (parameter and method)."""
    specs = Specification.objects.select_related("parameter", "parameter__method").order_by(
        "parameter__position", "parameter__name"
    )
    return list(
        StandardVersion.objects.filter(specifications__isnull=False)
        .distinct()
        .select_related("standard")
        .prefetch_related(Prefetch("specifications", queryset=specs))
        .order_by("standard__code", "-version")
    )


def parameters_with_methods():
    return (
        Parameter.objects.filter(is_active=True)
        .select_related("method")
        .order_by("method__name", "position")
    )
