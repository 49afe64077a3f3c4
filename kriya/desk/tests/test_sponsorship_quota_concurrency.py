"""The quota holds when officers sponsor at the same moment: ten threads sponsor ten
requests from a programme with three places → exactly three sponsorships (PostgreSQL,
where row locks matter; on SQLite, which serialises writers, the calls run in turn)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kriya.desk import sponsorship
from kriya.desk.models import Programme, Sponsorship


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_sponsorships_for_three_places_make_exactly_three(
    officer, make_business, make_request, programme, monkeypatch
):
    # Widen the window between the checks and the count, so that without the row lock
    # the threads would all count the same free places (this asserts no timing).
    checks = sponsorship._check_sponsorship

    def slow_checks(*args, **kwargs):
        checks(*args, **kwargs)
        time.sleep(0.05)

    monkeypatch.setattr(sponsorship, "_check_sponsorship", slow_checks)
    requests = [make_request("submitted", business_=make_business(n)) for n in range(10)]
    done, refused, errors = [], [], []

    def sponsor(request):
        try:
            done.append(
                sponsorship.sponsor_request(request=request, programme=programme, by=officer)
            )
        except ValidationError as error:
            refused.append(error)

    if connection.vendor != "postgresql":
        for request in requests:
            sponsor(request)
    else:
        barrier = threading.Barrier(len(requests))

        def worker(request):
            from django.db import connections

            try:
                barrier.wait(timeout=10)
                sponsor(request)
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(r,)) for r in requests]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    assert errors == []
    assert len(done) == 3 and len(refused) == 7
    assert Sponsorship.objects.active().filter(programme=programme).count() == 3
    assert Programme.objects.get(pk=programme.pk).used == 3
