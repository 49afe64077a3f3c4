"""Public pages: upcoming batches with their seats, a programme, a batch with its
"Daftar" button. Not page-cached: a signed-in visitor sees their own enrolment state."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import queries
from ..access import get_public_batch, get_public_programme, participant_of
from ..models import BatchStatus, Enrolment


@login_not_required
@require_GET
def index(request):
    batches = list(queries.upcoming_batches()[:200])
    return render(
        request,
        "training/index.html",
        {
            "with_seats": [b for b in batches if b.seats_left > 0],
            "full": [b for b in batches if b.seats_left <= 0],
        },
    )


@login_not_required
@require_GET
def programme(request, slug: str):
    programme = get_public_programme(slug)
    sessions = list(queries.programme_sessions(programme))
    funnel = queries.funnel(programme)
    labels = {
        "enrolled": _("Terdaftar"),
        "attended": _("Hadir"),
        "completed": _("Lulus"),
        "competent": _("Kompeten"),
        "certification_requested": _("Mengajukan sertifikasi kompetensi"),
        "answered": _("Menjawab tindak lanjut"),
        "positive": _("Hasil positif"),
    }
    steps = [(step, labels[step]) for step in queries.FUNNEL_STEPS]
    lines = [
        (
            _("Angkatan %(n)s") % {"n": b.number},
            [(label, counts[step]["all"]) for step, label in steps],
        )
        for b, counts in funnel["batches"]
    ] + [
        (
            _("Tahun %(y)s") % {"y": year},
            [(label, counts[step]["all"]) for step, label in steps],
        )
        for year, counts in funnel["years"]
    ]
    return render(
        request,
        "training/programme.html",
        {
            "programme": programme,
            "sessions": sessions,
            "total_hours": sum(s.hours for s in sessions),
            "batches": list(queries.programme_batches(programme)),
            "funnel_total": [(step, label, funnel["total"][step]) for step, label in steps],
            "funnel_lines": lines if len(funnel["batches"]) > 1 else [],
            "has_results": funnel["total"]["enrolled"]["all"] > 0,
        },
    )


@login_not_required
@require_GET
def batch(request, pk: int):
    batch = get_public_batch(pk)
    seats = queries.with_seats(type(batch).objects.filter(pk=batch.pk)).get()
    person = participant_of(request.user)
    mine = Enrolment.objects.filter(batch=batch, participant=person).first() if person else None
    sessions = list(queries.programme_sessions(batch.programme))
    return render(
        request,
        "training/batch.html",
        {
            "batch": batch,
            "programme": batch.programme,
            "seats_left": seats.seats_left,
            "waiting": seats.waiting,
            "sessions": sessions,
            "total_hours": sum(s.hours for s in sessions),
            "mine": mine,
            "open": batch.status == BatchStatus.OPEN and batch.ends_on >= timezone.localdate(),
        },
    )
