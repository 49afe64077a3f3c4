"""An in-house batch requested through the service desk: the completed request makes
the draft batch, once, from the request's details."""

from datetime import date, timedelta

import pytest

from kriya.desk import services as desk_services
from kriya.desk.models import ServiceRequest, Status
from kriya.training import desk_link
from kriya.training.models import Batch, BatchRequest, BatchStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_house_request(owner_business, desk_service):
    owner, business = owner_business

    def make(status=Status.RESULT_READY, code="pelatihan"):
        req = ServiceRequest.objects.create(
            business=business, service=desk_service(code), filed_by=owner
        )
        ServiceRequest.objects.filter(pk=req.pk).update(status=status)
        req.refresh_from_db()
        return req

    return make


def _details(req, by, programme=None, **extra):
    start = date.today() + timedelta(days=30)
    data = {
        "programme": programme,
        "starts_on": start,
        "ends_on": start + timedelta(days=3),
        "venue_kind": "village",
        "village": None,
        "venue_detail": "Balai desa",
        "capacity": 15,
        **extra,
    }
    return desk_link.save_batch_request(request=req, data=data, by=by)


@pytest.mark.parametrize("code", ["pelatihan", "pengiriman_instruktur"])
def test_completed_request_makes_the_draft_batch_once(
    in_house_request, owner_business, programme, desk, regions, code
):
    owner, _business = owner_business
    req = in_house_request(code=code)
    _details(req, owner, programme=programme, village=regions["35.13.20.2001"])
    desk_services.complete_request(request=req, by=desk)
    batch = Batch.objects.get(service_request=req)
    assert batch.status == BatchStatus.DRAFT
    assert batch.programme == programme
    assert batch.capacity == 15 and batch.venue_detail == "Balai desa"
    assert batch.village_id == "35.13.20.2001"
    assert batch.starts_on == req.training_details.starts_on
    # A replayed completion (the signal again, or the service called twice) makes nothing new.
    again, created = desk_link.create_batch_from_request(request=req, by=desk)
    assert (again, created) == (batch, False)
    desk_link.on_request_status_changed(
        sender=ServiceRequest,
        request=req,
        action="complete",
        from_status=Status.RESULT_READY,
        to_status=Status.COMPLETED,
        by=desk,
    )
    assert Batch.objects.filter(service_request=req).count() == 1


def test_programme_chosen_by_the_desk_after_completion(
    in_house_request, owner_business, programme, desk
):
    owner, _business = owner_business
    req = in_house_request()
    _details(req, owner)  # the regency leaves the programme to the desk
    desk_services.complete_request(request=req, by=desk)
    assert not Batch.objects.filter(service_request=req).exists()
    req.refresh_from_db()
    _details(req, desk, programme=programme)
    assert Batch.objects.get(service_request=req).number == 1


def test_other_services_make_no_batch(in_house_request, owner_business, programme, desk):
    req = in_house_request(code="konsultansi")
    desk_services.complete_request(request=req, by=desk)
    assert not Batch.objects.exists()


@pytest.mark.parametrize("who", ["owner", "desk", "stranger", "anonymous"])
def test_details_page_access(client, in_house_request, owner_business, desk, make_user, who):
    owner, _business = owner_business
    req = in_house_request(status=Status.SUBMITTED)
    user = {
        "owner": owner,
        "desk": desk,
        "stranger": make_user("lain@example.test"),
        "anonymous": None,
    }[who]
    if user:
        client.force_login(user)
    response = client.get(f"/pelatihan/permintaan/{req.pk}/")
    if who in ("owner", "desk"):
        assert response.status_code == 200
        assert b'name="starts_on"' in response.content
        listing = client.get("/pelatihan/permintaan/")
        assert f'data-request="{req.pk}"' in listing.content.decode()
    else:
        assert response.status_code in (302, 404)


def test_details_form_errors_at_the_field(client, in_house_request, owner_business):
    owner, _business = owner_business
    req = in_house_request(status=Status.SUBMITTED)
    client.force_login(owner)
    response = client.post(
        f"/pelatihan/permintaan/{req.pk}/",
        {
            "starts_on": "2030-05-10",
            "ends_on": "2030-05-01",
            "venue_kind": "online",
            "capacity": 10,
        },
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not BatchRequest.objects.filter(service_request=req).exists()


def test_request_list_constant_queries(
    client, in_house_request, owner_business, programme, desk, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = in_house_request()
    _details(first, desk, programme=programme)
    client.force_login(desk)
    with CaptureQueriesContext(connection) as few:
        client.get("/pelatihan/permintaan/")
    for _ in range(3):
        req = in_house_request()
        _details(req, desk, programme=programme)
        desk_services.complete_request(request=req, by=desk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/pelatihan/permintaan/").content.decode()
    assert html.count("data-request=") == 4
