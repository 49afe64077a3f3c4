"""The officers' pages to create and edit an event and its booth plan, one part per
page (a task list on the overview), under /acara/kelola/. Every page fetches the event
through `access.get_event_for` (404 for an event the user does not organise) and refuses
a closed or cancelled one (403). The status is never set here: `services.transition_event`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import access, services
from ..forms import (
    BoothForm,
    DayFormSet,
    EventBasicsForm,
    EventCallForm,
    EventContactForm,
    EventPlaceForm,
    EventSetupForm,
    EventTextForm,
    EventWhoForm,
    FloorPlanForm,
)


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError at the form's fields (else at its top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = name if name in form.fields else None
            for error in errors:
                form.add_error(field, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def create(request):
    access.require_organiser(request.user)
    form = EventBasicsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name]
            for name in ("name", "series", "year", "kind", "organiser", "district", "venue")
        }
        data["regency"] = data["organiser"].regency
        try:
            event = services.create_event(data=data, days=form.days(), by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error("organiser", _("Anda tidak dapat menyelenggarakan atas nama unit ini."))
        else:
            messages.success(request, _("Draf acara dibuat. Lengkapi bagian lainnya."))
            return redirect("events:edit", pk=event.pk)
    return render(request, "events/edit_create.html", {"form": form})


class Section:
    def __init__(self, slug, title, form_class, *, done=None, formset=False):
        self.slug, self.title, self.form_class = slug, title, form_class
        self.done = done or (lambda e: True)
        self.formset = formset


SECTIONS = [
    Section("penyelenggara", gettext_lazy("Nama dan penyelenggara"), EventWhoForm),
    Section("hari", gettext_lazy("Hari dan jam buka"), EventSetupForm, formset=True),
    Section(
        "tempat",
        gettext_lazy("Tempat dan cara menuju lokasi"),
        EventPlaceForm,
        done=lambda e: bool(e.directions),
    ),
    Section(
        "keterangan",
        gettext_lazy("Keterangan dan foto"),
        EventTextForm,
        done=lambda e: bool(e.description and e.photo),
    ),
    Section(
        "narahubung",
        gettext_lazy("Narahubung"),
        EventContactForm,
        done=lambda e: bool(e.contact_name and (e.contact_phone or e.contact_email)),
    ),
    Section(
        "pendaftaran",
        gettext_lazy("Pendaftaran peserta, kuota dan biaya stan"),
        EventCallForm,
        done=lambda e: bool(e.criteria),
    ),
]
SECTION_BY_SLUG = {s.slug: s for s in SECTIONS}


def overview(request, pk):
    event = access.get_editable_event_for(request.user, pk)
    tasks = [
        {
            "label": s.title,
            "href": reverse("events:edit_section", args=[event.pk, s.slug]),
            "status": "done" if s.done(event) else "todo",
        }
        for s in SECTIONS
    ]
    booths = event.booths.count()
    tasks.append(
        {
            "label": _("Denah dan daftar stan"),
            "href": reverse("events:booths", args=[event.pk]),
            "status": "done" if booths else "todo",
            "count": booths,
        }
    )
    return render(request, "events/edit_overview.html", {"event": event, "tasks": tasks})


def _kwargs(section, request, event):
    kwargs = {"instance": event}
    if section.form_class is EventWhoForm:
        kwargs["user"] = request.user
    return kwargs


def section(request, pk, slug):
    event = access.get_editable_event_for(request.user, pk)
    part = SECTION_BY_SLUG.get(slug)
    if part is None:
        raise Http404
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = part.form_class(data, files, **_kwargs(part, request, event))
    formset = None
    if part.formset:
        initial = [
            {"date": d.date, "opens_at": d.opens_at, "closes_at": d.closes_at}
            for d in event.days.all()
        ]
        formset = DayFormSet(data, initial=initial, prefix="hari")
    if request.method == "POST":
        valid = form.is_valid() & (formset.is_valid() if formset is not None else True)
        if valid:
            saved = _save(request, part, event, form, formset)
            if saved:
                messages.success(request, _("Perubahan disimpan."))
                return redirect("events:edit", pk=event.pk)
        # The event object may carry the form's unsaved values: show the stored ones.
        event.refresh_from_db()
    return render(
        request,
        "events/edit_section.html",
        {"event": event, "section": part, "form": form, "formset": formset},
    )


def _save(request, part, event, form, formset) -> bool:
    cleaned = dict(form.cleaned_data)
    co_organisers = None
    days = None
    upload = cleaned.pop("photo_upload", None)
    if part.form_class is EventWhoForm:
        co_organisers = list(cleaned.pop("co_organisers"))
    if part.form_class is EventCallForm:
        for key in [k for k in cleaned if k.startswith("quota_")]:
            cleaned.pop(key)
        cleaned["category_quota"] = form.quota()
    if formset is not None:
        days = formset.days()
    try:
        # All or nothing: a photo that fails its check leaves the text unsaved too.
        with transaction.atomic():
            services.update_event(
                event=event, data=cleaned, by=request.user, co_organisers=co_organisers, days=days
            )
            if upload is not None:
                services.set_event_photo(event=event, upload=upload, by=request.user)
    except ValidationError as exc:
        if formset is not None and hasattr(exc, "error_dict") and "days" in exc.error_dict:
            formset._non_form_errors = formset.error_class(exc.error_dict.pop("days")[0].messages)
        if upload is not None and not hasattr(exc, "error_dict"):
            form.add_error("photo_upload", exc)
        else:
            _apply_errors(form, exc)
        return False
    except PermissionDenied:
        form.add_error(None, _("Anda tidak dapat menyelenggarakan atas nama unit ini."))
        return False
    return True


# -- The booth plan --


def booths(request, pk):
    event = access.get_editable_event_for(request.user, pk)
    form = BoothForm(request.POST or None, prefix="stan", event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_booths(event=event, rows=[form.cleaned_data], by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Stan %(code)s ditambahkan.") % form.cleaned_data)
            return redirect("events:booths", pk=event.pk)
    return _booths_page(request, event, form=form, plan_form=FloorPlanForm())


def _booths_page(request, event, *, form, plan_form, status=200):
    rows = list(event.booths.select_related("application__business"))
    return render(
        request,
        "events/edit_booths.html",
        {"event": event, "booths": rows, "form": form, "plan_form": plan_form},
        status=status,
    )


@require_POST
def booth_plan(request, pk):
    event = access.get_editable_event_for(request.user, pk)
    plan_form = FloorPlanForm(request.POST, request.FILES)
    if plan_form.is_valid():
        try:
            services.set_floor_plan(
                event=event, upload=plan_form.cleaned_data["image"], by=request.user
            )
        except ValidationError as exc:
            plan_form.add_error("image", exc)
        else:
            messages.success(request, _("Denah stan disimpan."))
            return redirect("events:booths", pk=event.pk)
    return _booths_page(
        request, event, form=BoothForm(prefix="stan", event=event), plan_form=plan_form
    )


def booth_edit(request, pk, booth_pk):
    event = access.get_editable_event_for(request.user, pk)
    booth = get_object_or_404(event.booths, pk=booth_pk)
    form = BoothForm(request.POST or None, instance=booth)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_booth(booth=booth, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Stan disimpan."))
            return redirect("events:booths", pk=event.pk)
    return render(request, "events/edit_booth.html", {"event": event, "booth": booth, "form": form})


@require_POST
def booth_remove(request, pk, booth_pk):
    event = access.get_editable_event_for(request.user, pk)
    booth = get_object_or_404(event.booths, pk=booth_pk)
    try:
        services.remove_booth(booth=booth, by=request.user)
        messages.success(request, _("Stan dihapus."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("events:booths", pk=event.pk)
