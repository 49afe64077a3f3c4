"""Every way people write NIB, phone numbers, KBLI codes and rupiah (forms, API and the
spreadsheet import share these rules)."""

import pytest
from django.core.exceptions import ValidationError

from kriya.registry.normalize import normalize_kbli, normalize_nib, normalize_phone, parse_rupiah

NIB = "9120001234567"


@pytest.mark.parametrize(
    "written",
    [
        "9120001234567",
        "9120 0012 3456 7",
        "9120.0012.3456.7",
        "9120-001-234-567",
        "9120 0012.3456-7",
        "  9120001234567  ",
        9120001234567,
        9120001234567.0,
        "9.120001234567E12",
        "9.120001234567E+12",
        "9,120001234567E+12",
    ],
)
def test_nib_is_read_in_every_written_format(written):
    assert normalize_nib(written) == NIB


@pytest.mark.parametrize(
    "written",
    ["", "   ", None, "12345", "91200012345678", "9120A01234567", "9.12E+12", 9120001234567.5],
)
def test_a_nib_that_is_not_13_digits_is_refused(written):
    with pytest.raises(ValidationError):
        normalize_nib(written)


@pytest.mark.parametrize(
    "written", ["9120001234567.0", "9120001234567,0", "9120001234567.00", "'9120001234567.0"]
)
def test_a_numeric_cells_integral_decimal_text_is_the_nib(written):
    assert normalize_nib(written) == NIB


@pytest.mark.parametrize(
    "written",
    ["912000000000.0", "912000000000,0", "91200000000.00", "912000123456.0", "9120001234567.5"],
)
def test_a_zero_fraction_is_not_a_thirteenth_digit(written):
    with pytest.raises(ValidationError, match="13 digit"):
        normalize_nib(written)


def test_a_nib_cut_short_by_scientific_notation_says_so():
    with pytest.raises(ValidationError, match="angka ilmiah"):
        normalize_nib("9,12E+12")


@pytest.mark.parametrize(
    "written, expected",
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("(0335) 421234", "+62335421234"),
        ("(0335)421234", "+62335421234"),
        ("0335-421234", "+62335421234"),
        ("81234567890", "+6281234567890"),  # Excel dropped the leading zero
        (81234567890, "+6281234567890"),
        (81234567890.0, "+6281234567890"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_numbers_are_stored_as_plus_62(written, expected):
    assert normalize_phone(written) == expected


@pytest.mark.parametrize("written", ["+1 202 555 0100", "telepon", "12345", "0812", "7123456789"])
def test_a_phone_that_is_not_indonesian_is_refused(written):
    with pytest.raises(ValidationError):
        normalize_phone(written)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("13134", ["13134"]),
        ("13134, 13132", ["13134", "13132"]),
        ("13134;13132", ["13134", "13132"]),
        ("13134 13132", ["13134", "13132"]),
        ("13134/13132", ["13134", "13132"]),
        ("13134, 13134", ["13134"]),
        (["13134", "13132"], ["13134", "13132"]),
        ([13134.0], ["13134"]),
        ("", []),
        (None, []),
    ],
)
def test_kbli_codes_are_five_digits_each(written, expected):
    assert normalize_kbli(written) == expected


@pytest.mark.parametrize("written", ["1313", "131345", "13134, abcde", "KBLI 13134"])
def test_a_kbli_code_not_printed_as_five_digits_is_refused(written):
    with pytest.raises(ValidationError):
        normalize_kbli(written)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("Rp 1.500.000", 1_500_000),
        ("Rp. 1.500.000", 1_500_000),
        ("Rp1.500.000", 1_500_000),
        ("rp 1.500.000", 1_500_000),
        ("IDR 1.500.000", 1_500_000),
        ("Rp 150.000,-", 150_000),
        ("1.500.000", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("1,5 juta", 1_500_000),
        ("1,5 jt", 1_500_000),
        ("1.5 juta", 1_500_000),
        ("1,5juta", 1_500_000),
        ("500 ribu", 500_000),
        ("500 rb", 500_000),
        ("2 miliar", 2_000_000_000),
        ("2 milyar", 2_000_000_000),
        ("2 M", 2_000_000_000),
        ("1500000", 1_500_000),
        ("1500000.00", 1_500_000),
        ("1,500,000", 1_500_000),
        (1_500_000, 1_500_000),
        (1_500_000.0, 1_500_000),
        ("-", None),
        ("", None),
        (None, None),
    ],
)
def test_rupiah_is_read_in_every_written_format(written, expected):
    assert parse_rupiah(written) == expected


@pytest.mark.parametrize("written", ["satu juta", "Rp", "1.5.0", -5, True, "Rp 1.000.000 + 2"])
def test_an_unreadable_or_negative_amount_is_refused(written):
    with pytest.raises(ValidationError):
        parse_rupiah(written)
