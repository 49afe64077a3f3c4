"""`manage.py import_businesses PATH --regency CODE [--dry-run] [--by EMAIL] [--report PATH]`."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kriya.registry.models import Business, BusinessStatus

from .import_data import add_regions, csv_bytes, row, xlsx_bytes


@pytest.fixture
def csv_file(regions, tmp_path):
    add_regions()
    path = tmp_path / "umkm.csv"
    path.write_bytes(csv_bytes([row(1), row(2, Desa="Atlantis")]))
    return path


def test_command_imports_as_the_given_officer_and_writes_the_report(csv_file, officer, tmp_path):
    out = io.StringIO()
    report = tmp_path / "laporan.xlsx"
    call_command(
        "import_businesses",
        str(csv_file),
        regency="35.13",
        by=officer.email,
        report=str(report),
        stdout=out,
    )
    assert out.getvalue() == "rows 2: created 1, updated 0, rejected 1, duplicate 0, blank 0\n"
    assert Business.objects.get().status == BusinessStatus.VERIFIED
    rejected = list(load_workbook(report).worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4]) for r in rejected] == [(3, "Desa")]


def test_command_without_a_user_imports_for_verification(csv_file):
    call_command("import_businesses", str(csv_file), regency="35.13", stdout=io.StringIO())
    assert Business.objects.get().status == BusinessStatus.SUBMITTED


def test_command_reads_xlsx(regions, tmp_path):
    add_regions()
    path = tmp_path / "umkm.xlsx"
    path.write_bytes(xlsx_bytes([row(1)], titles=("DATA UMKM",)))
    out = io.StringIO()
    call_command("import_businesses", str(path), regency="35.13", stdout=out)
    assert out.getvalue().startswith("rows 1: created 1,")


@pytest.mark.parametrize(
    "arguments,message",
    [
        ({"regency": "99.99"}, "Unknown regency"),
        ({"regency": "35.13.20"}, "Unknown regency"),
        ({"regency": "35.13", "by": "nobody@example.test"}, "No user"),
    ],
)
def test_command_refuses_bad_arguments(csv_file, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_businesses", str(csv_file), stdout=io.StringIO(), **arguments)


def test_command_refuses_a_missing_file_or_a_file_without_header(regions, tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_businesses", str(tmp_path / "x.csv"), regency="35.13")
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="Baris judul kolom"):
        call_command("import_businesses", str(path), regency="35.13", stdout=io.StringIO())
