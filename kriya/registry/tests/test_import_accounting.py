"""Every data row is accounted for: rows N = created + updated + rejected + duplicate + blank."""

import io
import re

import pytest
from django.core.management import call_command

from kriya.registry.models import Business

from .import_data import HEADER, add_regions, csv_bytes, nib, row, run

BLANK = [""] * len(HEADER)


@pytest.fixture
def probolinggo(regions):
    add_regions()


def mixed_file() -> bytes:
    return csv_bytes(
        [
            row(1),
            row(2),
            BLANK,
            row(3, NIB="12345"),  # rejected: NIB
            row(1, **{"Nama Usaha": "Batik Sekar lagi"}),  # duplicate of row 1
            row(4, Desa="Atlantis"),  # rejected: village
            row(5),
            BLANK,
            BLANK,  # trailing blank rows are not data rows
        ]
    )


def test_every_row_is_counted_once_and_the_line_adds_up(probolinggo):
    outcome = run(mixed_file())
    counts = outcome.counts
    assert (counts.created, counts.updated, counts.rejected, counts.duplicate, counts.blank) == (
        3,
        0,
        2,
        1,
        1,
    )
    assert counts.rows == 7
    assert counts.line() == "rows 7: created 3, updated 0, rejected 2, duplicate 1, blank 1"


def test_command_prints_exactly_one_line_whose_numbers_add_up(probolinggo, tmp_path):
    path = tmp_path / "umkm.csv"
    path.write_bytes(mixed_file())
    out = io.StringIO()
    call_command("import_businesses", str(path), regency="35.13", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    match = re.fullmatch(
        r"rows (\d+): created (\d+), updated (\d+), rejected (\d+), duplicate (\d+), blank (\d+)",
        lines[0],
    )
    assert match, lines[0]
    n, *parts = map(int, match.groups())
    assert n == sum(parts) == 7


def test_importing_the_same_file_twice_creates_nothing_new(probolinggo):
    first = run(mixed_file())
    count = Business.objects.count()
    second = run(mixed_file())
    assert Business.objects.count() == count == 3
    assert second.counts.created == 0
    assert second.counts.updated == first.counts.created
    assert (second.counts.rejected, second.counts.duplicate, second.counts.blank) == (2, 1, 1)


def test_the_later_row_with_the_same_nib_is_the_duplicate(probolinggo):
    outcome = run(csv_bytes([row(1), row(1, **{"Nama Usaha": "Nama Lain"})]))
    assert (outcome.counts.created, outcome.counts.duplicate) == (1, 1)
    assert Business.objects.get(nib=nib(1)).name == "Batik Sekar 1"


def test_a_nib_first_seen_on_a_rejected_row_is_not_a_duplicate_later(probolinggo):
    outcome = run(csv_bytes([row(1, Desa="Atlantis"), row(1)]))
    assert (outcome.counts.rejected, outcome.counts.created, outcome.counts.duplicate) == (1, 1, 0)


def test_duplicates_are_found_across_batches(probolinggo):
    outcome = run(csv_bytes([row(1), row(2), row(3), row(1)]), batch_size=2)
    assert (outcome.counts.created, outcome.counts.duplicate) == (3, 1)


def test_dry_run_counts_like_a_real_run_and_writes_nothing(probolinggo, tmp_path):
    path = tmp_path / "umkm.csv"
    path.write_bytes(mixed_file())
    out = io.StringIO()
    call_command("import_businesses", str(path), regency="35.13", dry_run=True, stdout=out)
    assert out.getvalue().strip() == (
        "rows 7: created 3, updated 0, rejected 2, duplicate 1, blank 1"
    )
    assert not Business.objects.exists()


def test_a_row_without_nib_is_rejected(probolinggo):
    outcome = run(csv_bytes([row(1, NIB="")]))
    assert outcome.counts.rejected == 1


def test_a_new_business_needs_name_owner_and_village(probolinggo):
    outcome = run(csv_bytes([row(1, **{"Nama Pemilik": ""}), row(2, Desa="")]))
    assert outcome.counts.rejected == 2
    assert not Business.objects.exists()


def test_a_finished_import_leaves_one_closing_event_with_its_counts(probolinggo):
    from kriya.core.models import AuditEvent

    run(mixed_file())
    [event] = AuditEvent.objects.filter(verb="business.import_finished")
    assert (event.data["rows"], event.data["created"], event.data["regency"]) == (7, 3, "35.13")
    run(mixed_file(), dry_run=True)
    assert AuditEvent.objects.filter(verb="business.import_finished").count() == 1
