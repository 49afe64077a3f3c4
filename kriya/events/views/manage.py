"""The organisers' pages: an event's call, curation, booths, visitors, sales and the
"perputaran ekonomi" report. Every view fetches through `access.get_event_for` (404
for an event of another regency)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kriya.core.charts import csv_response
from kriya.core.workflow import InvalidTransition
from kriya.verify.qr import qr_svg

from .. import access, exports, queries, scoring, services
from ..forms import BoothForm, DecisionForm, FloorPlanForm, OverrideForm, VisitorForm
from ..models import EXHIBITING, EventDay
from ..workflow import EVENT
from . import checkin


def _errors(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            messages.error(request, message)
    elif isinstance(exc, InvalidTransition):
        messages.error(request, _("Tindakan ini tidak tersedia pada status sekarang."))
    else:
        messages.error(request, _("Anda tidak berwenang melakukan tindakan ini."))


def manage_list(request):
    access.require_organiser(request.user)
    events = list(
        access.organised_events(request.user).select_related("district").order_by("-starts_on")
    )
    return render(
        request,
        "events/manage_list.html",
        {"events": events, "year": timezone.localdate().year},
    )


def manage_event(request, pk):
    event = access.get_event_for(request.user, pk)
    applications = list(
        event.applications.select_related(
            "business", "business__district", "booth"
        ).prefetch_related("passes__document")
    )
    scores = scoring.score_table(event, applications)
    booths = list(event.booths.select_related("application__business"))
    days = list(event.days.select_related("visitors"))
    setup_present, present = checkin.attendance(event, days)
    for day in days:
        day.present = present.get(day.pk, 0)
    survey_url = request.build_absolute_uri(reverse("events:survey", args=[event.slug]))
    return render(
        request,
        "events/manage_event.html",
        {
            "event": event,
            "moves": EVENT.available(event, request.user),
            "scores": scores,
            "criteria": scoring.CRITERIA,
            "booths": booths,
            "free_booths": [b for b in booths if not hasattr(b, "application")],
            "days": days,
            "booth_form": BoothForm(),
            "plan_form": FloorPlanForm(),
            "exhibiting": EXHIBITING,
            "setup_present": setup_present,
            "passes_total": sum(len(a.passes.all()) for a in applications),
            "survey_url": survey_url,
            "survey_qr": mark_safe(qr_svg(survey_url, title=_("Survei pengunjung"))),  # noqa: S308 — our own SVG
        },
    )


@require_POST
def transition(request, pk):
    event = access.get_event_for(request.user, pk)
    try:
        services.transition_event(
            event=event,
            action=request.POST.get("action", ""),
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Status acara diperbarui."))
    except (ValidationError, InvalidTransition, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect("events:manage", pk=event.pk)


@require_POST
def decide(request, pk):
    application = access.get_application_for(request.user, pk, organiser=True)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_application(
                application=application,
                action=form.cleaned_data["action"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Keputusan disimpan dan pendaftar diberi tahu."))
        except (ValidationError, InvalidTransition, PermissionDenied) as exc:
            _errors(request, exc)
    return redirect("events:manage", pk=application.event_id)


@require_POST
def override(request, pk):
    application = access.get_application_for(request.user, pk, organiser=True)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.override_score(
                application=application,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(request, _("Nilai disimpan."))
        except (ValidationError, PermissionDenied) as exc:
            _errors(request, exc)
    return redirect("events:manage", pk=application.event_id)


@require_POST
def allocate(request, pk):
    application = access.get_application_for(request.user, pk, organiser=True)
    booth_id = request.POST.get("booth")
    booth = get_object_or_404(application.event.booths, pk=booth_id) if booth_id else None
    try:
        services.allocate_booth(application=application, booth=booth, by=request.user)
        messages.success(request, _("Stan ditetapkan."))
    except (ValidationError, PermissionDenied) as exc:
        _errors(request, exc)
    return redirect("events:manage", pk=application.event_id)


@require_POST
def auto_allocate(request, pk):
    event = access.get_event_for(request.user, pk)
    given = services.auto_allocate(event=event, by=request.user)
    messages.success(request, _("%(n)s peserta mendapat stan.") % {"n": given})
    return redirect("events:manage", pk=event.pk)


@require_POST
def add_booth(request, pk):
    event = access.get_editable_event_for(request.user, pk)
    form = BoothForm(request.POST)
    if form.is_valid():
        try:
            services.add_booths(event=event, rows=[form.cleaned_data], by=request.user)
            messages.success(request, _("Stan ditambahkan."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("events:manage", pk=event.pk)


@require_POST
def floor_plan(request, pk):
    event = access.get_editable_event_for(request.user, pk)
    form = FloorPlanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_floor_plan(event=event, upload=form.cleaned_data["image"], by=request.user)
            messages.success(request, _("Denah stan disimpan."))
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("Pilih berkas gambar denah."))
    return redirect("events:manage", pk=event.pk)


@require_POST
def visitors(request, pk):
    event = access.get_event_for(request.user, pk)
    form = VisitorForm(request.POST)
    if form.is_valid():
        day = get_object_or_404(EventDay, pk=form.cleaned_data["day"], event=event)
        services.record_visitors(day=day, visitors=form.cleaned_data["visitors"], by=request.user)
        messages.success(request, _("Jumlah pengunjung disimpan."))
    else:
        messages.error(request, _("Isi jumlah pengunjung dengan angka nol atau lebih."))
    return redirect("events:manage", pk=event.pk)


def report(request, pk):
    event = access.get_event_for(request.user, pk)
    data = queries.event_report(event)
    charts = exports.charts(data)
    if download := csv_response(request, charts.values()):
        return download
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(exports.pdf_bytes(data), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.pdf"'
        return response
    return render(request, "events/report.html", {"event": event, "report": data, "charts": charts})


def year(request, year):
    access.require_organiser(request.user)
    from kriya.accounts.access import has_role, officer_regency_codes
    from kriya.accounts.models import Role

    codes = sorted(officer_regency_codes(request.user))
    # A regency officer sees their regency's year; an association member only the
    # events they organise; an administrator all.
    among = None
    if not codes and not has_role(request.user, Role.ADMINISTRATOR):
        among = access.organised_events(request.user)
    rows = queries.year_view(year, codes[0] if codes else None, among=among)
    # One reverse() for hundreds of rows: the report's URL with the id put in.
    url = reverse("events:report", args=[987654321]).replace("987654321", "{}")
    for row in rows:
        row["url"] = url.format(row["event"].pk)
    return render(request, "events/year.html", {"rows": rows, "year": year})
