"""The business owner's pages for the people who work in their business: their trainings
(`/pelatihan/usaha/`) and one of them (`/pelatihan/usaha/<id>/`), where the owner starts
or files the person's competency certification — the participant who owns their own
business does this on "Pelatihan saya". Access: the owner of the person's business
(`access.get_worker_enrolment_for`, the owner's part of `certification_link.may_refer`);
anyone else 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import certification_link, queries
from ..access import get_worker_enrolment_for, worker_enrolments_for

LIST_LENGTH = 200


def worker_trainings(request):
    rows = list(worker_enrolments_for(request.user)[:LIST_LENGTH])
    waiting = [
        e
        for e in rows
        if getattr(e, "certification_referral", None) is not None
        and e.certification_referral.service_request_id is None
    ]
    return render(request, "training/workers.html", {"rows": rows, "waiting": waiting})


def _referral_state(enrolment) -> dict:
    referral = getattr(enrolment, "certification_referral", None)
    programme = enrolment.batch.programme
    state = {"referral": referral, "may_start": False, "problems": []}
    if referral is None and programme.leads_to_competency_certificate:
        state["problems"] = certification_link.referral_problems(enrolment)
        state["may_start"] = not state["problems"]
    return state


def worker_enrolment(request, pk: int):
    """GET: the person's training and their certification; POST: start it (a competent
    person without a referral) or file the waiting referral — both make the desk
    request (a draft) in the business's name. A refusal is shown at the button."""
    enrolment = get_worker_enrolment_for(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        referral = getattr(enrolment, "certification_referral", None)
        try:
            if referral is None:
                referral, _created = certification_link.request_competency_certification(
                    enrolment=enrolment, by=request.user
                )
            if referral.service_request_id is None:
                referral = certification_link.file_referral(referral=referral, by=request.user)
        except ValidationError as error:
            errors = list(error.messages)
        except PermissionDenied as error:
            errors = [str(error) or _("Tindakan ini tidak dapat dilakukan sekarang.")]
        else:
            messages.success(
                request,
                _(
                    "Permohonan sertifikasi kompetensi dibuat sebagai draf di layanan; "
                    "periksa lalu kirimkan."
                ),
            )
            return redirect("desk:request", referral.service_request_id)
        enrolment = get_worker_enrolment_for(request.user, pk)
    rate = queries.attendance_rates(enrolment.batch).get(enrolment.pk)
    return render(
        request,
        "training/worker.html",
        {
            "enrolment": enrolment,
            "batch": enrolment.batch,
            "person": enrolment.participant,
            "attendance_rate": rate,
            "referral_errors": errors,
            **_referral_state(enrolment),
        },
        status=422 if errors else 200,
    )
