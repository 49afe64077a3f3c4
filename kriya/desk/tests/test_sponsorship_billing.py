"""What sponsorship means for billing: the bill is addressed to the programme's regency
unit, whose officer uploads the payment proof; the applicant pays nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kriya.desk import services, sponsorship
from kriya.desk.models import Status
from kriya.desk.tests.conftest import PDF_BYTES, upload

CODE = "820260000000009"


@pytest.fixture
def sponsored_bill(officer, desk, make_request, programme, testing_service):
    request = make_request("accepted")
    sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    tariff = testing_service.tariff_items.get()
    bill = services.issue_bill(
        request=request,
        lines=[{"tariff_item": tariff.pk, "quantity": 2}],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        billing_code=CODE,
        by=desk,
    )
    return request, bill


def test_the_bill_is_addressed_to_the_programmes_unit(sponsored_bill, probolinggo_unit):
    request, bill = sponsored_bill
    assert bill.sponsorship.programme.unit == probolinggo_unit
    assert bill.payer_name == probolinggo_unit.name
    assert bill.total == 300_000


def test_an_unsponsored_bill_is_addressed_to_the_business(desk, make_request, business):
    request = make_request("accepted")
    bill = services.issue_bill(
        request=request,
        lines=[{"description": "Uji", "unit_price": 1000, "quantity": 1}],
        due_date=timezone.localdate(),
        billing_code=CODE,
        by=desk,
    )
    assert bill.sponsorship is None and bill.payer_name == business.name


def test_the_regency_pays_and_the_desk_confirms(sponsored_bill, officer, owner, desk):
    request, bill = sponsored_bill
    proof = dict(paid_on=timezone.localdate(), reference="NTPN1")
    with pytest.raises(PermissionDenied):
        services.upload_payment_proof(
            request=request, file=upload("b.pdf", PDF_BYTES), by=owner, **proof
        )
    services.upload_payment_proof(
        request=request, file=upload("b.pdf", PDF_BYTES), by=officer, **proof
    )
    services.confirm_payment(request=request, by=desk)
    bill.refresh_from_db()
    assert request.status == Status.PAID and bill.paid_at is not None


def test_a_sponsorship_cannot_be_withdrawn_once_billed(sponsored_bill, officer):
    request, bill = sponsored_bill
    with pytest.raises(PermissionDenied):
        sponsorship.withdraw_sponsorship(sponsorship=bill.sponsorship, by=officer, reason="x")


def test_the_officer_sees_the_payment_form_and_the_owner_the_payer(
    sponsored_bill, client, officer, owner, probolinggo_unit
):
    request, bill = sponsored_bill
    client.force_login(officer)
    assert 'name="paid_on"' in client.get(f"/permohonan/{request.pk}/").text
    client.force_login(owner)
    page = client.get(f"/permohonan/{request.pk}/").text
    assert 'name="paid_on"' not in page
    assert probolinggo_unit.name in page
