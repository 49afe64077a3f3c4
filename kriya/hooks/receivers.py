"""What the hooks hear from the layers below (their explicit signals) and turn into
deliveries. A failure here is logged, never raised into the change that caused it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from kriya.events.models import EventStatus
from kriya.events.queries import event_report

from . import delivery
from .events import Event

logger = logging.getLogger("kriya.hooks")


def _record(event: str, build) -> None:
    if not delivery.enabled():
        return
    try:
        with transaction.atomic():
            delivery.record(event, build())
    except Exception:
        logger.exception("Could not record webhook event %s", event)


def request_data(request, *, action: str, from_status: str, to_status: str) -> dict:
    return {
        "request": {
            "id": request.pk,
            "number": request.number,
            "service": request.service.code,
            # A regency unit's own request has no business: its unit instead.
            "business_nib": request.business.nib if request.business_id else None,
            "regency_unit": request.organisation.name if request.organisation_id else None,
            "action": action,
            "previous_status": from_status,
            "status": to_status,
        }
    }


def certificate_data(certificate, *, change: str, reason: str) -> dict:
    return {
        "certificate": {
            "id": certificate.pk,
            "number": certificate.number,
            "scheme": certificate.scheme.code,
            "holder_name": certificate.holder_name,
            "holder_nib": certificate.holder_nib,
            "status": certificate.status,
            "issued_on": certificate.issued_on.isoformat(),
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
            "url": settings.KRIYA_PUBLIC_URL
            + reverse("certification:certificate", kwargs={"pk": certificate.pk}),
        },
        "change": change,
        "reason": reason,
    }


def on_request_status_changed(sender, request, action, from_status, to_status, by, **kwargs):
    _record(
        Event.REQUEST_STATUS_CHANGED,
        lambda: request_data(request, action=action, from_status=from_status, to_status=to_status),
    )


def on_certificate_changed(sender, certificate, change, reason, by, **kwargs):
    _record(
        f"certificate.{change}",
        lambda: certificate_data(certificate, change=change, reason=reason),
    )


def event_report_data(event) -> dict:
    """The closed report's totals as the event's report page shows them: what was not
    reported is counted as missing, never as zero."""
    report = event_report(event, with_previous=False)
    days = list(event.days.order_by("date").values_list("date", flat=True))
    return {
        "event": {
            "id": event.pk,
            "name": event.name,
            "year": event.year,
            "kind": event.kind,
            "regency_code": event.regency_id,
            "district_code": event.district_id,
            "first_day": days[0].isoformat() if days else None,
            "last_day": days[-1].isoformat() if days else None,
            "url": settings.KRIYA_PUBLIC_URL + event.get_absolute_url(),
        },
        "report": {
            "exhibitors": report.exhibitors,
            "turnover": report.turnover,
            "transactions": report.transactions,
            "reports_expected": report.reports_expected,
            "reports_missing": report.reports_missing,
            "visitors": report.visitors,
        },
    }


def on_event_status_changed(sender, event, action, from_status, to_status, by, **kwargs):
    if to_status == EventStatus.CLOSED:
        _record(Event.EVENT_REPORT_CLOSED, lambda: event_report_data(event))
