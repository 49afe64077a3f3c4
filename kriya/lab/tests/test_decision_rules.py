"""The decision rule agreed at contract review, at its boundaries: simple acceptance
judges against the limit itself; guarded acceptance accepts only inside the limit
narrowed by the guard band (w = 0.5 here)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kriya.lab.verdicts import DecisionRule, LimitKind, Verdict, judge

SIMPLE, GUARDED = DecisionRule.SIMPLE, DecisionRule.GUARDED
IN, OUT = Verdict.WITHIN, Verdict.OUTSIDE
W = Decimal("0.5")


def limit(low=None, high=None, *, low_inclusive=True, high_inclusive=True):
    return SimpleNamespace(
        kind=LimitKind.RANGE,
        min_value=None if low is None else Decimal(low),
        min_inclusive=low_inclusive,
        max_value=None if high is None else Decimal(high),
        max_inclusive=high_inclusive,
    )


AT_LEAST_4 = limit("4")
AT_MOST_10 = limit(high="10")
MORE_THAN_4 = limit("4", low_inclusive=False)
BETWEEN_2_AND_8 = limit("2", "8")

CASES = [
    # (limit, value, rule, expected)
    # minimum 4, simple: the limit itself decides
    (AT_LEAST_4, "4", SIMPLE, IN),  # exactly at the limit
    (AT_LEAST_4, "3.5", SIMPLE, OUT),  # limit − w
    (AT_LEAST_4, "4.5", SIMPLE, IN),  # limit + w
    (AT_LEAST_4, "3.99", SIMPLE, OUT),  # just outside
    (AT_LEAST_4, "5", SIMPLE, IN),  # well inside
    # minimum 4, guarded: accepted only from 4 + w
    (AT_LEAST_4, "4", GUARDED, OUT),  # at the limit: inside the guard band
    (AT_LEAST_4, "3.5", GUARDED, OUT),  # limit − w
    (AT_LEAST_4, "4.49", GUARDED, OUT),  # in the band, just below the acceptance limit
    (AT_LEAST_4, "4.5", GUARDED, IN),  # exactly at the acceptance limit (limit + w)
    (AT_LEAST_4, "5", GUARDED, IN),  # well inside
    (AT_LEAST_4, "3", GUARDED, OUT),  # well outside
    # a minimum that is not inclusive stays exclusive at the shifted limit
    (MORE_THAN_4, "4", SIMPLE, OUT),
    (MORE_THAN_4, "4.01", SIMPLE, IN),
    (MORE_THAN_4, "4.5", GUARDED, OUT),
    (MORE_THAN_4, "4.51", GUARDED, IN),
    # maximum 10
    (AT_MOST_10, "10", SIMPLE, IN),
    (AT_MOST_10, "10.5", SIMPLE, OUT),
    (AT_MOST_10, "9.5", SIMPLE, IN),
    (AT_MOST_10, "10", GUARDED, OUT),
    (AT_MOST_10, "9.5", GUARDED, IN),  # limit − w: the acceptance limit
    (AT_MOST_10, "9.51", GUARDED, OUT),
    (AT_MOST_10, "10.5", GUARDED, OUT),
    # a range narrows at both ends
    (BETWEEN_2_AND_8, "2", SIMPLE, IN),
    (BETWEEN_2_AND_8, "8", SIMPLE, IN),
    (BETWEEN_2_AND_8, "2", GUARDED, OUT),
    (BETWEEN_2_AND_8, "2.5", GUARDED, IN),
    (BETWEEN_2_AND_8, "7.5", GUARDED, IN),
    (BETWEEN_2_AND_8, "8", GUARDED, OUT),
    (BETWEEN_2_AND_8, "5", GUARDED, IN),
    (BETWEEN_2_AND_8, "9", GUARDED, OUT),
]


@pytest.mark.parametrize(("spec", "value", "rule", "expected"), CASES)
def test_the_decision_rule_decides_at_the_boundaries(spec, value, rule, expected):
    band = W if rule == GUARDED else None
    assert judge(spec, Decimal(value), rule=rule, guard_band=band) == expected


def test_a_guard_band_of_zero_judges_like_simple_acceptance():
    for spec, value, rule, _expected in CASES:
        if rule == SIMPLE:
            simple = judge(spec, Decimal(value))
            assert judge(spec, Decimal(value), rule=GUARDED, guard_band=0) == simple


@pytest.mark.parametrize("rule", [SIMPLE, GUARDED])
def test_a_pass_fail_limit_and_an_unset_limit_are_not_moved_by_the_rule(rule):
    band = W if rule == GUARDED else None
    pass_fail = SimpleNamespace(kind=LimitKind.PASS_FAIL, min_value=None, max_value=None)
    assert judge(pass_fail, True, rule=rule, guard_band=band) == IN
    assert judge(pass_fail, False, rule=rule, guard_band=band) == OUT
    assert judge(None, Decimal("4"), rule=rule, guard_band=band) == Verdict.NO_LIMIT


def test_guarded_acceptance_without_a_guard_band_is_refused():
    with pytest.raises(ValueError):
        judge(AT_LEAST_4, Decimal("5"), rule=GUARDED)
