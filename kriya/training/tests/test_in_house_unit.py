"""A regency unit asks for an in-house batch in its own name: the whole path as its
regency officer, on the pages — file for the unit → the desk accepts and bills the
unit → the officer pays → the work is done and completed → the draft batch appears,
linked to the request — and who reads the in-house details."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.desk import services as desk_services
from kriya.desk.models import Bill, Service, ServiceRequest, Status
from kriya.training.models import Batch, BatchStatus

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pdf(name="bukti.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def billed_training(db):
    return Service.objects.create(
        code="pelatihan",
        name_id="Pelatihan teknis",
        body="DESK",
        variant="billed",
        standard_days=10,
        open_to_regency_units=True,
    )


@pytest.fixture
def unit_officer(make_user, probolinggo_unit, member):
    return member(
        make_user("oki@probolinggo.test", full_name="Oki"), probolinggo_unit, Role.REGENCY_OFFICER
    )


def test_a_unit_files_pays_and_gets_its_draft_batch(
    client, unit_officer, probolinggo_unit, billed_training, programme, desk, regions
):
    # 1. The officer files in the unit's name.
    client.force_login(unit_officer)
    response = client.post(
        "/layanan/pelatihan/ajukan/",
        {
            "idempotency_key": "inhouse-1",
            "applicant": f"unit-{probolinggo_unit.pk}",
            "notes": "Pelatihan batik tulis untuk perajin muda Paiton",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-name": "Pelatihan batik tulis",
            "items-0-quantity": "20",
            "submit": "1",
        },
    )
    req = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (req.organisation, req.business, req.status) == (
        probolinggo_unit,
        None,
        Status.SUBMITTED,
    )
    # The request page links to what the batch should be; the officer fills it in.
    page = client.get(f"/permohonan/{req.pk}/").content.decode()
    assert f'href="/pelatihan/permintaan/{req.pk}/"' in page
    start = timezone.localdate() + timedelta(days=30)
    response = client.post(
        f"/pelatihan/permintaan/{req.pk}/",
        {
            "programme": programme.pk,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=2)).isoformat(),
            "venue_kind": "online",
            "venue_detail": "https://meet.example.test/batik",
            "capacity": 20,
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors

    # 2. The desk reviews, accepts and bills: the bill is addressed to the unit.
    desk_services.transition_request(request=req, action="review", by=desk)
    desk_services.transition_request(request=req, action="accept", by=desk)
    bill = desk_services.issue_bill(
        request=req,
        lines=[{"description": "Pelatihan teknis", "unit_price": 1_500_000, "quantity": 1}],
        due_date=timezone.localdate() + timedelta(days=7),
        billing_code="820260000000011",
        by=desk,
    )
    assert bill.payer_name == probolinggo_unit.name

    # 3. The officer pays (uploads the proof); the desk confirms.
    response = client.post(
        f"/permohonan/{req.pk}/bukti-bayar/",
        {"file": _pdf(), "paid_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    desk_services.confirm_payment(request=req, by=desk)
    assert Bill.objects.get().state == "paid"

    # 4. The work, then completion: the draft batch appears, linked to the request.
    desk_services.start_work(request=req, by=desk)
    desk_services.mark_result_ready(request=req, by=desk)
    assert not Batch.objects.exists()
    desk_services.complete_request(request=req, by=desk)
    batch = Batch.objects.get(service_request=req)
    assert batch.status == BatchStatus.DRAFT and batch.programme == programme
    assert batch.capacity == 20 and batch.starts_on == start

    # The officer sees the batch named on the details page and in the list.
    details = client.get(f"/pelatihan/permintaan/{req.pk}/").content.decode()
    assert f'data-batch="{batch.pk}"' in details
    listing = client.get("/pelatihan/permintaan/").content.decode()
    assert f'data-request="{req.pk}"' in listing and probolinggo_unit.name in listing


@pytest.mark.parametrize(
    "who, expected",
    [("unit_officer", 200), ("other_officer", 404), ("owner", 404), ("anonymous", 302)],
)
def test_who_reads_a_units_in_house_details(
    client,
    unit_officer,
    other_officer,
    owner_business,
    probolinggo_unit,
    billed_training,
    who,
    expected,
):
    req, _created = desk_services.create_request(
        organisation=probolinggo_unit, service=billed_training, by=unit_officer
    )
    user = {
        "unit_officer": unit_officer,
        "other_officer": other_officer,
        "owner": owner_business[0],
        "anonymous": None,
    }[who]
    if user is not None:
        client.force_login(user)
    response = client.get(f"/pelatihan/permintaan/{req.pk}/")
    assert response.status_code == expected
    if who == "unit_officer":
        assert b'name="starts_on"' in response.content  # the applicant edits the details
    api = client.get(f"/api/v1/training/in-house-requests/{req.pk}")
    assert api.status_code == {200: 200, 404: 404, 302: 401}[expected]
    if expected == 200:
        assert api.json()["organisation"] == probolinggo_unit.name
        assert api.json()["business"] is None


def test_an_officer_of_another_unit_of_the_regency_reads_but_does_not_edit(
    client, unit_officer, probolinggo_unit, billed_training, make_user, member, regions
):
    sibling = Organisation.objects.create(
        name="Disporapar Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
    )
    reader = member(make_user("rina@disporapar.test"), sibling, Role.REGENCY_OFFICER)
    req, _created = desk_services.create_request(
        organisation=probolinggo_unit, service=billed_training, by=unit_officer
    )
    client.force_login(reader)
    response = client.get(f"/pelatihan/permintaan/{req.pk}/")
    assert response.status_code == 200 and b'name="starts_on"' not in response.content
