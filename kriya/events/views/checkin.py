"""Exhibitor passes and the committee's check-in of one event day, on the verify app's
reusable offline check-in (kriya/verify/checkin.py, `verify/_checkin.html`): this app
only supplies the roster and the sync endpoint, after its access check."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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


@require_GET
@uses_camera
def checkin_page(request, pk, day_pk):
    event = access.get_event_for(request.user, pk)
    day = get_object_or_404(event.days, pk=day_pk)
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "day": day,
            "roster_url": reverse("events:checkin_roster", args=[event.pk, day.pk]),
            "sync_url": reverse("events:checkin_sync", args=[event.pk, day.pk]),
        },
    )


@require_GET
def checkin_roster(request, pk, day_pk):
    event = access.get_event_for(request.user, pk)
    day = get_object_or_404(event.days, pk=day_pk)
    present = set(
        Scan.objects.filter(context=_context(day), verdict="accepted").values_list(
            "document_id", flat=True
        )
    )
    people = [
        {
            "number": p.document.number,
            "name": p.name,
            "payload": p.document.payload,
            "present": p.document_id in present,
        }
        for p in _passes(event)
    ]
    return JsonResponse({"people": people})


@require_POST
def checkin_sync(request, pk, day_pk):
    event = access.get_event_for(request.user, pk)
    day = get_object_or_404(event.days, pk=day_pk)
    numbers = [p.document.number for p in _passes(event)]
    return sync_response(request, context=_context(day), doc_types=PASS_TYPES, numbers=numbers)
