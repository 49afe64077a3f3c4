"""Pages of external halal certificates: the holder records one on their products,
the desk checks it, and either marks it lapsed when composition or process changed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kriya.registry.access import get_business_for

from .. import services
from ..access import get_halal_for, halal_visible_to, held_business_ids, is_agency
from ..forms import HalalCheckForm, HalalForm, ReasonForm
from ..models import HalalStatus
from ..services.reminders import HALAL_DEADLINE, HALAL_OBLIGED_SECTORS
from ..workflow import HALAL, is_desk
from .common import form_page, run


def _iso_date(value):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def halal_list(request):
    user = request.user
    business_ids = held_business_ids(user)
    if not (is_agency(user) or business_ids):
        raise PermissionDenied
    records = (
        halal_visible_to(user)
        .select_related("business")
        .prefetch_related("products")
        .order_by("status", "-created_at")
    )
    if is_desk(user) and request.GET.get("semua") != "1":
        records = records.filter(status=HalalStatus.SUBMITTED)
    from kriya.registry.models import Business

    return render(
        request,
        "certification/halal_list.html",
        {
            "records": records[:300],
            "desk": is_desk(user),
            "businesses": Business.objects.filter(pk__in=business_ids).order_by("name"),
            "deadline": HALAL_DEADLINE,
            "obliged": HALAL_OBLIGED_SECTORS,
        },
    )


def halal_new(request, business_pk: int):
    business = get_business_for(request.user, business_pk, edit=True)
    form = HalalForm(request.POST or None, request.FILES or None, business=business)
    if request.method == "POST" and form.is_valid():
        record = run(
            form,
            lambda: services.record_halal_certificate(
                business=business, by=request.user, **form.cleaned_data
            ),
        )
        if record is not None:
            messages.success(
                request, _("Sertifikat halal dicatat dan menunggu pemeriksaan petugas.")
            )
            return redirect("certification:halal", pk=record.pk)
    return form_page(
        request,
        form,
        title=_("Catat sertifikat halal BPJPH"),
        intro=business.name,
        back=("certification:halal_list", ()),
    )


def halal_detail(request, pk: int):
    record = get_halal_for(request.user, pk)
    user = request.user
    check_form = lapse_form = None
    if HALAL.can(record, user, "accept"):
        check_form = HalalCheckForm(request.POST if request.POST.get("step") == "check" else None)
    if HALAL.can(record, user, "lapse"):
        lapse_form = ReasonForm(request.POST if request.POST.get("step") == "lapse" else None)
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "check" and check_form is not None:
            if check_form.is_valid() and run(
                check_form,
                lambda: services.check_halal_certificate(
                    halal=record,
                    accept=check_form.cleaned_data["accept"],
                    reason=check_form.cleaned_data["reason"],
                    by=user,
                ),
            ):
                messages.success(request, _("Pemeriksaan disimpan."))
                return redirect("certification:halal", pk=pk)
        elif step == "lapse" and lapse_form is not None:
            if lapse_form.is_valid() and run(
                lapse_form,
                lambda: services.lapse_halal_certificate(
                    halal=record, reason=lapse_form.cleaned_data["reason"], by=user
                ),
            ):
                messages.success(request, _("Sertifikat halal ditandai tidak berlaku."))
                return redirect("certification:halal", pk=pk)
        else:
            raise PermissionDenied
    return render(
        request,
        "certification/halal.html",
        {
            "h": record,
            "check_form": check_form,
            "lapse_form": lapse_form,
            "bpjph_issued_on": _iso_date(record.bpjph_data.get("issued_on")),
        },
    )
