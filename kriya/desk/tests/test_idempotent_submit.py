"""Submitting is idempotent: ten submits with one key file one request, also when they
arrive at the same moment (threads on PostgreSQL; repeated calls on SQLite, which
serialises writers anyway)."""

import threading

import pytest
from django.db import connection

from kriya.desk import services
from kriya.desk.models import ServiceRequest, Status

ITEMS = [{"name": "Kain batik tulis", "quantity": 1}]


def submit(owner, business, service, key):
    return services.create_request(
        business=business, service=service, by=owner, items=ITEMS, idempotency_key=key, submit=True
    )


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_submits_file_one_request(owner, business, free_service):
    results, errors = [], []
    if connection.vendor != "postgresql":
        for _ in range(10):
            results.append(submit(owner, business, free_service, "klik-ganda"))
    else:
        barrier = threading.Barrier(10)

        def worker():
            from django.db import connections

            try:
                barrier.wait(timeout=10)
                results.append(submit(owner, business, free_service, "klik-ganda"))
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert ServiceRequest.objects.count() == 1
    assert len({request.pk for request, _created in results}) == 1
    assert sum(created for _request, created in results) == 1
    assert ServiceRequest.objects.get().status == Status.SUBMITTED


def test_a_different_key_files_another_request(owner, business, free_service):
    submit(owner, business, free_service, "satu")
    submit(owner, business, free_service, "dua")
    assert ServiceRequest.objects.count() == 2


def test_the_key_is_per_user(owner, business, free_service, facilitator, consent):
    first, _ = submit(owner, business, free_service, "sama")
    second, created = submit(facilitator, business, free_service, "sama")
    assert created and first.pk != second.pk


def test_without_a_key_every_call_files_a_request(owner, business, free_service):
    submit(owner, business, free_service, "")
    submit(owner, business, free_service, "")
    assert ServiceRequest.objects.count() == 2
