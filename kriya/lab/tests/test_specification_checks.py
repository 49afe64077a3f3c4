"""A result is within, outside, or has no limit — each boundary checked both ways."""

from decimal import Decimal

import pytest

from kriya.lab.models import Parameter, Specification
from kriya.lab.scales import Scale
from kriya.lab.verdicts import LimitKind, Verdict, describe, judge, overall

D = Decimal
W, OUT, N = Verdict.WITHIN, Verdict.OUTSIDE, Verdict.NO_LIMIT


def spec(kind=LimitKind.RANGE, lo=None, hi=None, lo_inc=True, hi_inc=True):
    # An unsaved model instance: the check is pure and needs no database.
    return Specification(
        kind=kind, min_value=lo, max_value=hi, min_inclusive=lo_inc, max_inclusive=hi_inc
    )


@pytest.mark.parametrize(
    ("value", "inclusive", "verdict"),
    [
        ("4", True, W),  # on an inclusive minimum
        ("4", False, OUT),  # on an exclusive minimum
        ("4.5", True, W),
        ("4.5", False, W),  # half a step above
        ("3.5", True, OUT),  # half a step below
        ("3.5", False, OUT),
    ],
)
def test_minimum_boundary_inclusive_and_exclusive(value, inclusive, verdict):
    assert judge(spec(lo=D("4"), lo_inc=inclusive), D(value)) == verdict


@pytest.mark.parametrize(
    ("value", "inclusive", "verdict"),
    [
        ("3", True, W),  # on an inclusive maximum
        ("3", False, OUT),  # on an exclusive maximum
        ("2.5", False, W),
        ("3.5", True, OUT),
        ("-3", True, W),
    ],
)
def test_maximum_boundary_inclusive_and_exclusive(value, inclusive, verdict):
    assert judge(spec(hi=D("3"), hi_inc=inclusive), D(value)) == verdict


@pytest.mark.parametrize(
    ("value", "lo_inc", "hi_inc", "verdict"),
    [
        ("3.5", True, True, W),
        ("3.5", False, True, OUT),
        ("4.5", True, True, W),
        ("4.5", True, False, OUT),
        ("4", False, False, W),
        ("3", True, True, OUT),
        ("5", True, True, OUT),
    ],
)
def test_range_with_both_bounds_on_half_steps(value, lo_inc, hi_inc, verdict):
    limit = spec(lo=D("3.5"), hi=D("4.5"), lo_inc=lo_inc, hi_inc=hi_inc)
    assert judge(limit, D(value)) == verdict


def test_percentage_limit_on_both_sides_of_zero():
    shrinkage = spec(lo=D("-3"), hi=D("3"))
    assert judge(shrinkage, D("-3.00")) == W
    assert judge(shrinkage, D("-3.01")) == OUT
    assert judge(shrinkage, D("3.01")) == OUT


def test_pass_fail_limit_is_met_by_a_pass_only():
    limit = spec(kind=LimitKind.PASS_FAIL)
    assert judge(limit, True) == W
    assert judge(limit, False) == OUT


@pytest.mark.parametrize("value", [D("1"), D("5"), True, False])
def test_unset_limit_gives_no_limit_never_a_guess(value):
    assert judge(spec(kind=LimitKind.UNSET), value) == N
    assert judge(None, value) == N


def test_range_without_bounds_counts_as_unset():
    assert judge(spec(kind=LimitKind.RANGE), D("2")) == N


def test_mismatched_value_types_are_a_programming_error():
    with pytest.raises(TypeError):
        judge(spec(kind=LimitKind.PASS_FAIL), D("4"))
    with pytest.raises(TypeError):
        judge(spec(lo=D("4")), True)


def test_limits_are_described_as_the_report_prints_them():
    assert describe(spec(lo=D("4")), Scale.GREY) == "≥ 4"
    assert describe(spec(lo=D("3.5"), lo_inc=False, hi=D("4.5")), Scale.GREY) == "> 3-4 dan ≤ 4-5"
    assert describe(spec(hi=D("3"), hi_inc=False), Scale.PERCENT) == "< 3 %"
    assert describe(spec(kind=LimitKind.PASS_FAIL), Scale.PASS_FAIL) == "lulus"
    assert describe(spec(kind=LimitKind.UNSET), Scale.GREY) == "batas belum ditetapkan"
    assert describe(None, Scale.GREY) == "batas belum ditetapkan"


def test_model_describes_itself_on_its_parameter_scale():
    limit = spec(lo=D("4.5"))
    limit.parameter = Parameter(scale=Scale.STAINING)
    assert limit.describe() == "≥ 4-5"
    assert limit.is_set


def test_overall_verdict_of_a_sample():
    assert overall([W, W]) == W
    assert overall([W, OUT, N]) == OUT
    assert overall([W, N]) == N
    assert overall([]) == N
