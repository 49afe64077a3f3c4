"""Finding the header row and reading CSV and XLSX files as regencies keep them."""

import io

import pytest

from kriya.registry.imports.parsing import SourceError, field_for_header, open_sheet
from kriya.registry.models import Business

from .import_data import HEADER, add_regions, csv_bytes, nib, row, run, xlsx_bytes

TITLES = ("DATA IKM KERAJINAN DAN BATIK", "KABUPATEN PROBOLINGGO TAHUN 2025", "")


@pytest.mark.parametrize(
    "header,field",
    [
        ("NIB", "nib"),
        ("No. NIB", "nib"),
        ("Nama Usaha", "name"),
        ("NAMA UMKM", "name"),
        ("nama ikm", "name"),
        ("Nama Pemilik", "owner_name"),
        ("Pemilik", "owner_name"),
        ("No HP", "phone"),
        ("No. HP", "phone"),
        ("No. WA", "phone"),
        ("WA", "phone"),
        ("No HP/WA", "phone"),
        ("Telepon", "phone"),
        ("Telp.", "phone"),
        ("E-mail", "email"),
        ("Alamat", "address"),
        ("Alamat Usaha", "address"),
        ("Desa/Kelurahan", "village"),
        ("Desa / Kel.", "village"),
        ("Desa", "village"),
        ("Kelurahan", "village"),
        ("Kecamatan", "district"),
        ("Kec.", "district"),
        ("Sektor", "sector"),
        ("Jenis Usaha", "sector"),
        ("KBLI", "kbli"),
        ("Kode KBLI", "kbli"),
        ("Tahun Berdiri", "year_founded"),
        ("Jumlah Tenaga Kerja", "workforce_total"),
        ("TK", "workforce_total"),
        ("Jml. TK (orang)", "workforce_total"),
        ("TK Perempuan", "workforce_women"),
        ("TK < 30 th", "workforce_youth"),
        ("TK Laki-laki", "workforce_men"),
        ("Modal Usaha", "capital"),
        ("Modal Usaha (Rp)", "capital"),
        ("Omzet", "annual_sales"),
        ("Omset", "annual_sales"),
        ("Omset per Tahun", "annual_sales"),
        ("Omzet per Tahun (Rp)", "annual_sales"),
        ("Bentuk Usaha", "legal_form"),
        ("  nama   USAHA ", "name"),
    ],
)
def test_headers_match_by_indonesian_names_and_variants(header, field):
    assert field_for_header(header) == field


@pytest.mark.parametrize("header", ["No", "No.", "Keterangan", "Omzet per Bulan", "Foto"])
def test_headers_that_are_not_ours_are_ignored(header):
    assert field_for_header(header) is None


def test_header_row_is_found_below_title_rows(regions):
    sheet = open_sheet(io.BytesIO(csv_bytes([row(1)], titles=TITLES)))
    assert sheet.header.row == 4
    assert [number for number, _cells in sheet.rows] == [5]


def test_column_numbering_row_under_the_header_is_not_data(regions):
    content = csv_bytes([["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"], row(1)])
    sheet = open_sheet(io.BytesIO(content))
    assert [number for number, _cells in sheet.rows] == [3]


def test_file_without_the_required_columns_is_refused_with_the_missing_names(regions):
    content = csv_bytes([["1", "x"]], header=["No", "Nama Usaha"])
    with pytest.raises(SourceError) as excinfo:
        open_sheet(io.BytesIO(content))
    assert "NIB" in str(excinfo.value) and "Desa/Kelurahan" in str(excinfo.value)


def test_old_xls_files_are_refused_with_a_hint(regions):
    with pytest.raises(SourceError, match="xls"):
        open_sheet(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))


def test_csv_that_is_not_utf8_is_refused(regions):
    content = csv_bytes([row(1, **{"Nama Pemilik": "Sri"})]).replace(b"Sri", b"S\xe9ri")
    with pytest.raises(SourceError, match="UTF-8"):
        open_sheet(io.BytesIO(content))


@pytest.mark.parametrize(
    "delimiter,bom", [(",", False), (",", True), (";", False), (";", True), ("\t", False)]
)
def test_csv_with_or_without_bom_comma_or_semicolon_is_imported(regions, delimiter, bom):
    add_regions()
    content = csv_bytes(
        [row(1, **{"Nama Usaha": "Batik Sekar; Arum, Jaya"})],
        delimiter=delimiter,
        bom=bom,
        titles=TITLES,
    )
    outcome = run(content)
    assert outcome.counts.created == 1, outcome
    business = Business.objects.get(nib=nib(1))
    assert business.name == "Batik Sekar; Arum, Jaya"
    assert business.phone == "+6281234567890"


def test_xlsx_with_title_rows_and_excel_numbers_is_imported(regions):
    add_regions()
    header = [*HEADER, "Omzet per Tahun (Rp)", "Tahun Berdiri", "KBLI"]
    data = [
        [
            1,
            9120000000001,
            "Batik Sekar",
            "Siti",
            81234567890,
            "Kec. Paiton",
            "Desa Bulujaran Lor",
            "Batik",
            150000000,
            2015,
            13134,
        ],
        [
            2,
            9120000000002.0,
            "Bordir Mawar",
            "Ani",
            "0812-1111-2222",
            "PAITON",
            "karanganyar",
            "Bordir",
            "Rp 1.500.000",
            "2016",
            "13134, 13132",
        ],
    ]
    outcome = run(xlsx_bytes(data, header=header, titles=TITLES))
    assert outcome.header_row == 4
    assert outcome.counts.created == 2, outcome
    first = Business.objects.get(nib="9120000000001")
    assert (first.phone, first.annual_sales, first.year_founded, first.kbli) == (
        "+6281234567890",
        150_000_000,
        2015,
        ["13134"],
    )
    second = Business.objects.get(nib="9120000000002")
    assert second.village_id == "35.13.20.2003"
    assert second.annual_sales == 1_500_000
    assert second.kbli == ["13134", "13132"]


def test_xlsx_header_on_a_later_sheet_is_found(regions):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Petunjuk pengisian"])
    data = workbook.create_sheet("Data")
    data.append(HEADER)
    data.append(row(1))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert run(buffer.getvalue()).counts.created == 1


def test_two_phone_columns_take_the_first_filled_one(regions):
    header = [*HEADER, "No. WA"]
    content = csv_bytes([row(1, **{"No HP": ""}) + ["0813-9999-0000"]], header=header)
    run(content)
    assert Business.objects.get(nib=nib(1)).phone == "+6281399990000"


def test_men_and_women_columns_give_the_workforce_when_no_total_is_given(regions):
    header = [*HEADER, "TK Laki-laki", "TK Perempuan"]
    run(csv_bytes([row(1) + ["2", "3"]], header=header))
    business = Business.objects.get(nib=nib(1))
    assert (business.workforce_total, business.workforce_women) == (5, 3)
