"""The booth fee through the desk's billing (docs/events.md "Booth fee"): accepted →
a desk bill payable to the organising unit → paid → the booth is the exhibitor's;
unpaid by the due date → the booth is taken back and the place lapses; no fee → no
bill; nothing half-saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kriya.desk import fee_requests
from kriya.desk import services as desk_services
from kriya.desk.models import Bill, ServiceRequest, Status
from kriya.events import services
from kriya.events.models import Application, ApplicationStatus, Booth, Event

from .conftest import apply, exhibitor

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def fee_event(event):
    Event.objects.filter(pk=event.pk).update(booth_fee=150_000)
    event.refresh_from_db()
    return event


@pytest.fixture
def booth(fee_event):
    return Booth.objects.create(event=fee_event, code="A1", zone="A", width_m=3, depth_m=3)


def test_booth_fee_is_billed_paid_and_the_booth_confirmed(
    fee_event, booth, business, owner, officer, desk, probolinggo_unit
):
    application = exhibitor(fee_event, business, owner, officer)
    services.allocate_booth(application=application, booth=booth, by=officer)
    application.refresh_from_db()
    assert application.awaits_fee
    request = application.fee_request
    assert (request.status, request.business_id, request.service.code) == (
        Status.AWAITING_PAYMENT,
        business.pk,
        "sewa_stan_acara",
    )
    assert not request.service.is_active  # not offered in the agency's catalogue
    bill = request.bills.get()
    assert (bill.total, bill.payee_id, bill.is_pnbp) == (150_000, probolinggo_unit.pk, False)

    proof = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    desk_services.upload_payment_proof(
        request=request, file=proof, by=owner, paid_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        desk_services.confirm_payment(request=request, by=desk)
    desk_services.confirm_payment(request=request, by=officer)

    application.refresh_from_db()
    assert application.fee_paid_at is not None
    assert application.booth_id == booth.pk
    assert application.status == ApplicationStatus.ACCEPTED


def test_unpaid_booth_fee_takes_the_booth_back(fee_event, booth, business, owner, officer):
    application = exhibitor(fee_event, business, owner, officer)
    services.allocate_booth(application=application, booth=booth, by=officer)
    bill = Bill.objects.get(request=application.fee_request)
    desk_services.expire_bills(today=bill.due_date + timedelta(days=1))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.booth_id is None
    assert application.fee_request.status == Status.CANCELLED
    # The booth is free for another exhibitor.
    assert not Application.objects.filter(booth=booth).exists()


def test_withdrawing_an_unpaid_place_cancels_its_bill(fee_event, business, owner, officer):
    application = exhibitor(fee_event, business, owner, officer)
    services.withdraw_application(application=application, by=owner)
    request = ServiceRequest.objects.get(pk=application.fee_request_id)
    assert request.status == Status.CANCELLED
    assert request.bills.get().cancelled_at is not None


def test_an_event_without_a_fee_bills_nothing(event, business, owner, officer):
    application = exhibitor(event, business, owner, officer)
    assert application.fee_request_id is None
    assert not ServiceRequest.objects.exists()


def test_nothing_is_saved_when_the_bill_fails(fee_event, business, owner, officer, monkeypatch):
    application = apply(fee_event, business, owner)

    def fail(**kwargs):
        raise ValidationError("SIMPONI")

    monkeypatch.setattr(fee_requests, "open_fee_request", fail)
    with pytest.raises(ValidationError):
        services.decide_application(application=application, action="accept", by=officer)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("persona", ["owner", "other_owner", "anonymous"])
def test_the_booth_bill_is_the_exhibitors(
    persona, fee_event, business, owner, other_owner, other_business, officer, client
):
    application = exhibitor(fee_event, business, owner, officer)
    bill = Bill.objects.get(request=application.fee_request)
    url = reverse("desk:bill_detail", args=[application.fee_request_id, bill.pk])
    if persona == "owner":
        client.force_login(owner)
        page = client.get(reverse("events:application", args=[application.pk]))
        assert url in page.content.decode()
        body = client.get(url).content.decode()
        assert "DKUPP Kabupaten Probolinggo" in body and "retribusi" in body
    elif persona == "other_owner":
        client.force_login(other_owner)
        assert client.get(url).status_code == 404
    else:
        assert client.get(url).status_code == 302
