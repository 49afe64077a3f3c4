"""Batches: each in its own transaction, a constant number of queries, one audit event."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.accounts.models import Organisation
from kriya.core.models import AuditEvent
from kriya.registry.imports import runner
from kriya.registry.models import Business

from .import_data import add_regions, csv_bytes, nib, row, run


@pytest.fixture
def probolinggo(regions):
    add_regions()


def test_a_failing_batch_leaves_the_earlier_batches_and_nothing_of_itself(probolinggo, monkeypatch):
    original = runner._Batches._create
    calls = []

    def create_then_fail(self, rows):
        calls.append(len(rows))
        nibs = original(self, rows)  # the rows are written…
        if len(calls) == 2:
            raise RuntimeError("disk full")  # …and then the batch fails
        return nibs

    monkeypatch.setattr(runner._Batches, "_create", create_then_fail)
    # Header on row 1: batch one is rows 2–3, batch two rows 4–5, batch three row 6.
    outcome = run(csv_bytes([row(i) for i in range(1, 6)]), batch_size=2)

    assert sorted(Business.objects.values_list("nib", flat=True)) == [nib(1), nib(2)]
    assert Organisation.objects.filter(kind="business").count() == 2
    assert AuditEvent.objects.filter(verb="business.imported").count() == 1
    assert outcome.stopped_at_row == 4
    assert "baris 4" in outcome.error and "RuntimeError" in outcome.error
    assert outcome.counts.created == 2 and outcome.counts.rows == 2
    assert len(calls) == 2  # the third batch was never tried


def test_a_later_import_continues_cleanly_after_a_failed_one(probolinggo, monkeypatch):
    def fail(self, rows):
        raise RuntimeError("boom")

    with monkeypatch.context() as patch:
        patch.setattr(runner._Batches, "_create", fail)
        assert run(csv_bytes([row(1), row(2)])).stopped_at_row == 2
    assert run(csv_bytes([row(1), row(2)])).counts.created == 2


def queries_for(rows, *, batch_size):
    with CaptureQueriesContext(connection) as captured:
        outcome = run(csv_bytes(rows), batch_size=batch_size)
    assert outcome.ok, outcome.error
    return len(captured.captured_queries)


def test_queries_per_batch_do_not_grow_with_its_rows(probolinggo):
    # Warm caches (content types) so both measured runs start alike.
    run(csv_bytes([row(900)]))
    # Each file: some new NIBs, some already in the registry (updates), one bad row.
    small = [row(1), row(2), row(901, **{"No HP": "0813-0000-0001"}), row(3, NIB="x")]
    large = [row(i) for i in range(10, 110)] + [
        row(900, **{"No HP": "0813-0000-0002"}),
        row(200, NIB="x"),
    ]
    run(csv_bytes([row(901)]))
    one_batch_small = queries_for(small, batch_size=1000)
    one_batch_large = queries_for(large, batch_size=1000)
    assert one_batch_small == one_batch_large


def test_queries_grow_with_batches_not_rows(probolinggo):
    run(csv_bytes([row(900)]))
    two_small = queries_for([row(i) for i in range(1, 5)], batch_size=2)
    two_large = queries_for([row(i) for i in range(10, 210)], batch_size=100)
    assert two_small == two_large


def test_one_audit_event_per_batch_with_its_counts(probolinggo):
    run(csv_bytes([row(i) for i in range(1, 6)] + [row(1)]), batch_size=2)
    events = AuditEvent.objects.filter(verb="business.imported").order_by("id")
    assert [e.data["created"] for e in events] == [2, 2, 1]
    assert [e.data["duplicate"] for e in events] == [0, 0, 1]
    assert events[0].data["created_nibs"] == [nib(1), nib(2)]
    assert (events[0].data["first_row"], events[0].data["last_row"]) == (2, 3)


def test_look_ups_of_a_large_batch_go_in_several_queries_and_find_everything(
    probolinggo, monkeypatch
):
    from kriya.registry.imports import writing

    run(csv_bytes([row(i) for i in range(1, 8)]))
    monkeypatch.setattr(writing, "LOOKUP_KEYS", 3)
    # Seven NIBs already there (updates), three new ones, one batch.
    with CaptureQueriesContext(connection) as captured:
        outcome = run(
            csv_bytes([row(i, **{"Nama Pemilik": "Ani"}) for i in range(1, 11)]), batch_size=100
        )
    assert (outcome.counts.updated, outcome.counts.created) == (7, 3)
    nib_lookups = [
        q["sql"]
        for q in captured.captured_queries
        if 'WHERE "nib" IN' in q["sql"] or 'WHERE "nib" = ANY' in q["sql"]
    ]
    assert len(nib_lookups) == 4  # ten NIBs, three per query
    assert Business.objects.filter(owner_name="Ani").count() == 10
