"""Creating and editing programmes (with their curriculum) and batches, for the
programme's organisers and administrators; everyone else gets 404 (anonymous visitors
the login page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kriya.regions.models import Region
from kriya.regions.picker import PICK_BUTTON, build_picker

from .. import editing
from ..access import get_batch_for, get_programme_for, may_manage_programmes, programmes_managed_by
from ..forms import BatchForm, OutcomeFormSet, ProgrammeForm, SessionFormSet
from ..models import Batch, LearningOutcome, Programme
from ..workflow import is_organiser


def programme_list(request):
    if not may_manage_programmes(request.user):
        raise Http404
    programmes = list(
        programmes_managed_by(request.user).select_related("organiser").order_by("title_id")
    )
    return render(request, "training/programme_list.html", {"programmes": programmes})


def programme_edit(request, pk: int | None = None):
    if not may_manage_programmes(request.user):
        raise Http404
    programme = get_programme_for(request.user, pk) if pk else Programme()
    outcomes_qs = (
        LearningOutcome.objects.filter(session__programme=programme)
        .select_related("session")
        .prefetch_related("units")
        if programme.pk
        else LearningOutcome.objects.none()
    )
    data = request.POST if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme, user=request.user)
    sessions = SessionFormSet(data, instance=programme, prefix="sesi")
    positions = None
    if data is not None and sessions.is_valid():
        positions = sessions.positions
    outcomes = OutcomeFormSet(data, queryset=outcomes_qs, prefix="capaian", positions=positions)
    if data is not None:
        valid = form.is_valid() and sessions.is_valid()
        valid = outcomes.is_valid() and valid
        if valid:
            try:
                saved = editing.save_programme(
                    form=form, sessions=sessions, outcomes=outcomes, by=request.user
                )
            except PermissionDenied:
                form.add_error("organiser", _("Anda tidak dapat menyelenggarakan atas nama ini."))
            else:
                messages.success(request, _("Program tersimpan."))
                return redirect("training:programme_edit", pk=saved.pk)
    return render(
        request,
        "training/programme_edit.html",
        {"programme": programme, "form": form, "sessions": sessions, "outcomes": outcomes},
    )


def batch_edit(request, programme_pk: int | None = None, pk: int | None = None):
    if pk:
        batch = get_batch_for(request.user, pk)
        if not is_organiser(request.user, batch):
            raise Http404
        programme = batch.programme
    else:
        programme = get_programme_for(request.user, programme_pk)
        batch = Batch(programme=programme)
    if request.method == "POST":
        picker = build_picker(request.POST)
        form = BatchForm(request.POST, instance=batch, programme=programme)
        if PICK_BUTTON in request.POST:
            form.errors.clear()
        elif form.is_valid():
            village = Region.objects.get(code=picker.value) if picker.complete else None
            saved = editing.save_batch(
                form=form, programme=programme, village=village, by=request.user
            )
            messages.success(request, _("Angkatan tersimpan."))
            return redirect("training:manage_batch", pk=saved.pk)
    else:
        picker = build_picker(initial=batch.village_id or "")
        form = BatchForm(instance=batch, programme=programme)
    return render(
        request,
        "training/batch_edit.html",
        {"programme": programme, "batch": batch, "form": form, "picker": picker},
    )
