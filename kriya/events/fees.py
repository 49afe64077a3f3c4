"""The booth fee, billed through the desk (docs/events.md "Booth fee").

When an event charges a booth fee (`Event.booth_fee`, the organiser's own amount), an
accepted exhibitor gets a desk request of the service `sewa_stan_acara` with its bill
(`kriya.desk.fee_requests.open_fee_request`): payable to the organising unit — a
regency's booth fee is regional revenue (retribusi daerah) collected by the unit, not
the agency's PNBP — and confirmed by the unit's officers. The booth allocated to the
exhibitor is held until the bill's due date; paid, it is confirmed (`fee_paid_at`);
unpaid (the desk's `expire_bills`) or cancelled, the booth is taken back and the place
lapses. An event without a fee bills nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.models import OrganisationKind
from kriya.core import audit
from kriya.desk import fee_requests
from kriya.desk.models import Body, Service, Status, Variant

ORIGIN = "events.application:"
SERVICE_CODE = "sewa_stan_acara"
# Days to pay after acceptance (never past the day before the event).
PAYMENT_DAYS = 7


def origin_of(application) -> str:
    return f"{ORIGIN}{application.pk}"


def booth_service() -> Service:
    """The desk service booth fees are billed under. Not in the agency's catalogue
    (reference.yaml has no such service): made here, inactive, so nobody applies for it
    and the catalogue does not list it; marked unconfirmed for administrators."""
    service, _created = Service.objects.get_or_create(
        code=SERVICE_CODE,
        defaults={
            "name_id": "Biaya stan pameran/acara",
            "name_en": "Event booth fee",
            "description_id": (
                "Tagihan biaya stan acara yang diselenggarakan perangkat daerah atau "
                "asosiasi; besarnya ditetapkan penyelenggara."
            ),
            "body": Body.DESK,
            "variant": Variant.BILLED,
            "is_active": False,
            "is_verified": False,
            "unverified_note": (
                "Bukan layanan katalog balai: dipakai Kriya untuk menagih biaya stan acara "
                "atas nama penyelenggaranya (retribusi daerah)."
            ),
        },
    )
    return service


def payment_due_date(event, today=None):
    today = today or timezone.localdate()
    due = today + timedelta(days=PAYMENT_DAYS)
    if event.starts_on:
        due = min(due, event.starts_on - timedelta(days=1))
    return max(due, today)


def bill_booth(application, *, by) -> None:
    """Open the desk request and bill for the exhibitor's booth fee (in the caller's
    transaction) unless the event charges none or a bill is already open or paid."""
    event = application.event
    if not event.booth_fee:
        return
    if application.fee_request_id and application.fee_request.status != Status.CANCELLED:
        return
    organiser = event.organiser
    payee = None if organiser.kind == OrganisationKind.AGENCY else organiser
    request, _bill = fee_requests.open_fee_request(
        business=application.business,
        service=booth_service(),
        origin=origin_of(application),
        description=_("Biaya stan %(event)s — %(business)s")
        % {"event": event.name, "business": application.business.name},
        amount=event.booth_fee,
        due_date=payment_due_date(event),
        by=application.applied_by or by,
        payee=payee,
    )
    application.fee_request = request
    type(application).objects.filter(pk=application.pk).update(
        fee_request=request, fee_paid_at=None
    )


def on_request_status_changed(sender, request, action, from_status, to_status, by, **kwargs):
    """The desk moved a request: if it bills a booth, confirm it or take it back."""
    if not request.origin.startswith(ORIGIN):
        return
    from .models import EXHIBITING, Application
    from .workflow import APPLICATION

    application = (
        Application.objects.select_related("event", "booth")
        .filter(pk=int(request.origin[len(ORIGIN) :]), fee_request=request)
        .first()
    )
    if application is None or application.fee_paid_at is not None:
        return
    if to_status == Status.PAID:
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(fee_paid_at=now, updated_at=now)
        audit.record(
            actor=by,
            verb="event_application.fee_paid",
            obj=application,
            data={
                "request": request.pk,
                "booth": application.booth.code if application.booth else "",
            },
        )
    elif to_status == Status.CANCELLED and application.status in EXHIBITING:
        APPLICATION.transition(
            application,
            action="lapse",
            by=None,
            reason=request.status_reason,
            changes={"booth": None, "decision_reason": request.status_reason},
            data={"request": request.pk},
        )
