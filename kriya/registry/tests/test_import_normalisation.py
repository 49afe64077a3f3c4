"""Every written format the issue lists for NIB, phone, rupiah and KBLI, plus the other
spreadsheet values the import reads (years, head counts, sectors, legal forms)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kriya.registry.imports.parsing import _count, _year, legal_form_of, phone_of, sector_of
from kriya.registry.normalize import normalize_kbli, normalize_nib, normalize_phone, parse_rupiah


@pytest.mark.parametrize(
    "typed",
    [
        "9120001234567",
        "9120 0012 3456 7",
        "9120.0012.3456.7",
        "9120-0012-3456-7",
        " 9120001234567 ",
        "'9120001234567",  # Excel's keep-as-text apostrophe
        9120001234567,  # Excel number
        9120001234567.0,  # Excel number read as float
        "9.120001234567E+12",  # Excel number exported in scientific notation
        "9,120001234567E12".replace(",", "."),
    ],
)
def test_nib_is_read_in_each_written_form(typed):
    assert normalize_nib(typed) == "9120001234567"


@pytest.mark.parametrize(
    "typed",
    ["12345", "91200012345678", "9120001234567.5", "NIB-9120001234567", "١٢٣٤٥٦٧٨٩٠١٢٣", None],
)
def test_nib_that_is_not_13_ascii_digits_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_nib(typed)


@pytest.mark.parametrize(
    "typed,stored",
    [
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("(0335) 123456", "+62335123456"),
        ("(0335) 12-34-56", "+62335123456"),
        ("+62 (335) 123456", "+62335123456"),
        (81234567890, "+6281234567890"),  # Excel number: the leading zero is lost
        (81234567890.0, "+6281234567890"),
        ("", ""),
    ],
)
def test_phone_is_stored_as_plus_62_from_each_written_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["+1 555 123 4567", "0812-ABC", "612345678", "0812"])
def test_phone_that_is_not_an_indonesian_number_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_two_numbers_in_one_cell_keep_the_first_with_a_warning():
    phone, warning = phone_of("0812-3456-7890 / 0813 1111 2222")
    assert phone == "+6281234567890"
    assert "+6281234567890" in warning


@pytest.mark.parametrize(
    "typed,amount",
    [
        ("Rp 1.500.000", 1_500_000),
        ("Rp1.500.000", 1_500_000),
        ("Rp. 1.500.000,-", 1_500_000),
        ("IDR 1.500.000", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1,5 juta", 1_500_000),
        ("1,5 jt", 1_500_000),
        ("1.5 juta", 1_500_000),
        ("2 M", 2_000_000_000),
        ("1,2 miliar", 1_200_000_000),
        ("500 ribu", 500_000),
        ("500rb", 500_000),
        ("1500000", 1_500_000),
        ("1,500,000", 1_500_000),
        (1500000, 1_500_000),
        (1500000.0, 1_500_000),
        ("-", None),
        ("", None),
    ],
)
def test_rupiah_is_read_in_each_written_form(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", ["satu juta", "Rp -5.000", -5000, True])
def test_rupiah_that_cannot_be_read_is_refused(typed):
    with pytest.raises(ValidationError):
        parse_rupiah(typed)


@pytest.mark.parametrize(
    "typed,codes",
    [
        ("13134", ["13134"]),
        (13134, ["13134"]),
        (13134.0, ["13134"]),  # a single code stored by Excel as a number
        ("13134, 13132", ["13134", "13132"]),
        ("13134; 13132 / 13134", ["13134", "13132"]),
        ("", []),
    ],
)
def test_kbli_codes_are_read_as_five_digit_strings(typed, codes):
    assert normalize_kbli(typed) == codes


def test_kbli_that_is_not_five_digits_is_refused():
    with pytest.raises(ValidationError):
        normalize_kbli("1313")


@pytest.mark.parametrize(
    "typed,year",
    [
        (2015, 2015),
        (2015.0, 2015),
        ("2015", 2015),
        ("Maret 2015", 2015),
        ("01/03/2015", 2015),
        (datetime.datetime(2015, 3, 1), 2015),
        (datetime.date(2015, 3, 1), 2015),
    ],
)
def test_year_founded_is_read_from_numbers_texts_and_dates(typed, year):
    assert _year(typed) == year


@pytest.mark.parametrize("typed", ["2015-2018", "lama", 1850, 2999])
def test_year_founded_that_is_unclear_or_implausible_is_refused(typed):
    with pytest.raises(ValidationError):
        _year(typed)


@pytest.mark.parametrize("typed,count", [("5", 5), (5, 5), (5.0, 5), ("5 orang", 5), ("12,0", 12)])
def test_head_counts_are_read_as_whole_numbers(typed, count):
    assert _count(typed) == count


@pytest.mark.parametrize("typed", ["lima", "-3", -3, 2.5, "2,5"])
def test_head_counts_that_are_not_whole_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        _count(typed)


@pytest.mark.parametrize(
    "typed,sector",
    [
        ("Batik", "batik"),
        ("BATIK TULIS", "batik"),
        ("Kerajinan Bordir dan Sulam", "bordir"),
        ("Tenun ikat", "tenun"),
        ("anyaman bambu", "anyaman"),
        ("Ukir kayu", "kayu"),
        ("Keramik dan gerabah", "keramik_gerabah"),
        ("aksesoris manik-manik", "perhiasan_aksesoris"),
        ("keramik_gerabah", "keramik_gerabah"),
        ("Lainnya", "lainnya"),
    ],
)
def test_sectors_are_recognised_by_their_words(typed, sector):
    assert sector_of(typed) == (sector, "")


def test_an_unknown_sector_becomes_lainnya_with_a_warning():
    sector, warning = sector_of("Makanan ringan")
    assert sector == "lainnya"
    assert "Makanan ringan" in warning


@pytest.mark.parametrize(
    "typed,form",
    [
        ("PT", "pt"),
        ("P.T.", "pt"),
        ("CV", "cv"),
        ("UD", "ud"),
        ("Perorangan", "perorangan"),
        ("PT Perorangan", "pt_perorangan"),
        ("Koperasi", "koperasi"),
    ],
)
def test_legal_forms_are_recognised(typed, form):
    assert legal_form_of(typed) == (form, "")
