"""Pages of sponsorship (fasilitasi): a regency's programmes with their quota, and the
recommend / sponsor / withdraw forms on the request page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.accounts.models import Organisation

from .. import sponsorship as sponsorship_services
from ..access import (
    can_manage_programmes,
    can_recommend,
    can_sponsor,
    get_programme_for,
    get_request_for,
    is_agency,
    officer_unit_ids,
    programmes_for_sponsoring,
    programmes_visible_to,
)
from ..forms import ProgrammeForm, ReasonForm, RecommendForm, SponsorForm, apply_errors
from ..models import Sponsorship
from .requests import _rerender


def programme_list(request):
    if not (is_agency(request.user) or can_manage_programmes(request.user)):
        raise PermissionDenied(_("Program fasilitasi untuk petugas kabupaten/kota dan balai."))
    programmes = (
        programmes_visible_to(request.user).select_related("unit").prefetch_related("services")
    )
    return render(
        request,
        "desk/programme_list.html",
        {"programmes": programmes, "can_create": can_manage_programmes(request.user)},
    )


def programme_new(request):
    if not can_manage_programmes(request.user):
        raise PermissionDenied(_("Hanya petugas kabupaten/kota yang dapat membuat program."))
    units = Organisation.objects.filter(pk__in=officer_unit_ids(request.user))
    form = ProgrammeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            programme = sponsorship_services.create_programme(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Program %(name)s dibuat.") % {"name": programme.name})
            return redirect("desk:programme", pk=programme.pk)
    return render(request, "desk/programme_form.html", {"form": form})


def programme_detail(request, pk: int):
    programme = get_programme_for(request.user, pk)
    sponsorships = programme.sponsorships.select_related(
        "request", "request__service", "business"
    ).order_by("released_at", "-created_at")
    return render(
        request,
        "desk/programme_detail.html",
        {"programme": programme, "sponsorships": sponsorships},
    )


@require_POST
def request_recommend(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_recommend(request.user, req):
        raise PermissionDenied(_("Anda tidak dapat merekomendasikan permohonan ini sekarang."))
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            sponsorship_services.recommend_request(
                request=req, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rekomendasi dicatat."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, recommend_form=form)


@require_POST
def request_sponsor(request, pk: int):
    req = get_request_for(request.user, pk)
    if not can_sponsor(request.user, req):
        raise PermissionDenied(_("Anda tidak dapat mendanai permohonan ini sekarang."))
    form = SponsorForm(request.POST, programmes=programmes_for_sponsoring(request.user, req))
    if form.is_valid():
        try:
            sponsorship_services.sponsor_request(
                request=req,
                programme=form.cleaned_data["programme"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Permohonan didanai program."))
            return redirect("desk:request", pk=req.pk)
    return _rerender(request, req, sponsor_form=form)


@require_POST
def sponsorship_withdraw(request, pk: int, sponsorship_pk: int):
    req = get_request_for(request.user, pk)
    sponsorship = get_object_or_404(Sponsorship, pk=sponsorship_pk, request=req)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        sponsorship_services.withdraw_sponsorship(
            sponsorship=sponsorship, by=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Pendanaan ditarik; kuota program kembali."))
    return redirect("desk:request", pk=req.pk)
