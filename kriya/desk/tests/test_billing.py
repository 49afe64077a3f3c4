"""Billing: the desk bills from tariff items, the applicant uploads proof, the desk
confirms; an unpaid bill past its due date returns the request."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kriya.desk import services
from kriya.desk.adapters import simponi
from kriya.desk.models import Bill, Status

TODAY = timezone.localdate


def in_days(n):
    return TODAY() + datetime.timedelta(days=n)


def test_the_bill_is_computed_from_tariff_items_and_quantities(make_request, desk, testing_service):
    request = make_request("accepted")
    tariff = testing_service.tariff_items.get()
    bill = services.issue_bill(
        request=request,
        lines=[
            {"tariff_item": tariff.pk, "quantity": 2},
            {"description": "Uji mengkeret", "unit_price": 75_000, "quantity": 1},
        ],
        due_date=in_days(7),
        billing_code="820260000000001",
        by=desk,
    )
    assert bill.total == 375_000
    assert [(i.unit_price, i.quantity, i.amount) for i in bill.items.all()] == [
        (150_000, 2, 300_000),
        (75_000, 1, 75_000),
    ]
    assert request.status == Status.AWAITING_PAYMENT


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Kode billing wajib diisi."), ("12345", "15 digit"), ("82026000000000A", "15 digit")],
)
def test_a_billing_code_is_required_and_must_be_15_digits(
    code, message, make_request, desk, testing_service
):
    request = make_request("accepted")
    with pytest.raises(ValidationError) as caught:
        services.issue_bill(
            request=request,
            lines=[{"tariff_item": testing_service.tariff_items.get().pk, "quantity": 1}],
            due_date=in_days(7),
            billing_code=code,
            by=desk,
        )
    assert message in str(caught.value)
    request.refresh_from_db()
    assert request.status == Status.ACCEPTED and not Bill.objects.exists()


def test_with_simponi_on_the_code_comes_from_the_adapter(
    make_request, desk, testing_service, settings
):
    settings.KRIYA_SIMPONI_ADAPTER = "kriya.desk.adapters.simponi.FakeSimponi"
    request = make_request("accepted")
    bill = services.issue_bill(
        request=request,
        lines=[{"tariff_item": testing_service.tariff_items.get().pk, "quantity": 1}],
        due_date=in_days(7),
        by=desk,
    )
    assert bill.code_source == "simponi" and len(bill.billing_code) == 15


def test_simponi_is_off_by_default(settings):
    assert simponi.get_adapter() is None


def test_an_empty_bill_or_a_past_due_date_is_refused(make_request, desk):
    request = make_request("accepted")
    with pytest.raises(ValidationError):
        services.issue_bill(
            request=request, lines=[], due_date=in_days(7), billing_code="8" * 15, by=desk
        )
    with pytest.raises(ValidationError):
        services.issue_bill(
            request=request,
            lines=[{"description": "Uji", "unit_price": 1000, "quantity": 1}],
            due_date=in_days(-1),
            billing_code="8" * 15,
            by=desk,
        )


def test_only_the_desk_bills(make_request, owner, analyst):
    request = make_request("accepted")
    for person in (owner, analyst):
        with pytest.raises(PermissionDenied):
            services.issue_bill(
                request=request,
                lines=[{"description": "Uji", "unit_price": 1000, "quantity": 1}],
                due_date=in_days(7),
                billing_code="8" * 15,
                by=person,
            )


@pytest.fixture
def billed(make_request, desk):
    request = make_request("accepted")
    services.issue_bill(
        request=request,
        lines=[{"description": "Uji tahan luntur", "unit_price": 150_000, "quantity": 1}],
        due_date=in_days(3),
        billing_code="820260000000001",
        by=desk,
    )
    return request


def test_the_owner_uploads_proof_and_the_desk_confirms(billed, owner, desk, pdf):
    payment = services.upload_payment_proof(
        request=billed, file=pdf("bukti.pdf"), by=owner, paid_on=TODAY(), reference="NTPN123"
    )
    assert payment.is_pending and billed.status == Status.AWAITING_PAYMENT
    bill = services.confirm_payment(request=billed, by=desk)
    payment.refresh_from_db()
    assert bill.paid_at and payment.confirmed_by == desk
    assert billed.status == Status.PAID and billed.clock_running_since is not None


def test_a_rejected_proof_can_be_replaced(billed, owner, desk, pdf):
    first = services.upload_payment_proof(request=billed, file=pdf(), by=owner, paid_on=TODAY())
    services.reject_payment_proof(payment=first, by=desk, reason="Bukti tidak terbaca.")
    second = services.upload_payment_proof(request=billed, file=pdf(), by=owner, paid_on=TODAY())
    assert second.proof.version == 2
    services.confirm_payment(request=billed, by=desk, payment=second)
    first.refresh_from_db()
    assert first.rejected_at and not first.confirmed_at


def test_the_owner_cannot_confirm_their_own_payment(billed, owner, pdf):
    services.upload_payment_proof(request=billed, file=pdf(), by=owner, paid_on=TODAY())
    with pytest.raises(PermissionDenied):
        services.confirm_payment(request=billed, by=owner)
    assert not Bill.objects.get().paid_at


def test_a_stranger_cannot_upload_proof(billed, stranger, pdf):
    with pytest.raises(PermissionDenied):
        services.upload_payment_proof(request=billed, file=pdf(), by=stranger, paid_on=TODAY())


def test_an_unpaid_bill_past_its_due_date_returns_the_request_once(billed, monkeypatch):
    from kriya.core.models import AuditEvent

    assert services.expire_bills(today=in_days(3)) == []  # due today: still open
    returned = services.expire_bills(today=in_days(4))
    assert [r.pk for r in returned] == [billed.pk]
    billed.refresh_from_db()
    assert billed.status == Status.RETURNED
    assert "tidak dibayar sampai jatuh tempo" in billed.status_reason
    assert Bill.objects.get().expired_at is not None
    assert services.expire_bills(today=in_days(5)) == []
    event = AuditEvent.objects.for_object(billed).get(verb="service_request.expire_bill")
    assert event.actor is None


def test_the_expire_bills_command_is_idempotent(billed, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: in_days(10))
    call_command("expire_bills")
    call_command("expire_bills")
    billed.refresh_from_db()
    assert billed.status == Status.RETURNED
    assert Bill.objects.filter(expired_at__isnull=False).count() == 1


def test_a_paid_bill_never_expires(billed, desk):
    services.confirm_payment(request=billed, by=desk)
    assert services.expire_bills(today=in_days(30)) == []
    billed.refresh_from_db()
    assert billed.status == Status.PAID


def test_after_expiry_a_resubmitted_request_gets_a_new_bill(billed, owner, desk, pdf):
    services.expire_bills(today=in_days(4))
    billed.refresh_from_db()
    services.upload_document(request=billed, slot="surat_permohonan", file=pdf(), by=owner)
    services.resubmit_request(request=billed, by=owner)
    services.transition_request(request=billed, action="review", by=desk)
    services.transition_request(request=billed, action="accept", by=desk)
    services.issue_bill(
        request=billed,
        lines=[{"description": "Uji", "unit_price": 150_000, "quantity": 1}],
        due_date=in_days(7),
        billing_code="820260000000002",
        by=desk,
    )
    assert [b.state for b in billed.bills.order_by("id")] == ["expired", "open"]


def test_cancelling_while_awaiting_payment_cancels_the_bill(billed, owner):
    services.transition_request(request=billed, action="cancel", by=owner)
    assert Bill.objects.get().state == "cancelled"


# --- pages -------------------------------------------------------------------


def test_the_desk_issues_a_bill_on_its_page(client, desk, make_request, testing_service):
    request = make_request("accepted")
    tariff = testing_service.tariff_items.get()
    client.force_login(desk)
    assert client.get(f"/permohonan/{request.pk}/tagihan/").status_code == 200
    response = client.post(
        f"/permohonan/{request.pk}/tagihan/",
        {
            f"qty_{tariff.pk}": "2",
            "billing_code": "8202 6000 0000 001",
            "due_date": in_days(7).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Bill.objects.get().total == 300_000


def test_a_bad_billing_code_is_shown_at_its_field(client, desk, make_request, testing_service):
    request = make_request("accepted")
    client.force_login(desk)
    response = client.post(
        f"/permohonan/{request.pk}/tagihan/",
        {
            f"qty_{testing_service.tariff_items.get().pk}": "1",
            "billing_code": "123",
            "due_date": in_days(7).isoformat(),
        },
    )
    assert response.status_code == 200
    assert 'id="id_billing_code_error"' in response.text


@pytest.mark.parametrize("name", ["owner", "officer", "analyst"])
def test_only_the_desk_opens_the_bill_page(name, client, personas, make_request):
    request = make_request("accepted")
    client.force_login(personas[name])
    assert client.get(f"/permohonan/{request.pk}/tagihan/").status_code == 403


def test_the_bill_page_is_not_found_for_another_business(client, stranger, make_request):
    request = make_request("accepted")
    client.force_login(stranger)
    assert client.get(f"/permohonan/{request.pk}/tagihan/").status_code == 404


def test_the_owner_uploads_proof_on_the_request_page(client, owner, billed, pdf):
    client.force_login(owner)
    page = client.get(f"/permohonan/{billed.pk}/").text
    assert "820260000000001" in page and "Rp\xa0150.000" in page
    response = client.post(
        f"/permohonan/{billed.pk}/bukti-bayar/",
        {"file": pdf("bukti.pdf"), "paid_on": TODAY().isoformat(), "reference": ""},
    )
    assert response.status_code == 302
    assert billed.bills.get().payments.count() == 1


def test_a_bad_proof_is_refused_at_its_field(client, owner, billed):
    from kriya.desk.tests.conftest import upload

    client.force_login(owner)
    response = client.post(
        f"/permohonan/{billed.pk}/bukti-bayar/",
        {"file": upload("bukti.pdf", b"GIF89a"), "paid_on": TODAY().isoformat()},
    )
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.text
