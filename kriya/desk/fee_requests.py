"""Fees of the apps above the desk, billed through the desk (docs/desk.md "Fees of other
apps"): a training programme's tariff, an event's booth fee.

`open_fee_request()` makes a desk `ServiceRequest` for the business that owes the fee,
already accepted (nothing for the desk to review: the app above decided), with
`origin` naming the app's row ("training.enrolment:12"), and issues its bill at once
from the fee (one line, the organiser's own amount — never a PNBP tariff invented
here). From there the request is an ordinary billed request: the bill page with the
code and how to pay, the payment proof by the applicant, the confirmation, the
notifications and the timeline.

Who collects the money is the bill's `payee`: empty for the agency (PNBP; the code
comes from the SIMPONI adapter — when it is off the request waits, accepted, for the
desk to bill it with the usual form), else the organising organisation (a regency
unit's retribusi daerah, an association's fee), whose people confirm the payment.

The app above learns what happened from `signals.request_status_changed` (connected in
its AppConfig.ready): `confirm_payment` → the seat or booth is confirmed; `cancel` →
it is given up. A bill past its due date cancels its fee request (it is never returned
to the applicant: there is nothing to resubmit). The desk never imports those apps.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit

from .adapters import simponi
from .clock import clock_changes
from .models import Bill, BillItem, ItemKind, RequestItem, Service, ServiceRequest, Status


def open_fee_request(
    *,
    business,
    service: Service,
    origin: str,
    description: str,
    amount: int,
    due_date: date,
    by,
    payee=None,
    billing_code: str = "",
) -> tuple[ServiceRequest, Bill | None]:
    """An accepted request for `business` with its bill of `amount` rupiah due on
    `due_date`; returns (request, bill). The bill is None only for a PNBP fee while the
    SIMPONI adapter is off (the desk then bills it). Runs in the caller's transaction:
    a failure here undoes the caller's change too."""
    if not origin:
        raise ValueError("origin")
    if not service.is_billed:
        raise ValidationError(_("Layanan %(name)s tidak bertagihan.") % {"name": service.name_id})
    if amount is None or int(amount) <= 0:
        raise ValidationError(_("Jumlah tagihan harus lebih dari nol."))
    if business is None:
        raise ValidationError(_("Tagihan perlu usaha yang terdaftar sebagai pemohon."))
    today = timezone.localdate()
    due_date = max(due_date, today)
    amount = int(amount)
    with transaction.atomic():
        now = timezone.now()
        request = ServiceRequest(
            business=business,
            service=service,
            status=Status.ACCEPTED,
            notes=description,
            filed_by=by,
            submitted_at=now,
            status_changed_at=now,
            origin=origin[:60],
        )
        for name, value in clock_changes(request, Status.ACCEPTED).items():
            setattr(request, name, value)
        request.save()
        RequestItem.objects.create(
            request=request, kind=ItemKind.OTHER, name=description[:200], quantity=1
        )
        audit.record(
            actor=by,
            verb="service_request.created",
            obj=request,
            data={
                "service": service.code,
                "business": business.pk,
                "origin": request.origin,
                "accepted": True,
                "amount": amount,
            },
        )
        bill = _issue_fee_bill(
            request=request,
            description=description,
            amount=amount,
            due_date=due_date,
            by=by,
            payee=payee,
            billing_code=billing_code,
        )
    return request, bill


def _issue_fee_bill(*, request, description, amount, due_date, by, payee, billing_code):
    from .services import transition_request

    payer = request.applicant_name
    code = "".join((billing_code or "").split())
    if payee is not None:
        source = "payee"
    elif code:
        source = "manual"
    else:
        adapter = simponi.get_adapter()
        if adapter is None:
            return None  # the desk bills it with its form (docs/desk.md)
        try:
            code = adapter.create_billing(
                reference=request.number,
                payer=payer,
                lines=[simponi.BillingLine(description[:200], amount)],
                due_date=due_date,
            )
        except simponi.BillingError:
            return None
        source = "simponi"
    bill = Bill.objects.create(
        request=request,
        billing_code=code[:40],
        code_source=source,
        total=amount,
        due_date=due_date,
        issued_by=by,
        payer_name=payer,
        payee=payee,
        payee_name=payee.name if payee is not None else "",
    )
    BillItem.objects.create(
        bill=bill,
        description=description[:200],
        unit="",
        unit_price=amount,
        quantity=1,
        amount=amount,
    )
    transition_request(
        request=request,
        action="issue_bill",
        by=None,
        data={
            "bill": bill.pk,
            "billing_code": bill.billing_code,
            "total": amount,
            "due_date": due_date.isoformat(),
            "payer": payer,
            "payee": bill.payee_name,
            "origin": request.origin,
        },
    )
    return bill


def cancel_fee_request(*, request: ServiceRequest, reason: str) -> ServiceRequest | None:
    """The app above gave the seat or booth up: cancel the fee request (and its open
    bill) as the system, unless it is already paid or ended. Returns it, or None."""
    request.refresh_from_db(fields=["status"])
    if request.status not in (Status.ACCEPTED, Status.AWAITING_PAYMENT):
        return None
    from .services import transition_request

    return transition_request(request=request, action="cancel", by=None, reason=reason)


def fee_bill_for(user, request: ServiceRequest | None) -> tuple[Bill | None, bool]:
    """For a page of the app above: the fee request's latest bill (or None) and whether
    `user` may open its bill page (the desk's own access rule). Two queries at most."""
    if request is None:
        return None, False
    from .access import requests_visible_to

    bill = request.bills.order_by("-issued_at", "-id").first()
    readable = bill is not None and requests_visible_to(user).filter(pk=request.pk).exists()
    return bill, readable
