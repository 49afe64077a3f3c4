"""Named reads of the insights app: the programme's targets against live actuals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kriya.desk.survey import parse_period

from . import indicators
from .models import CooperationAgreement, Target

QUARTERS = (1, 2, 3, 4)


def quarter_period(year: int, quarter: int):
    return parse_period(f"{year}-Q{quarter}")


@dataclass
class ProgrammeRow:
    target: Target
    indicator: indicators.Indicator | None
    quarter_targets: list
    quarter_actuals: list  # None for a quarter that has not begun
    actual: object  # the year so far
    share: float | None  # actual / target, percent

    @property
    def key(self) -> str:
        return self.target.indicator

    @property
    def quarter_table(self) -> list[tuple[str, object, object]]:
        names = ("I", "II", "III", "IV")
        return [(names[i], self.quarter_targets[i], self.quarter_actuals[i]) for i in range(4)]


def programme(
    agreement: CooperationAgreement,
    year: int,
    *,
    district: str | None = None,
    today: date | None = None,
    upto_quarter: int = 4,
) -> list[ProgrammeRow]:
    """Each target of `year` with its actual per quarter and for the year so far (five
    queries a target, whatever the amount of data)."""
    today = today or timezone.localdate()
    rows = []
    for target in agreement.targets.filter(year=year).order_by("id"):
        indicator = indicators.get(target.indicator)
        actuals = []
        for q in QUARTERS:
            period = quarter_period(year, q)
            if indicator is None or period.start > today or q > upto_quarter:
                actuals.append(None)
            else:
                actuals.append(
                    indicator.value(agreement.regency_id, period.start, period.end, district)
                )
        if indicator is None:
            actual = None
        else:
            last = quarter_period(year, upto_quarter).end
            actual = indicator.value(agreement.regency_id, date(year, 1, 1), last, district)
        share = None
        if actual is not None and target.value:
            share = round(float(actual) / float(target.value) * 100, 1)
        rows.append(ProgrammeRow(target, indicator, target.quarters, actuals, actual, share))
    return rows


def current_year(agreement: CooperationAgreement, today: date | None = None) -> int:
    today = today or timezone.localdate()
    years = agreement.years
    if today.year in years:
        return today.year
    return years[-1] if today.year > years[-1] else years[0]
