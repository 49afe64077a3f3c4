"""Outcomes: the follow-up a person answers through a signed link (no login), the list of
follow-ups for facilitators and a batch's staff (with WhatsApp click-to-chat and the facts
Kriya knows), and the form a facilitator fills in for someone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import outcomes
from ..access import is_batch_staff
from ..forms import FollowUpForm
from ..models import Batch, FollowUp


def _save(request, follow_up, *, by):
    """Bind, validate and save the form; (form, saved)."""
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return form, False
    try:
        outcomes.answer(follow_up=follow_up, data=form.cleaned_data, by=by)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return form, False
    return form, True


@login_not_required
def follow_up(request, token: str):
    found = outcomes.follow_up_from_token(token)
    if found is None:
        return render(request, "training/follow_up_expired.html", status=404)
    saved = False
    if request.method == "POST":
        form, saved = _save(request, found, by=None)
        if saved:
            found.refresh_from_db()
            form = FollowUpForm(initial=FollowUpForm.initial_from(found))
    else:
        form = FollowUpForm(initial=FollowUpForm.initial_from(found))
    return render(
        request,
        "training/follow_up.html",
        {"follow_up": found, "enrolment": found.enrolment, "form": form, "saved": saved},
    )


def follow_up_list(request):
    batch_id = request.GET.get("angkatan")
    batch_id = int(batch_id) if batch_id and batch_id.isdigit() else None
    rows = list(outcomes.follow_ups_for(request.user, batch_id=batch_id)[:500])
    facts = outcomes.known_facts([f.enrolment for f in rows])
    for f in rows:
        f.facts = facts[f.enrolment.pk]
        f.chat = "" if f.answered_at else outcomes.whatsapp_link(f)
    # The way back to the batch only for who works on it (a facilitator may not).
    batch = Batch.objects.filter(pk=batch_id).first() if batch_id else None
    back = batch.pk if batch is not None and is_batch_staff(request.user, batch) else None
    return render(request, "training/follow_ups.html", {"rows": rows, "batch_id": back})


def follow_up_fill(request, pk: int):
    found = (
        FollowUp.objects.select_related(
            "enrolment__participant", "enrolment__batch__programme__organiser"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not outcomes.may_fill_in(request.user, found):
        raise Http404
    if request.method == "POST":
        try:
            form, saved = _save(request, found, by=request.user)
        except PermissionDenied:
            raise Http404 from None
        if saved:
            messages.success(request, _("Tindak lanjut disimpan."))
            return redirect(f"{reverse('training:follow_ups')}?angkatan={found.enrolment.batch_id}")
    else:
        form = FollowUpForm(initial=FollowUpForm.initial_from(found))
    return render(
        request,
        "training/follow_up.html",
        {"follow_up": found, "enrolment": found.enrolment, "form": form, "on_behalf": True},
    )
