"""A result value is accepted only when it lies on its parameter's scale."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kriya.lab.scales import Scale, choices, format_value, parse_value, steps

D = Decimal


@pytest.mark.parametrize("scale", [Scale.GREY, Scale.STAINING])
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1", D("1")),
        ("5", D("5")),
        ("4.5", D("4.5")),
        ("4,5", D("4.5")),
        ("4-5", D("4.5")),
        ("4/5", D("4.5")),
        ("1-2", D("1.5")),
        (" 3 ", D("3")),
        (D("2.5"), D("2.5")),
        (3, D("3")),
    ],
)
def test_grey_and_staining_scales_accept_whole_and_half_steps(scale, text, value):
    assert parse_value(scale, text) == value


@pytest.mark.parametrize("scale", [Scale.GREY, Scale.STAINING])
@pytest.mark.parametrize("text", ["0.5", "0", "5.5", "6", "4.25", "3-5", "4-3", "", "abc", "NaN"])
def test_grey_and_staining_scales_refuse_values_off_the_scale(scale, text):
    with pytest.raises(ValidationError):
        parse_value(scale, text)


@pytest.mark.parametrize("text", ["1", "4", "8", "8.0"])
def test_blue_wool_accepts_whole_grades_one_to_eight(text):
    assert parse_value(Scale.BLUE_WOOL, text) == D(text).quantize(D(1))


@pytest.mark.parametrize("text", ["0", "9", "4.5", "4-5", "-1"])
def test_blue_wool_refuses_half_grades_and_values_outside_one_to_eight(text):
    with pytest.raises(ValidationError):
        parse_value(Scale.BLUE_WOOL, text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("-2,5", D("-2.50")),
        ("3", D("3.00")),
        ("0.75 %", D("0.75")),
        ("−1.5", D("-1.50")),
        ("100", D("100.00")),
    ],
)
def test_percentage_accepts_a_decimal_comma_and_two_decimals(text, value):
    assert parse_value(Scale.PERCENT, text) == value


@pytest.mark.parametrize("text", ["1.234", "100.5", "-101", "tiga", ""])
def test_percentage_refuses_three_decimals_and_values_beyond_a_hundred(text):
    with pytest.raises(ValidationError):
        parse_value(Scale.PERCENT, text)


@pytest.mark.parametrize(
    ("text", "value"), [("lulus", True), ("Tidak lulus", False), ("pass", True), (False, False)]
)
def test_pass_fail_accepts_pass_or_fail(text, value):
    assert parse_value(Scale.PASS_FAIL, text) is value


@pytest.mark.parametrize("text", ["", "mungkin", "4"])
def test_pass_fail_refuses_anything_else(text):
    with pytest.raises(ValidationError):
        parse_value(Scale.PASS_FAIL, text)


def test_error_message_is_in_indonesian_and_names_the_scale():
    with pytest.raises(ValidationError) as exc:
        parse_value(Scale.GREY, "5.5")
    assert "tidak ada pada" in exc.value.messages[0]


def test_grey_scale_has_nine_steps_and_blue_wool_eight():
    assert len(steps(Scale.GREY)) == 9
    assert steps(Scale.BLUE_WOOL) == [D(n) for n in range(1, 9)]
    assert steps(Scale.PERCENT) == []


def test_values_are_written_as_a_test_report_writes_them():
    assert format_value(Scale.GREY, D("4.5")) == "4-5"
    assert format_value(Scale.STAINING, D("3")) == "3"
    assert format_value(Scale.BLUE_WOOL, D("6")) == "6"
    assert format_value(Scale.PASS_FAIL, True) == "Lulus"
    assert format_value(Scale.PERCENT, D("-2.50")) == "-2,5 %"
    assert format_value(Scale.GREY, None) == ""


def test_every_choice_offered_by_a_form_parses_back_to_its_value():
    for scale in (Scale.GREY, Scale.STAINING, Scale.BLUE_WOOL, Scale.PASS_FAIL):
        for value, _label in choices(scale):
            parse_value(scale, value)
    assert [c for c, _l in choices(Scale.GREY)][:3] == ["1", "1-2", "2"]
