"""Check-in per session with the verify module's offline component (docs/verify.md,
"Check-in"): the page, the roster it caches on the phone (names, pass numbers, signed
payloads, who is present), and the sync endpoint. The sync calls `record_scans` (which
verifies each pass, is idempotent by nonce and accepts only this batch's passes), then
records Attendance for the accepted passes in bulk: a constant number of queries for
any number of scans. Training writes no scanner and signs nothing."""

from __future__ import annotations

import json

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kriya.core.permissions_policy import uses_camera
from kriya.verify.checkin import MAX_SCANS, record_scans

from .. import queries, register, services
from ..access import get_batch_for
from ..models import SEAT_STATES, Enrolment, Session


def context_key(batch, session) -> str:
    return f"training.session:{batch.pk}:{session.pk}"


def _session(request, pk: int, session_pk: int):
    batch = get_batch_for(request.user, pk)
    session = Session.objects.filter(pk=session_pk, programme_id=batch.programme_id).first()
    if session is None:
        raise Http404
    return batch, session


def _seats(batch):
    return list(
        Enrolment.objects.filter(batch=batch, status__in=SEAT_STATES)
        .exclude(pass_number="")
        .select_related("participant")
        .order_by("participant__full_name", "id")
    )


@require_GET
@uses_camera
def checkin_page(request, pk: int, session_pk: int):
    batch, session = _session(request, pk, session_pk)
    services.issue_missing_passes(batch=batch, by=request.user)
    return render(
        request,
        "training/checkin.html",
        {
            "batch": batch,
            "session": session,
            "roster_url": reverse("training:checkin_roster", args=[batch.pk, session.pk]),
            "sync_url": reverse("training:checkin_sync", args=[batch.pk, session.pk]),
            "label": f"{batch.programme.title} — {session.title}",
        },
    )


@require_GET
def checkin_roster(request, pk: int, session_pk: int):
    batch, session = _session(request, pk, session_pk)
    seats = _seats(batch)
    present = queries.present_ids(batch, session)
    payloads = dict(
        register.passes_of([e.pass_number for e in seats]).values_list("number", "payload")
    )
    people = [
        {
            "number": e.pass_number,
            "name": e.participant.full_name,
            "payload": payloads.get(e.pass_number, ""),
            "present": e.pk in present,
        }
        for e in seats
    ]
    return JsonResponse({"people": people})


@require_POST
def checkin_sync(request, pk: int, session_pk: int):
    batch, session = _session(request, pk, session_pk)
    services.check_staff(batch, request.user)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    scans = body.get("scans") if isinstance(body, dict) else None
    if not isinstance(scans, list):
        return JsonResponse({"error": "Data pindaian tidak terbaca."}, status=400)
    if len(scans) > MAX_SCANS:
        return JsonResponse(
            {"error": f"Paling banyak {MAX_SCANS} pindaian sekali kirim."}, status=413
        )
    by_number = {e.pass_number: e.pk for e in _seats(batch)}
    result = record_scans(
        scans=scans,
        context=context_key(batch, session),
        doc_types={register.PASS},
        by=request.user,
        numbers=list(by_number),
    )
    ids = [by_number[d.number] for d in result.documents if d.number in by_number]
    if ids:
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=ids, by=request.user, manual=False
        )
    return JsonResponse(result.as_dict())
