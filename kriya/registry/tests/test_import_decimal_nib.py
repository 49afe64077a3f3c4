"""A NIB saved from a numeric spreadsheet cell: XLSX gives the number 9120000000001.0,
CSV the text "9120000000001.0". Both are the same NIB; scientific notation lost digits."""

import pytest

from kriya.registry.imports.parsing import CONVERTERS
from kriya.registry.models import Business

from .import_data import add_regions, csv_bytes, nib, report_rows, row, run, xlsx_bytes


@pytest.fixture
def probolinggo(regions):
    add_regions()


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes([row(1, NIB=f"{nib(1)}.0")]),
        xlsx_bytes([row(1, NIB=float(nib(1)))]),
    ],
    ids=["csv", "xlsx"],
)
def test_a_nib_written_as_an_integral_decimal_is_read_from_csv_as_from_xlsx(probolinggo, content):
    outcome = run(content)
    assert (outcome.counts.created, outcome.counts.rejected) == (1, 0)
    assert Business.objects.get().nib == nib(1)


def test_the_branch_row_after_it_is_the_duplicate_not_the_business(probolinggo):
    outcome = run(
        csv_bytes(
            [
                row(1, NIB=f"{nib(1)}.0"),
                row(2, NIB=nib(1), **{"Nama Usaha": "Batik Sekar 1 cabang Kraksaan"}),
            ]
        )
    )
    assert (outcome.counts.created, outcome.counts.duplicate) == (1, 1)
    assert Business.objects.get(nib=nib(1)).name == "Batik Sekar 1"


def test_a_nib_in_scientific_notation_is_rejected_with_a_clear_message(probolinggo):
    outcome, rejected, _notes = report_rows(csv_bytes([row(1, NIB="9.12E+12"), row(2)]))
    assert (outcome.counts.created, outcome.counts.rejected) == (1, 1)
    message = " ".join(str(cell) for cell in rejected[0] if cell)
    assert "angka ilmiah" in message and "ubah kolom NIB menjadi teks" in message
    assert not Business.objects.filter(nib__startswith="912000000000").exclude(nib=nib(2))


@pytest.mark.parametrize(
    "written", [f"{nib(1)}.0", f"{nib(1)}.00", f"{nib(1)},0", nib(1), float(nib(1))]
)
def test_integral_decimals_are_the_nib(written):
    assert CONVERTERS["nib"](written) == nib(1)


@pytest.mark.parametrize(
    "written",
    [
        f"{nib(1)}.5",
        f"{nib(1)}.01",
        f"{nib(1)[:-1]}.0",
        f"{nib(1)}0.0",
        "9.12E+12",
        9120000000001.5,
    ],
)
def test_other_decimals_are_refused(written):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CONVERTERS["nib"](written)
