"""Sample codes and report numbers come from a locked counter: parallel receipts on
PostgreSQL never share a code."""

import threading

import pytest
from django.db import connection, connections

from kriya.lab import services
from kriya.lab.models import Sample


@pytest.mark.django_db(transaction=True)
def test_parallel_receipts_get_distinct_codes(receive):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    errors, barrier = [], threading.Barrier(6)

    def work():
        try:
            barrier.wait()
            receive()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    codes = list(Sample.objects.values_list("code", flat=True))
    assert len(codes) == 6 and len(set(codes)) == 6


@pytest.mark.django_db
def test_numbers_count_up_per_year():
    assert [services.next_number("X", 2026) for _ in range(3)] == [1, 2, 3]
    assert services.next_number("X", 2027) == 1
