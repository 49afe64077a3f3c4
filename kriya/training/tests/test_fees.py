"""A paid programme's tariff through the desk's billing (docs/training.md "Fees"): the
seat is held awaiting payment, the business pays the desk bill, the payee's people
confirm it and the place is confirmed; unpaid by the due date the seat goes to the
next in line; free and sponsored programmes bill nothing; nothing half-saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kriya.desk import services as desk_services
from kriya.desk.models import Bill, Service, ServiceRequest, Status
from kriya.registry.tests.factories import make_business
from kriya.training.models import Enrolment, EnrolmentStatus, FeeKind

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def pelatihan(db):
    return Service.objects.create(code="pelatihan", name_id="Pelatihan teknis", variant="billed")


@pytest.fixture
def paid(programme):
    programme.fee_kind = FeeKind.TARIFF
    programme.fee_amount = 250_000
    programme.save()
    return programme


@pytest.fixture
def make_owner_person(make_person, officer):
    """A person who owns a registered business (the bill's addressee)."""

    def make(**extra):
        person = make_person(**extra)
        person.business = make_business(person.user, status="verified", officer=officer)
        person.save()
        return person

    return make


def pay(request, by):
    proof = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    return desk_services.upload_payment_proof(
        request=request, file=proof, by=by, paid_on=timezone.localdate()
    )


def test_paid_enrolment_is_billed_then_confirmed_on_payment(
    paid, pelatihan, batch, make_owner_person, enrol, organiser, desk, probolinggo_unit
):
    person = make_owner_person()
    enrolment = enrol(batch, person)
    assert enrolment.status == EnrolmentStatus.AWAITING_PAYMENT
    assert not enrolment.pass_number
    request = ServiceRequest.objects.get(pk=enrolment.fee_request_id)
    assert (request.status, request.business_id, request.service_id) == (
        Status.AWAITING_PAYMENT,
        person.business_id,
        pelatihan.pk,
    )
    assert request.origin == f"training.enrolment:{enrolment.pk}"
    bill = request.bills.get()
    assert (bill.total, bill.payee_id, bill.code_source) == (250_000, probolinggo_unit.pk, "payee")
    assert bill.payee_name == probolinggo_unit.name
    assert batch.starts_on > bill.due_date >= timezone.localdate()
    # The seat counts as taken while it waits for payment.
    assert batch.enrolments.filter(status__in=["awaiting_payment"]).count() == 1

    pay(request, person.user)
    # The payee's people confirm; the agency's desk does not collect a regency's fee.
    with pytest.raises(PermissionDenied):
        desk_services.confirm_payment(request=request, by=desk)
    desk_services.confirm_payment(request=request, by=organiser)

    enrolment.refresh_from_db()
    request.refresh_from_db()
    assert request.status == Status.PAID
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.pass_number


def test_unpaid_seat_is_released_to_the_next_in_line(
    paid, pelatihan, make_batch, make_owner_person, enrol
):
    batch = make_batch(capacity=1)
    first, second = make_owner_person(), make_owner_person()
    held = enrol(batch, first)
    waiting = enrol(batch, second)
    assert (held.status, waiting.status) == ("awaiting_payment", "waitlisted")
    bill = Bill.objects.get(request_id=held.fee_request_id)

    desk_services.expire_bills(today=bill.due_date)  # not yet past the due date
    held.refresh_from_db()
    assert held.status == EnrolmentStatus.AWAITING_PAYMENT

    desk_services.expire_bills(today=bill.due_date + timedelta(days=1))
    held.refresh_from_db()
    waiting.refresh_from_db()
    bill.refresh_from_db()
    assert held.status == EnrolmentStatus.CANCELLED
    assert held.fee_request.status == Status.CANCELLED
    assert bill.expired_at is not None
    assert waiting.status == EnrolmentStatus.OFFERED

    # Accepting the offer holds the seat again, with a bill of its own.
    from kriya.training import services

    accepted = services.accept_offer(enrolment=waiting, by=second.user)
    assert accepted.status == EnrolmentStatus.AWAITING_PAYMENT
    assert accepted.fee_request.bills.get().is_open
    # Cancelling an unpaid place cancels its request and bill too.
    services.cancel_enrolment(enrolment=accepted, by=second.user)
    request = ServiceRequest.objects.get(pk=accepted.fee_request_id)
    assert request.status == Status.CANCELLED
    assert request.bills.get().cancelled_at is not None


def test_a_paid_programme_needs_a_business_and_says_so(paid, pelatihan, batch, make_person, enrol):
    youth = make_person()
    with pytest.raises(ValidationError) as error:
        enrol(batch, youth)
    assert any(m.startswith("Syarat biaya:") for m in error.value.messages)
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("kind", [FeeKind.FREE, FeeKind.SPONSORED])
def test_free_and_sponsored_programmes_bill_nothing(
    kind, programme, pelatihan, batch, make_owner_person, make_person, enrol
):
    programme.fee_kind = kind
    programme.sponsor = "Pemkab" if kind == FeeKind.SPONSORED else ""
    programme.save()
    for person in (make_owner_person(), make_person()):
        enrolment = enrol(batch, person)
        assert enrolment.status == EnrolmentStatus.ENROLLED
        assert enrolment.fee_request_id is None
    assert not ServiceRequest.objects.exists()


def test_nothing_is_saved_when_the_bill_cannot_be_made(paid, batch, make_owner_person, enrol):
    person = make_owner_person()  # no `pelatihan` service in the catalogue
    with pytest.raises(ValidationError):
        enrol(batch, person)
    assert not Enrolment.objects.exists()
    assert not ServiceRequest.objects.exists()
    assert not Bill.objects.exists()


@pytest.mark.parametrize("persona", ["owner", "other_owner", "anonymous"])
def test_the_bill_page_is_the_business_owners(
    persona, paid, pelatihan, batch, make_owner_person, enrol, client, make_user, officer
):
    person = make_owner_person()
    enrolment = enrol(batch, person)
    bill = Bill.objects.get(request_id=enrolment.fee_request_id)
    url = reverse("desk:bill_detail", args=[enrolment.fee_request_id, bill.pk])
    if persona == "owner":
        client.force_login(person.user)
        page = client.get(reverse("training:my_enrolment", args=[enrolment.pk]))
        assert url in page.content.decode()
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "DKUPP Kabupaten Probolinggo" in body and "Rp" in body
    elif persona == "other_owner":
        other = make_user("lain@example.test")
        make_business(other, status="verified", officer=officer, name="Batik Lain")
        client.force_login(other)
        assert client.get(url).status_code == 404
    else:
        assert client.get(url).status_code == 302
