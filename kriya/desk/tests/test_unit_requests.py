"""A regency unit files a request in its own name (services open to regency units): the
constraint, who files, who reads and acts (pages and API), billing to the unit,
notifications, complaints and the officer's home."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.desk import services
from kriya.desk.models import Bill, Service, ServiceRequest, Status
from kriya.desk.tests.conftest import PDF_BYTES, upload

API = "/api/v1"


@pytest.fixture
def training_service(db):
    """Technical training by the desk, billed, open to regency units."""
    return Service.objects.create(
        code="pelatihan",
        name_id="Pelatihan teknis",
        name_en="Technical training",
        body="DESK",
        variant="billed",
        standard_days=10,
        open_to_regency_units=True,
    )


@pytest.fixture
def sibling_officer(make_user, regions, member):
    """An officer of another unit of the same regency (the youth and tourism office)."""
    unit = Organisation.objects.create(
        name="Disporapar Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
    )
    return member(
        make_user("officer@disporapar.test", full_name="Rina"), unit, Role.REGENCY_OFFICER
    )


@pytest.fixture
def unit_request(officer, probolinggo_unit, training_service):
    def make(status=Status.DRAFT, service=None):
        req, _created = services.create_request(
            organisation=probolinggo_unit,
            service=service or training_service,
            by=officer,
            notes="Pelatihan batik tulis untuk 20 perajin muda",
        )
        if status != Status.DRAFT:
            ServiceRequest.objects.filter(pk=req.pk).update(status=status)
            req.refresh_from_db()
        return req

    return make


# --- The model ----------------------------------------------------------------------


def test_a_request_has_exactly_one_applicant(business, probolinggo_unit, training_service, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.create(
            business=business,
            organisation=probolinggo_unit,
            service=training_service,
            filed_by=officer,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.create(service=training_service, filed_by=officer)
    req = ServiceRequest.objects.create(
        organisation=probolinggo_unit, service=training_service, filed_by=officer
    )
    assert req.is_unit_request and req.applicant == probolinggo_unit
    assert req.applicant_name == "DKUPP Kabupaten Probolinggo"
    assert req.applicant_regency_id == "35.13"


def test_only_the_desks_own_services_may_be_open_to_units(testing_service):
    testing_service.open_to_regency_units = True
    with pytest.raises(ValidationError) as error:
        testing_service.full_clean()
    assert "Unit Pelayanan Publik" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        testing_service.save()


def test_the_catalogue_seed_opens_the_training_services_to_units(db):
    from kriya.desk.catalogue import seed_catalogue

    seed_catalogue()
    opened = set(Service.objects.filter(open_to_regency_units=True).values_list("code", flat=True))
    assert opened == {"pelatihan", "pengiriman_instruktur", "konsultansi"}


# --- Filing --------------------------------------------------------------------------


def test_an_officer_files_in_the_units_name(unit_request, probolinggo_unit, officer):
    req = unit_request()
    assert req.organisation == probolinggo_unit and req.business is None
    assert req.filed_by == officer


def test_who_may_not_file_in_a_units_name(
    probolinggo_unit, training_service, testing_service, other_officer, owner, officer, business
):
    for user in (other_officer, owner):
        with pytest.raises(PermissionDenied):
            services.create_request(
                organisation=probolinggo_unit, service=training_service, by=user
            )
    with pytest.raises(ValidationError) as error:
        services.create_request(organisation=probolinggo_unit, service=testing_service, by=officer)
    assert "service" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.create_request(
            business=business, organisation=probolinggo_unit, service=training_service, by=owner
        )
    assert not ServiceRequest.objects.exists()


def test_the_apply_page_offers_the_unit(client, officer, probolinggo_unit, training_service):
    client.force_login(officer)
    page = client.get(f"/layanan/{training_service.code}/ajukan/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="unit-{probolinggo_unit.pk}"' in html
    assert "DKUPP Kabupaten Probolinggo (perangkat daerah)" in html
    response = client.post(
        f"/layanan/{training_service.code}/ajukan/",
        {
            "idempotency_key": "k-unit-1",
            "applicant": f"unit-{probolinggo_unit.pk}",
            "notes": "Untuk 20 perajin muda",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-name": "Pelatihan batik tulis",
            "items-0-quantity": "20",
            "submit": "1",
        },
    )
    req = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/permohonan/{req.pk}/"
    assert req.organisation == probolinggo_unit and req.status == Status.SUBMITTED
    detail = client.get(response.url).content.decode()
    assert "DKUPP Kabupaten Probolinggo" in detail and "perangkat daerah" in detail


def test_the_apply_page_refuses_an_officer_for_a_service_closed_to_units(
    client, officer, testing_service, training_service
):
    client.force_login(officer)
    assert client.get(f"/layanan/{testing_service.code}/ajukan/").status_code == 403
    # And a unit the officer does not belong to is not a choice.
    other = Organisation.objects.create(
        name="Dinas lain", kind=OrganisationKind.REGENCY_UNIT, regency_id="35.74"
    )
    response = client.post(
        f"/layanan/{training_service.code}/ajukan/",
        {
            "idempotency_key": "k-unit-2",
            "applicant": f"unit-{other.pk}",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-name": "Pelatihan batik tulis",
            "items-0-quantity": "20",
            "submit": "1",
        },
    )
    assert response.status_code == 200
    assert "applicant" in response.context["form"].errors
    assert not ServiceRequest.objects.exists()


def test_an_owner_still_files_for_their_business(client, owner, business, training_service):
    client.force_login(owner)
    html = client.get(f"/layanan/{training_service.code}/ajukan/").content.decode()
    assert 'name="business"' in html and 'name="applicant"' not in html


# --- Reading and acting ----------------------------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("officer", 200),
        ("sibling_officer", 200),  # the same regency reads, as for its businesses' requests
        ("desk", 200),
        ("other_officer", 404),
        ("owner", 404),
        ("stranger", 404),
        ("anonymous", 302),
    ],
)
def test_who_reads_a_units_request(
    client,
    unit_request,
    officer,
    sibling_officer,
    desk,
    other_officer,
    owner,
    stranger,
    business,
    who,
    expected,
):
    req = unit_request(Status.SUBMITTED)
    user = {
        "officer": officer,
        "sibling_officer": sibling_officer,
        "desk": desk,
        "other_officer": other_officer,
        "owner": owner,
        "stranger": stranger,
        "anonymous": None,
    }[who]
    if user is not None:
        client.force_login(user)
    assert client.get(f"/permohonan/{req.pk}/").status_code == expected
    api = client.get(f"{API}/service-requests/{req.pk}")
    assert api.status_code == {200: 200, 404: 404, 302: 401}[expected]


def test_the_units_officers_act_as_the_applicant(
    unit_request, officer, sibling_officer, other_officer, owner
):
    from kriya.desk.workflow import LIFECYCLE

    req = unit_request()
    assert [m.action for m in LIFECYCLE.available(req, officer)] == ["submit", "cancel"]
    for reader in (sibling_officer, other_officer, owner):
        assert LIFECYCLE.available(req, reader) == []
    with pytest.raises(PermissionDenied):
        services.transition_request(request=req, action="submit", by=sibling_officer)
    services.transition_request(request=req, action="submit", by=officer)
    assert req.status == Status.SUBMITTED


def test_the_desk_queue_and_the_regency_filter_hold_it(
    client, unit_request, desk, make_request, other_business, stranger
):
    unit_req = unit_request(Status.SUBMITTED)
    business_req = make_request("submitted")
    kota_req = make_request("submitted", business_=other_business, by=stranger)
    client.force_login(desk)
    page = client.get("/permohonan/antrean/", {"regency": "35.13"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/permohonan/{unit_req.pk}/" in html and f"/permohonan/{business_req.pk}/" in html
    assert f"/permohonan/{kota_req.pk}/" not in html
    assert "DKUPP Kabupaten Probolinggo" in html
    other = client.get("/permohonan/antrean/", {"regency": "35.74"}).content.decode()
    assert f"/permohonan/{unit_req.pk}/" not in other and f"/permohonan/{kota_req.pk}/" in other
    assert set(ServiceRequest.objects.in_regency("35.13")) == {unit_req, business_req}


def test_the_queue_does_not_query_per_unit_request(
    client, unit_request, desk, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    unit_request(Status.SUBMITTED)
    client.force_login(desk)
    with CaptureQueriesContext(connection) as one:
        client.get("/permohonan/antrean/")
    for _ in range(4):
        unit_request(Status.SUBMITTED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/permohonan/antrean/").content.decode()
    assert html.count("DKUPP Kabupaten Probolinggo") >= 5


def test_the_bill_is_addressed_to_the_unit_and_its_officer_pays(
    client, unit_request, officer, sibling_officer, desk, probolinggo_unit
):
    req = unit_request(Status.ACCEPTED)
    bill = services.issue_bill(
        request=req,
        lines=[{"description": "Pelatihan teknis 3 hari", "unit_price": 2_500_000, "quantity": 1}],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        billing_code="820260000000009",
        by=desk,
    )
    assert bill.payer_name == "DKUPP Kabupaten Probolinggo" and bill.is_pnbp
    client.force_login(officer)
    page = client.get(f"/permohonan/{req.pk}/tagihan/{bill.pk}/").content.decode()
    assert "DKUPP Kabupaten Probolinggo" in page
    response = client.post(
        f"/permohonan/{req.pk}/bukti-bayar/",
        {"file": upload("bukti.pdf", PDF_BYTES), "paid_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert bill.payments.count() == 1
    client.force_login(sibling_officer)  # reads, does not pay
    response = client.post(
        f"/permohonan/{req.pk}/bukti-bayar/",
        {"file": upload("bukti.pdf", PDF_BYTES), "paid_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    services.confirm_payment(request=req, by=desk)
    assert Bill.objects.get().state == "paid"


def test_a_units_request_is_neither_recommended_nor_sponsored(unit_request, officer):
    from kriya.desk.access import can_recommend, can_sponsor

    req = unit_request(Status.SUBMITTED)
    assert not can_recommend(officer, req) and not can_sponsor(officer, req)


def test_the_units_officers_are_told_as_applicants(
    unit_request, officer, sibling_officer, desk, make_user, member, probolinggo_unit
):
    from kriya.desk.notifications import recipients_for

    colleague = member(make_user("rekan@probolinggo.test"), probolinggo_unit, Role.REGENCY_OFFICER)
    req = unit_request(Status.IN_REVIEW)
    told = recipients_for(req, "service_request.accept", actor_id=desk.pk)
    assert set(told) == {officer, colleague}
    assert sibling_officer not in told


def test_complaints_on_a_units_request(client, unit_request, officer, other_officer, owner):
    from kriya.desk import complaints
    from kriya.desk.access import complaints_visible_to

    req = unit_request(Status.SUBMITTED)
    complaint = complaints.file_complaint(
        request=req, subject="Lama", body="Belum ada kabar.", by=officer
    )
    assert list(complaints_visible_to(officer)) == [complaint]
    assert not complaints_visible_to(other_officer).exists()
    assert not complaints_visible_to(owner).exists()
    client.force_login(officer)
    assert client.get(f"/pengaduan/{complaint.pk}/").status_code == 200
    client.force_login(other_officer)
    assert client.get(f"/pengaduan/{complaint.pk}/").status_code == 404


def test_the_officers_home_lists_the_units_own_requests(client, unit_request, officer):
    req = unit_request(Status.RETURNED)
    client.force_login(officer)
    html = client.get("/beranda/").content.decode()
    assert "Permohonan perangkat daerah saya" in html
    assert f"/permohonan/{req.pk}/" in html


# --- API -----------------------------------------------------------------------------


def _body(**applicant):
    return {
        "service": "pelatihan",
        "items": [{"name": "Pelatihan batik tulis", "quantity": 20, "kind": "other"}],
        "submit": True,
        **applicant,
    }


def test_an_officer_files_in_the_units_name_over_the_api(
    client, officer, probolinggo_unit, training_service
):
    client.force_login(officer)
    response = client.post(
        f"{API}/service-requests",
        _body(organisation=probolinggo_unit.pk),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="api-unit-1",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["business"] is None
    assert body["organisation"] == {
        "id": probolinggo_unit.pk,
        "name": "DKUPP Kabupaten Probolinggo",
        "regency": "35.13",
    }
    assert body["status"] == "submitted"
    again = client.post(
        f"{API}/service-requests",
        _body(organisation=probolinggo_unit.pk),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="api-unit-1",
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    listed = client.get(f"{API}/service-requests", {"regency": "35.13"}).json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]


def test_the_api_refuses_what_the_page_refuses(
    client,
    officer,
    other_officer,
    owner,
    business,
    probolinggo_unit,
    training_service,
    testing_service,
):
    for user in (other_officer, owner):
        client.force_login(user)
        response = client.post(
            f"{API}/service-requests",
            _body(organisation=probolinggo_unit.pk),
            content_type="application/json",
        )
        assert response.status_code == 403
    client.force_login(officer)
    closed = client.post(
        f"{API}/service-requests",
        {**_body(organisation=probolinggo_unit.pk), "service": "pengujian"},
        content_type="application/json",
    )
    assert closed.status_code == 403
    for both_or_none in ({"business": business.pk, "organisation": probolinggo_unit.pk}, {}):
        response = client.post(
            f"{API}/service-requests", _body(**both_or_none), content_type="application/json"
        )
        assert response.status_code == 422
    assert not ServiceRequest.objects.exists()
    client.force_login(owner)
    response = client.post(
        f"{API}/service-requests", _body(business=business.pk), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["organisation"] is None


def test_the_units_documents_by_reader(
    client, unit_request, officer, sibling_officer, other_officer, training_service
):
    from kriya.desk.models import ServiceDocument

    ServiceDocument.objects.create(
        service=training_service, code="surat-permohonan", name_id="Surat permohonan"
    )
    req = unit_request()
    document = services.upload_document(
        request=req, slot="surat-permohonan", file=upload("surat.pdf", PDF_BYTES), by=officer
    )
    url = f"/dokumen-layanan/{document.pk}/unduh/"
    for user, expected in ((officer, 200), (sibling_officer, 403), (other_officer, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected
