"""The worklist and the verification queue cost the same number of queries for one
analysis as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.lab import services

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def work(receive, lab_reference, analyst, supervisor, instrument):
    def add(n):
        for _ in range(n):
            sample = receive(methods=[lab_reference["washing"]])
            first, second = sample.analyses.order_by("pk")
            for analysis in (first, second):
                services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
            services.enter_result(analysis=second, value="4", instrument=instrument, by=analyst)

    return add


@pytest.mark.parametrize("url", ["/lab/", "/lab/verifikasi/", "/lab/terlambat/"])
def test_lab_lists_do_not_grow_queries_with_their_rows(client, work, analyst, supervisor, url):
    work(1)
    client.force_login(supervisor if url == "/lab/verifikasi/" else analyst)
    few = count_queries(client, url)
    work(5)
    many = count_queries(client, url)
    assert many == few


def test_worklist_shows_my_assigned_work(client, work, analyst, django_assert_max_num_queries):
    work(3)
    client.force_login(analyst)
    with django_assert_max_num_queries(12):
        page = client.get("/lab/")
    assert page.text.count("/lab/analisis/") >= 3
