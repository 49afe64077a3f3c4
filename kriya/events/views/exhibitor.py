"""The business's pages: apply while the call is open, follow the application, confirm
attendance, report daily sales (also used by the committee on the exhibitor's behalf)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.core.workflow import InvalidTransition
from kriya.desk import fee_requests
from kriya.registry.access import businesses_editable_by
from kriya.verify.qr import qr_svg

from .. import access, queries, scoring, services
from ..forms import ApplicationForm, ConfirmForm, SalesForm
from ..models import EXHIBITING, Event, EventStatus
from ..workflow import APPLICATION, is_holder


def apply(request, slug):
    event = get_object_or_404(Event.objects.public(), slug=slug)
    businesses = list(businesses_editable_by(request.user).order_by("name"))
    if not businesses:
        # Signed in without a business: the criteria and how to register one first.
        return render(
            request,
            "events/apply.html",
            {"event": event, "criteria": scoring.CRITERIA, "no_business": True},
        )
    existing = {a.business_id: a for a in event.applications.filter(business__in=businesses)}
    form = ApplicationForm(request.POST or None, businesses=businesses, event=event)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("sector", "booth_width_m", "needs_power", "note")}
        try:
            application = services.apply_to_event(
                event=event,
                business=form.cleaned_data["business"],
                data=data,
                products=form.cleaned_data["products"],
                days=form.cleaned_data["days"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pendaftaran Anda tersimpan."))
            return redirect("events:application", pk=application.pk)
    return render(
        request,
        "events/apply.html",
        {
            "event": event,
            "form": form,
            "existing": list(existing.values()),
            "criteria": scoring.CRITERIA,
            "call_open": event.status == EventStatus.CALL_OPEN,
        },
    )


def my_applications(request):
    applications = list(
        access.applications_visible_to(request.user)
        .filter(business__in=businesses_editable_by(request.user))
        .select_related("event", "business", "booth")
        .order_by("-event__starts_on")
    )
    return render(
        request,
        "events/my_applications.html",
        {"applications": applications, "open_calls": queries.open_calls()},
    )


def application_page(request, pk):
    application = access.get_application_for(request.user, pk)
    event = application.event
    today = timezone.localdate()
    days = list(event.days.all())
    current = {r.day_id: r for r in application.sales_reports.filter(is_current=True)}
    history = list(application.sales_reports.filter(is_current=False).select_related("day"))
    may_report = application.status in EXHIBITING and (
        is_holder(request.user, application)
        or access.organised_events(request.user).filter(pk=event.pk).exists()
    )
    day_rows = [(d, current.get(d.pk), d.date <= today) for d in days]
    passes = [
        # segno's own SVG of the signed payload, shown at the gate.
        (p, mark_safe(qr_svg(p.document.qr_text, scale=3, border=2)))  # noqa: S308
        for p in application.passes.select_related("document")
    ]
    fee_bill, fee_bill_readable = fee_requests.fee_bill_for(
        request.user, application.fee_request if application.fee_request_id else None
    )
    return render(
        request,
        "events/application.html",
        {
            "fee_bill": fee_bill,
            "fee_bill_readable": fee_bill_readable,
            "application": application,
            "event": event,
            "moves": [
                m
                for m in APPLICATION.available(application, request.user)
                if m.action in ("withdraw",)
            ],
            "can_confirm": APPLICATION.can(application, request.user, "confirm"),
            "confirm_form": ConfirmForm(),
            "day_rows": day_rows,
            "passes": passes,
            "history": history,
            "may_report": may_report,
        },
    )


def report_sales(request, pk, day_pk):
    application = access.get_application_for(request.user, pk)
    day = get_object_or_404(application.event.days, pk=day_pk)
    current = application.sales_reports.filter(day=day, is_current=True).first()
    initial = {"sector": application.sector}
    if current:
        initial.update(
            sector=current.sector,
            transactions=current.transactions,
            cash=current.cash,
            qris=current.qris,
            transfer=current.transfer,
        )
    form = SalesForm(request.POST or None, initial=initial)
    needs_confirmation = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_sales(
                application=application,
                day=day,
                sector=data["sector"],
                transactions=data["transactions"],
                cash=data["cash"],
                qris=data["qris"],
                transfer=data["transfer"],
                confirmed=data["confirmed"],
                correction_reason=data["correction_reason"],
                by=request.user,
            )
        except services.NeedsConfirmation as exc:
            needs_confirmation = True
            form.add_error(None, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Laporan penjualan tersimpan. Terima kasih."))
            return redirect("events:application", pk=application.pk)
    return render(
        request,
        "events/sales_form.html",
        {
            "application": application,
            "day": day,
            "form": form,
            "current": current,
            "needs_confirmation": needs_confirmation,
        },
    )


@require_POST
def confirm(request, pk):
    application = access.get_application_for(request.user, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.confirm_attendance(
            application=application,
            terms_accepted=form.cleaned_data.get("terms_accepted", False),
            by=request.user,
        )
        messages.success(request, _("Kehadiran Anda dikonfirmasi."))
    except (ValidationError, InvalidTransition, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.error(request, _("Tindakan ini tidak tersedia."))
    return redirect("events:application", pk=application.pk)


@require_POST
def withdraw(request, pk):
    application = access.get_application_for(request.user, pk)
    try:
        services.withdraw_application(application=application, by=request.user)
        messages.success(request, _("Keikutsertaan dibatalkan."))
    except (InvalidTransition, PermissionDenied):
        messages.error(request, _("Tindakan ini tidak tersedia."))
    return redirect("events:application", pk=application.pk)
