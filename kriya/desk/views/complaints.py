"""Complaint pages: filing one on a request, the list for the desk and the head (and
the business's own), one complaint with its answer, history and the moves allowed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.core.workflow import InvalidTransition

from .. import complaints
from ..access import can_file_complaint, complaints_visible_to, get_complaint_for, get_request_for
from ..forms import ComplaintAnswerForm, ComplaintForm, ReasonForm, apply_errors
from ..models import ComplaintStatus
from .requests import _rerender


@require_POST
def complaint_new(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_file_complaint(request.user, req):
        raise PermissionDenied(_("Pengaduan diajukan oleh pemohon."))
    form = ComplaintForm(request.POST)
    if form.is_valid():
        try:
            complaint = complaints.file_complaint(request=req, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Pengaduan %(number)s diterima; jawabannya akan tampil di sini.")
                % {"number": complaint.number},
            )
            return redirect("desk:complaint", pk=complaint.pk)
    return _rerender(request, req, complaint_form=form)


def complaint_list(request):
    status = request.GET.get("status", "")
    qs = complaints_visible_to(request.user).select_related(
        "request", "request__business", "request__organisation", "request__service", "filed_by"
    )
    if status in ComplaintStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "desk/complaint_list.html",
        {"page": page, "status": status, "statuses": ComplaintStatus.choices},
    )


def complaint_detail(request, pk: int, **forms):
    complaint = get_complaint_for(request.user, pk)
    moves = complaints.LIFECYCLE.available(complaint, request.user)
    context = {
        "complaint": complaint,
        "moves": moves,
        "answer_form": forms.get("answer_form") or ComplaintAnswerForm(),
        "history": complaints.history(complaint),
    }
    return render(request, "desk/complaint_detail.html", context, status=400 if forms else 200)


@require_POST
def complaint_action(request, pk: int, action: str):
    complaint = get_complaint_for(request.user, pk)
    form = ComplaintAnswerForm(request.POST) if action == "answer" else ReasonForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text", "") if action == "answer" else ""
    try:
        complaints.transition_complaint(
            complaint=complaint, action=action, by=request.user, text=text
        )
    except InvalidTransition:
        messages.error(request, _("Tindakan ini tidak tersedia pada status pengaduan sekarang."))
    except ValidationError as error:
        apply_errors(form, error, aliases={"text": "text"})
        return complaint_detail(request, pk, answer_form=form)
    else:
        messages.success(
            request, _("Status pengaduan: %(s)s.") % {"s": complaint.get_status_display()}
        )
    return redirect("desk:complaint", pk=complaint.pk)
