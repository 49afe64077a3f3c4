"""The desk's queue (filters, assignment, bulk assignment) and the head's overview."""

from datetime import date

import pytest

from kriya.desk.models import ServiceRequest


@pytest.fixture
def queue_data(make_request, other_business, free_service):
    late = make_request("in_review", standard_days=2, clock_days_used=5)
    fresh = make_request("submitted")
    kota = make_request("submitted", business_=other_business)
    free = make_request("submitted", service=free_service)
    make_request("completed")
    make_request("draft")
    return {"late": late, "fresh": fresh, "kota": kota, "free": free}


def rows(response) -> set[int]:
    import re

    return {int(pk) for pk in re.findall(r'data-request="(\d+)"', response.text)}


def test_the_queue_lists_open_requests(client, desk, queue_data):
    client.force_login(desk)
    response = client.get("/permohonan/antrean/")
    assert response.status_code == 200
    assert rows(response) == {r.pk for r in queue_data.values()}


def test_the_queue_filters_by_service_state_overdue_and_regency(client, desk, queue_data):
    client.force_login(desk)
    assert rows(client.get("/permohonan/antrean/?service=konsultansi")) == {queue_data["free"].pk}
    assert rows(client.get("/permohonan/antrean/?status=in_review")) == {queue_data["late"].pk}
    assert rows(client.get("/permohonan/antrean/?overdue=on")) == {queue_data["late"].pk}
    assert rows(client.get("/permohonan/antrean/?regency=35.74")) == {queue_data["kota"].pk}


def test_an_overdue_request_stands_out(client, desk, queue_data):
    client.force_login(desk)
    html = client.get("/permohonan/antrean/").text
    assert f'class="overdue" data-request="{queue_data["late"].pk}"' in html
    assert "Melewati standar" in html


def test_the_desk_assigns_many_requests_at_once(client, desk, analyst, queue_data):
    client.force_login(desk)
    chosen = [queue_data["fresh"].pk, queue_data["kota"].pk]
    response = client.post("/permohonan/antrean/", {"requests": chosen, "officer": analyst.pk})
    assert response.status_code == 302
    assert set(
        ServiceRequest.objects.filter(assigned_to=analyst).values_list("pk", flat=True)
    ) == set(chosen)


def test_bulk_assignment_without_a_choice_says_so(client, desk, analyst, queue_data):
    client.force_login(desk)
    response = client.post("/permohonan/antrean/", {"officer": analyst.pk})
    assert "Pilih paling sedikit satu permohonan." in response.text


def test_an_analyst_reads_the_queue_but_cannot_bulk_assign(client, analyst, queue_data):
    client.force_login(analyst)
    assert client.get("/permohonan/antrean/").status_code == 200
    response = client.post(
        "/permohonan/antrean/", {"requests": [queue_data["fresh"].pk], "officer": analyst.pk}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["owner", "officer", "facilitator"])
def test_the_queue_is_for_agency_staff_only(name, client, personas):
    client.force_login(personas[name])
    assert client.get("/permohonan/antrean/").status_code == 403


def test_anonymous_cannot_open_the_queue(client, db):
    assert client.get("/permohonan/antrean/").status_code == 302


def test_the_overview_counts_requests_per_service_and_state(client, head, queue_data):
    client.force_login(head)
    response = client.get("/permohonan/ringkasan/")
    assert response.status_code == 200
    overview = {r.service.code: r for r in response.context["rows"]}
    assert overview["pengujian"].counts == {"in_review": 1, "submitted": 2, "completed": 1}
    assert overview["pengujian"].overdue == 1 and overview["pengujian"].open == 3
    assert overview["konsultansi"].counts == {"submitted": 1}


@pytest.mark.parametrize("name", ["owner", "officer", "analyst"])
def test_the_overview_is_for_the_head_and_desk(name, client, personas):
    client.force_login(personas[name])
    assert client.get("/permohonan/ringkasan/").status_code == 403


def test_my_requests_lists_only_what_the_user_may_see(client, owner, stranger, queue_data):
    client.force_login(owner)
    mine = rows(client.get("/permohonan/"))
    assert queue_data["kota"].pk not in mine and queue_data["fresh"].pk in mine
    client.force_login(stranger)
    assert rows(client.get("/permohonan/")) == {queue_data["kota"].pk}


def test_a_regency_officer_lists_the_requests_of_their_regency(client, officer, queue_data):
    client.force_login(officer)
    listed = rows(client.get("/permohonan/"))
    assert queue_data["kota"].pk not in listed and queue_data["late"].pk in listed


def test_the_queue_runs_a_fixed_number_of_queries(
    client, desk, make_request, django_assert_max_num_queries
):
    for _ in range(15):
        make_request("submitted", clock_running_since=date(2025, 12, 22))
    client.force_login(desk)
    client.get("/permohonan/antrean/")  # warm the session and the user
    with django_assert_max_num_queries(15):
        client.get("/permohonan/antrean/")
