"""The lab's pages. Each view checks access where it fetches, calls one service or
query, and renders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, queries, services
from .forms import CalibrationForm
from .models import Instrument


def get_instrument_for(user, pk: int) -> Instrument:
    """An instrument, for lab staff only (404 for everyone else)."""
    if not access.is_lab_staff(user):
        raise Http404
    try:
        return Instrument.objects.with_calibration().get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None


def instruments(request):
    access.require_lab_staff(request.user)
    today = timezone.localdate()
    context = queries.instrument_overview(today)
    context["today"] = today
    return render(request, "lab/instruments.html", context)


def instrument_detail(request, pk: int):
    instrument = get_instrument_for(request.user, pk)
    can_record = access.can_manage_instruments(request.user)
    form = CalibrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.require(can_record)
        if form.is_valid():
            try:
                services.record_calibration(
                    instrument=instrument, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Kalibrasi dicatat."))
                return redirect("lab:instrument", pk=instrument.pk)
    today = timezone.localdate()
    return render(
        request,
        "lab/instrument_detail.html",
        {
            "instrument": instrument,
            "history": queries.instrument_history(instrument),
            "usable": instrument.is_usable_on(today),
            "form": form if can_record else None,
            "today": today,
        },
    )


def specifications(request):
    access.require_lab_staff(request.user)
    return render(
        request,
        "lab/specifications.html",
        {
            "versions": queries.specification_table(),
            "show_confirmation": access.can_see_confirmation_marks(request.user),
        },
    )
