"""A paid programme's tariff, billed through the desk (docs/training.md "Fees").

A person who gets a seat in a batch of a programme with a tariff (`Programme.is_paid`)
does not hold it outright: the enrolment is "awaiting payment" and the desk issues a
bill to the person's business (`kriya.desk.fee_requests.open_fee_request`, service
`pelatihan` or the programme's own reference service). The seat counts as taken until
the bill's due date — like a waiting-list offer. When the payment is confirmed the
place is confirmed (and the pass issued); when the bill lapses or the request is
cancelled the seat goes to the next in line. Free and sponsored programmes are never
billed.

Who is paid: a programme of the agency is PNBP (the agency's desk confirms); a
programme of a regency unit or an association is that organisation's revenue, so the
bill names it as payee and its people confirm the payment.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.models import OrganisationKind
from kriya.desk import fee_requests
from kriya.desk.models import Service

ORIGIN = "training.enrolment:"


def origin_of(enrolment) -> str:
    return f"{ORIGIN}{enrolment.pk}"


def payment_due_date(batch, today=None):
    """As long as a waiting-list offer (`Batch.offer_hours`, in whole days, at least
    one), and never past the day before the batch starts (nor before today)."""
    today = today or timezone.localdate()
    due = today + timedelta(days=max(1, math.ceil(batch.offer_hours / 24)))
    if batch.starts_on:
        due = min(due, batch.starts_on - timedelta(days=1))
    return max(due, today)


def _service(programme) -> Service:
    for code in (programme.service_kind, "pelatihan"):
        service = Service.objects.filter(code=code).first()
        if service is not None and service.is_billed:
            return service
    raise ValidationError(
        _(
            "Program ini berbayar, tetapi layanan pelatihan belum ada di katalog layanan; "
            "hubungi penyelenggara."
        )
    )


def bill_seat(enrolment, *, by) -> None:
    """Open the desk request and bill for `enrolment`'s seat (in the caller's
    transaction) and keep the request on the enrolment."""
    batch = enrolment.batch
    programme = batch.programme
    participant = enrolment.participant
    organiser = programme.organiser
    payee = None if organiser.kind == OrganisationKind.AGENCY else organiser
    description = _("Biaya pelatihan %(programme)s, angkatan %(number)s — %(person)s") % {
        "programme": programme.title_id,
        "number": batch.number,
        "person": participant.full_name,
    }
    request, _bill = fee_requests.open_fee_request(
        business=participant.business,
        service=_service(programme),
        origin=origin_of(enrolment),
        description=description,
        amount=programme.fee_amount,
        due_date=payment_due_date(batch),
        by=by,
        payee=payee,
    )
    enrolment.fee_request = request
    type(enrolment).objects.filter(pk=enrolment.pk).update(fee_request=request)
