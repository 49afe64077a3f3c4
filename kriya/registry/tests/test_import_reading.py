"""Reading in a child process (kriya.registry.imports.reading): the same batches, outcomes,
reports and messages as reading in-process, and clean stops when either side fails."""

import gc
import io
import multiprocessing

import pytest
from django.utils import translation

from kriya.regions.models import Region
from kriya.registry.imports import reading, runner
from kriya.registry.imports.parsing import RowParser, SourceError, open_sheet
from kriya.registry.models import Business

from .import_data import add_regions, csv_bytes, nib, report_rows, row, run

pytestmark = pytest.mark.skipif(not reading.can_fork(), reason="needs fork")

BLANK = [""] * 8


@pytest.fixture
def probolinggo(regions):
    add_regions()


def mixed_rows(count=40):
    """Valid rows with, here and there, every kind of trouble."""
    rows = []
    for i in range(1, count + 1):
        if i % 7 == 0:
            rows.append(row(i, NIB="12345"))  # rejected
        elif i % 11 == 0:
            rows.append(row(1, **{"Nama Usaha": "lagi"}))  # duplicate of row 1
        elif i % 5 == 0:
            rows.append(row(i, Desa="Bulujaran Lorr"))  # corrected, with a warning
        elif i % 9 == 0:
            rows.append(BLANK)
        else:
            rows.append(row(i))
    return [*rows, BLANK, BLANK]  # trailing blank rows are not data


def read_all(content: bytes, *, parallel: bool, batch_size: int = 4, language="id"):
    with translation.override(language):
        sheet = open_sheet(io.BytesIO(content))
        batches = runner._Batches(
            sheet=sheet,
            regency=Region.objects.get(code="35.13"),
            by=None,
            dry_run=True,
            report=None,
            job=None,
        )
        source = reading.read_batches(
            sheet, batches.parser, batch_size, prepare=batches.prepare, parallel=parallel
        )
        try:
            return [
                [(r.number, r.values, r.errors, r.warnings, r.blank, r.insert) for r in batch]
                for batch in source
            ]
        finally:
            source.close()


def test_the_child_yields_exactly_the_batches_read_here(probolinggo):
    content = csv_bytes(mixed_rows())
    here = read_all(content, parallel=False)
    there = read_all(content, parallel=True)
    assert there == here
    # A batch closes after the filled row that makes it 4 rows or more.
    assert all(len(b) >= 4 and not b[-1][4] for b in here[:-1]) and len(here) >= 9
    assert any(len(b) > 4 for b in here)
    flat = [r for b in here for r in b]
    assert any(r[4] for r in flat) and any(r[2] for r in flat) and any(r[3] for r in flat)
    assert flat[-1][0] == 41  # the last filled row; the two blank rows after it are not data


def test_batches_larger_than_a_chunk_are_joined_from_chunks(probolinggo, monkeypatch):
    monkeypatch.setattr(reading, "CHUNK_ROWS", 3)
    content = csv_bytes(mixed_rows(60))
    assert read_all(content, parallel=True, batch_size=10) == read_all(
        content, parallel=False, batch_size=10
    )


def test_messages_are_in_the_importers_language_in_the_child(probolinggo):
    content = csv_bytes([row(1, NIB="12345"), row(2, Desa="Atlantis")])
    english = read_all(content, parallel=True, language="en")
    assert english == read_all(content, parallel=False, language="en")
    errors = [e[2] for r in english[0] for e in r[2]]
    assert errors[0] == "The NIB must be 13 digits." and "not found" in errors[1]
    assert errors != [e[2] for r in read_all(content, parallel=True)[0] for e in r[2]]


def test_an_import_read_in_a_child_counts_reports_and_writes_like_one_read_here(probolinggo):
    content = csv_bytes(mixed_rows())
    outcome, rejected, notes = report_rows(content, parallel=True, batch_size=4)
    written = sorted(Business.objects.values_list("nib", "name", "village_id", "slug"))
    Business.objects.all().delete()
    expected, expected_rejected, expected_notes = report_rows(content, parallel=False, batch_size=4)
    assert outcome.counts == expected.counts and outcome.counts.created > 20
    assert (rejected, notes) == (expected_rejected, expected_notes)
    again = sorted(Business.objects.values_list("nib", "name", "village_id", "slug"))
    assert [w[:3] for w in written] == [a[:3] for a in again]
    assert not multiprocessing.active_children()


def test_the_choice_follows_the_size_of_the_file(probolinggo, monkeypatch):
    started = []
    monkeypatch.setattr(reading, "_from_child", lambda source, size: started.append(size) or [])
    monkeypatch.setattr(reading, "PARALLEL_MIN_ROWS", 5)
    for count in (4, 5):
        sheet = open_sheet(io.BytesIO(csv_bytes([row(i) for i in range(1, count + 1)])))
        parser = RowParser(sheet.header, runner.RegionMatcher(Region.objects.get(code="35.13")))
        reading.read_batches(sheet, parser, 100)
    assert started == [100]  # only the five-row file went to a child


def undecodable(rows_before: int) -> bytes:
    """A CSV whose line after `rows_before` data rows is not UTF-8 (beyond the sample that
    is checked when the file is opened)."""
    long_name = "Batik " + "x" * 190
    good = csv_bytes(
        [row(i, **{"Nama Usaha": f"{long_name} {i}"}) for i in range(1, rows_before + 1)]
    )
    assert len(good) > 64 * 1024
    bad = ",".join(row(999, **{"Nama Pemilik": "S\xe9ri"})).encode("latin-1")
    return good + bad + b"\r\n"


@pytest.mark.parametrize("parallel", [False, True])
def test_a_file_unreadable_midway_stops_at_the_batch_being_read(probolinggo, parallel):
    content = undecodable(450)
    outcome = run(content, parallel=parallel, batch_size=100)
    # Rows 2–401 were written in four batches; the fifth (from 402) never completed. (The
    # decoder reads ahead, so the row the message names may be a few rows before 452.)
    assert outcome.stopped_at_row == 402
    assert "UTF-8" in outcome.error
    assert outcome.counts.created == 400
    assert Business.objects.count() == 400


def test_a_crash_in_the_child_stops_the_import_with_the_rows_before_it_kept(
    probolinggo, monkeypatch
):
    parse = RowParser.parse

    def fail_on_row_9(self, number, cells):
        if number == 9:
            raise ZeroDivisionError("bug")
        return parse(self, number, cells)

    monkeypatch.setattr(RowParser, "parse", fail_on_row_9)  # inherited by the child
    outcome = run(csv_bytes([row(i) for i in range(1, 20)]), parallel=True, batch_size=4)
    assert outcome.stopped_at_row == 6  # rows 2–5 were written; 6–9 never became a batch
    assert "ReaderCrashed" in outcome.error
    assert sorted(Business.objects.values_list("nib", flat=True)) == [nib(i) for i in range(1, 5)]
    assert not multiprocessing.active_children()


def test_a_failing_batch_stops_the_child_and_keeps_the_batches_before(probolinggo, monkeypatch):
    create = runner._Batches._create
    calls = []

    def fail_second(self, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return create(self, rows)

    monkeypatch.setattr(runner._Batches, "_create", fail_second)
    outcome = run(csv_bytes([row(i) for i in range(1, 200)]), parallel=True, batch_size=10)
    assert outcome.stopped_at_row == 12 and "RuntimeError" in outcome.error
    assert Business.objects.count() == 10
    assert not multiprocessing.active_children()


def test_automatic_garbage_collection_is_off_only_during_the_import(probolinggo, monkeypatch):
    seen = []
    create = runner._Batches._create

    def record(self, rows):
        seen.append(gc.isenabled())
        return create(self, rows)

    monkeypatch.setattr(runner._Batches, "_create", record)
    assert gc.isenabled()
    run(csv_bytes([row(1), row(2)]))
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ZeroDivisionError), runner.young_collections_only():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_the_default_batch_size_follows_the_database(monkeypatch):
    from django.db import connection

    expected = {"sqlite": 10_000, "postgresql": 2_000}[connection.vendor]
    assert runner.default_batch_size() == expected


def test_source_errors_raised_here_name_the_first_row_of_the_unfinished_batch(probolinggo):
    sheet = open_sheet(io.BytesIO(undecodable(450)))
    parser = RowParser(sheet.header, runner.RegionMatcher(Region.objects.get(code="35.13")))
    source = reading.batches(sheet, parser, 100)
    assert [len(b) for b in (next(source), next(source), next(source), next(source))] == [100] * 4
    with pytest.raises(SourceError) as excinfo:
        next(source)
    assert excinfo.value.row == 402
