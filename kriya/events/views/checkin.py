"""Exhibitor passes and the committee's check-in of one event day, on the verify app's
reusable offline check-in (kriya/verify/checkin.py, `verify/_checkin.html`): this app
only supplies the roster and the sync endpoint, after its access check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kriya.core.permissions_policy import uses_camera
from kriya.verify.checkin import sync_response
from kriya.verify.models import Scan

from .. import access, services
from ..models import ExhibitorPass

PASS_TYPES = {"exhibitor_pass"}


def _context(day) -> str:
    return f"events.day:{day.pk}"


def _passes(event):
    return ExhibitorPass.objects.filter(application__event=event).select_related("document")


@require_POST
def issue_pass(request, pk):
    application = access.get_application_for(request.user, pk, organiser=True)
    try:
        services.issue_pass(
            application=application, name=request.POST.get("name", ""), by=request.user
        )
        messages.success(request, _("Tanda peserta diterbitkan."))
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(
            exc, "messages", [_("Anda tidak berwenang melakukan tindakan ini.")]
        ):
            messages.error(request, message)
    return redirect("events:manage", pk=application.event_id)


class Slot:
    """A check-in day: an event day, or the set-up day (`day` None)."""

    def __init__(self, event, day=None):
        self.event, self.day = event, day
        self.is_setup = day is None
        self.date = event.setup_date if day is None else day.date
        self.context = setup_context(event) if day is None else _context(day)

    @property
    def label(self) -> str:
        when = date_format(self.date, "l, j F Y")
        return _("Persiapan, %(date)s") % {"date": when} if self.is_setup else when

    def url(self, name: str) -> str:
        if self.is_setup:
            return reverse(f"events:setup_{name}", args=[self.event.pk])
        return reverse(f"events:{name}", args=[self.event.pk, self.day.pk])


def setup_context(event) -> str:
    return f"events.setup:{event.pk}"


def _slot(request, pk, day_pk):
    return slot_for(access.get_event_for(request.user, pk), day_pk)


def slot_for(event, day_pk) -> Slot:
    """The check-in slot of an event the caller organises: a day of it, or the set-up
    day (`day_pk` None); 404 otherwise."""
    if day_pk is None:
        if event.setup_date is None:
            raise Http404
        return Slot(event)
    return Slot(event, get_object_or_404(event.days, pk=day_pk))


def roster(slot) -> list[dict]:
    """The event's passes, each present or not in this slot (two queries)."""
    present = set(
        Scan.objects.filter(context=slot.context, verdict="accepted").values_list(
            "document_id", flat=True
        )
    )
    return [
        {
            "number": p.document.number,
            "name": p.name,
            "payload": p.document.payload,
            "present": p.document_id in present,
        }
        for p in _passes(slot.event)
    ]


def pass_numbers(event) -> list[str]:
    """The numbers a scan of this event's check-in must be among."""
    return [p.document.number for p in _passes(event)]


@require_GET
@uses_camera
def checkin_page(request, pk, day_pk=None):
    slot = _slot(request, pk, day_pk)
    return render(
        request,
        "events/checkin.html",
        {
            "event": slot.event,
            "slot": slot,
            "label": slot.label,
            "roster_url": slot.url("checkin_roster"),
            "sync_url": slot.url("checkin_sync"),
        },
    )


@require_GET
def checkin_roster(request, pk, day_pk=None):
    slot = _slot(request, pk, day_pk)
    return JsonResponse({"people": roster(slot)})


@require_POST
def checkin_sync(request, pk, day_pk=None):
    slot = _slot(request, pk, day_pk)
    return sync_response(
        request, context=slot.context, doc_types=PASS_TYPES, numbers=pass_numbers(slot.event)
    )


def attendance(event, days) -> tuple[int, dict[int, int]]:
    """How many passes were checked in at set-up and on each day (one query)."""
    contexts = {setup_context(event): None, **{_context(d): d.pk for d in days}}
    counts = (
        Scan.objects.filter(context__in=list(contexts), verdict="accepted")
        .values("context")
        .annotate(n=Count("document", distinct=True))
    )
    setup, per_day = 0, {}
    for row in counts:
        day_pk = contexts[row["context"]]
        if day_pk is None:
            setup = row["n"]
        else:
            per_day[day_pk] = row["n"]
    return setup, per_day
