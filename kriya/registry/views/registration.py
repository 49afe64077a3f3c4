"""The business form in short steps: identity and NIB → address and the point on the
map → sector and products → "Periksa jawaban Anda" → saved.

What is typed is kept in the session (per user and per business, or "new") until the
last page saves it through one service call, so nothing is half-saved: a business
exists only once every step is valid. Each step validates its own fields with the
rules of `BusinessForm`; the check page validates them all again (an NIB may have
been taken meanwhile). Editing an existing business uses the same steps, starting on
the check page. Everything works without JavaScript; "Gunakan lokasi saya" needs it
(and is hidden without it).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.regions.models import Region
from kriya.regions.picker import PICK_BUTTON, build_picker

from .. import nib_check, services
from ..access import get_business_for
from ..forms import (
    REGISTRATION_STEPS,
    STEP_OF_FIELD,
    BusinessForm,
    BusinessStepForm,
    form_data_as_strings,
    without_errors,
)
from ..models import BusinessStatus

SESSION_KEY = "registry_registration"
STEP_BY_SLUG = {step.slug: step for step in REGISTRATION_STEPS}
CHECK = "periksa"


class Draft:
    """The answers kept in the session for one user and one business ("new")."""

    def __init__(self, request, business=None):
        self.request = request
        self.business = business
        self.key = f"{request.user.pk}:{business.pk if business else 'new'}"
        store = request.session.get(SESSION_KEY, {})
        found = store.get(self.key)
        if found is None and business is not None:
            # Editing starts from what is saved; every step counts as answered.
            found = {
                "data": form_data_as_strings(BusinessForm.data_from(business)),
                "done": [s.slug for s in REGISTRATION_STEPS],
            }
        self.data = dict((found or {}).get("data", {}))
        self.done = list((found or {}).get("done", []))

    def save(self):
        store = self.request.session.get(SESSION_KEY, {})
        store[self.key] = {"data": self.data, "done": self.done}
        self.request.session[SESSION_KEY] = store

    def forget(self):
        store = self.request.session.get(SESSION_KEY, {})
        store.pop(self.key, None)
        self.request.session[SESSION_KEY] = store

    def mark_done(self, slug):
        if slug not in self.done:
            self.done.append(slug)

    @property
    def complete(self) -> bool:
        return all(step.slug in self.done for step in REGISTRATION_STEPS)

    def first_open_step(self):
        return next((s for s in REGISTRATION_STEPS if s.slug not in self.done), None)


def step_url(business, slug: str) -> str:
    if business is None:
        if slug == REGISTRATION_STEPS[0].slug:
            return reverse("registry:business_create")
        return reverse("registry:business_create_step", args=[slug])
    return reverse("registry:business_edit_step", args=[business.pk, slug])


def _steps_nav(business, draft, current: str) -> list[dict]:
    return [
        {
            "number": index,
            "title": step.title,
            "url": step_url(business, step.slug),
            "current": step.slug == current,
            "done": step.slug in draft.done,
        }
        for index, step in enumerate(REGISTRATION_STEPS, start=1)
    ]


def _error_links(form, business) -> list[dict]:
    """The error summary: each message linking to its field (on this page, or on the
    step that holds it when shown on the check page)."""
    links = []
    on_this_page = isinstance(form, BusinessStepForm)
    for name, errors in form.errors.items():
        if name == "__all__":
            links.extend({"href": "", "message": e} for e in errors)
            continue
        anchor = "region-picker-main" if name == "village" else f"id_{name}"
        if name in ("latitude", "longitude"):
            anchor = "location"
        if on_this_page:
            href = f"#{anchor}"
        else:
            href = step_url(business, STEP_OF_FIELD[name].slug) + f"#{anchor}"
        links.extend({"href": href, "message": e} for e in errors)
    return links


def _home_area() -> str:
    """The deployment's regency, when the region list has it."""
    code = getattr(settings, "KRIYA_HOME_REGENCY", "")
    if code and Region.objects.filter(code=code).exists():
        return code
    return ""


def _picker_for(request, draft):
    if request.method == "POST":
        return build_picker(request.POST)
    initial = draft.data.get("village") or draft.data.get("_area") or _home_area()
    return build_picker(initial=initial)


def _step_page(request, business, slug):
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    draft = Draft(request, business)
    index = REGISTRATION_STEPS.index(step)
    # A later step is reached only after the earlier ones (an address typed by hand).
    earlier_open = [s for s in REGISTRATION_STEPS[:index] if s.slug not in draft.done]
    if earlier_open:
        return redirect(step_url(business, earlier_open[0].slug))

    picker = _picker_for(request, draft) if "village" in step.fields else None
    if request.method == "POST":
        data = request.POST.copy()
        if picker is not None:
            data["village"] = picker.value if picker.complete else ""
            if request.POST.get("clear_location"):
                data["latitude"] = data["longitude"] = ""
        merged = {**draft.data}
        for name in step.fields:
            if name == "associations":
                merged[name] = data.getlist(name)
            else:
                merged[name] = data.get(name, "")
        if picker is not None:
            merged["_area"] = picker.value
        form = BusinessStepForm(merged, step=step, instance=business, user=request.user)
        # What was typed is kept even when it is not valid yet.
        draft.data = merged
        if PICK_BUTTON in request.POST:
            draft.save()
            form = without_errors(form)
        elif form.is_valid():
            draft.mark_done(step.slug)
            if "nib" in step.fields:
                _prefill_from_oss(draft)
            draft.save()
            following = draft.first_open_step()
            if following is None:
                return redirect(step_url(business, CHECK))
            return redirect(step_url(business, following.slug))
        else:
            draft.save()
    else:
        form = BusinessStepForm(draft.data or None, step=step, instance=business, user=request.user)
        if draft.data and step.slug not in draft.done:
            # Show what was kept, without errors until the next "Lanjutkan". A step
            # already answered shows its errors (an NIB taken since, from the check page).
            form = without_errors(form)

    previous = REGISTRATION_STEPS[index - 1] if index else None
    context = {
        "business": business,
        "form": form,
        "step": step,
        "step_number": index + 1,
        "step_count": len(REGISTRATION_STEPS),
        "steps": _steps_nav(business, draft, step.slug),
        "picker": picker,
        "error_links": _error_links(form, business) if form.is_bound else [],
        "back_url": step_url(business, previous.slug if previous else CHECK)
        if (previous or business)
        else "",
        "check_url": step_url(business, CHECK) if draft.complete else "",
        "has_location": bool(draft.data.get("latitude") and draft.data.get("longitude")),
        "oss_filled": [
            form.fields[name].label
            for name in draft.data.get("_oss_filled", [])
            if name in step.fields and name in form.fields
        ],
    }
    response = render(request, "registry/registration_step.html", context)
    # "Gunakan lokasi saya" asks the browser for its location on this step only.
    response.uses_geolocation = picker is not None
    return response


def _check_page(request, business):
    draft = Draft(request, business)
    if request.method == "POST" and "_discard" in request.POST:
        draft.forget()
        messages.info(request, _("Jawaban yang belum disimpan dibuang."))
        return (
            redirect("registry:business", pk=business.pk) if business else redirect("registry:mine")
        )
    open_step = draft.first_open_step()
    if open_step is not None:
        return redirect(step_url(business, open_step.slug))
    oss = nib_check.check_nib(draft.data.get("nib", ""), draft.data)
    if request.method == "POST" and "_use_oss" in request.POST:
        chosen = set(request.POST.getlist("oss_field"))
        for difference in oss.differences:
            if difference.field in chosen:
                draft.data[difference.field] = difference.theirs
        draft.save()
        if chosen:
            messages.success(
                request, _("Data OSS yang Anda pilih dipakai. Periksa lagi lalu simpan.")
            )
        return redirect(step_url(business, CHECK))
    form = BusinessForm(draft.data, instance=business, user=request.user)
    valid = form.is_valid()
    if request.method == "POST" and valid:
        try:
            saved = _save(request, business, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            draft.forget()
            return redirect("registry:business", pk=saved.pk)
    village = form.cleaned_data.get("village") if valid else None
    context = {
        "business": business,
        "form": form,
        "sections": _answers(form, business) if valid else [],
        "village": village,
        "error_links": _error_links(form, business),
        "steps": _steps_nav(business, draft, CHECK),
        "oss": oss,
        "cancel_url": reverse("registry:business", args=[business.pk])
        if business
        else reverse("registry:mine"),
    }
    return render(request, "registry/registration_check.html", context)


def _prefill_from_oss(draft) -> None:
    """Once the NIB is typed: fill the empty fields OSS knows (address, KBLI) and
    remember which, so their step says so. What was typed stays as it is; a difference
    is offered on the check page, for the owner to take or leave."""
    check = nib_check.check_nib(draft.data.get("nib", ""))
    if check.record is not None:
        filled = nib_check.prefill(draft.data, check.record)
        draft.data["_oss_filled"] = sorted(set(draft.data.get("_oss_filled", [])) | set(filled))
        draft.save()


def _answers(form, business) -> list[dict]:
    """The answers of each step as label/value rows with a change link."""
    cleaned = form.cleaned_data
    sections = []
    for step in REGISTRATION_STEPS:
        rows = []
        for name in step.fields:
            if name == "longitude":
                continue
            field = form.fields[name]
            value = cleaned.get(name)
            anchor = f"id_{name}"
            label = field.label
            if name == "latitude":
                label, anchor = _("Titik lokasi"), "location"
                value = _("Sudah ditandai") if value is not None else ""
            elif name == "village" and value is not None:
                anchor = "region-picker-main"
                value = ", ".join(
                    r.name for r in (value, value.parent, value.parent.parent) if r is not None
                )
            elif name == "legal_form" or name == "sector":
                value = dict(field.choices).get(value, value)
            elif name == "kbli":
                value = ", ".join(value)
            elif name == "associations":
                value = ", ".join(str(a) for a in value)
            elif name in ("capital", "annual_sales") and value is not None:
                value = "Rp " + f"{value:,}".replace(",", ".")
            rows.append(
                {
                    "label": label,
                    "value": "" if value in (None, "") else str(value),
                    "url": step_url(business, step.slug) + f"#{anchor}",
                }
            )
        sections.append({"title": step.title, "rows": rows, "url": step_url(business, step.slug)})
    return sections


def _save(request, business, form):
    if business is None:
        saved = services.create_business(
            data=form.service_data(),
            by=request.user,
            owner=request.user,
            associations=form.cleaned_data["associations"],
        )
        messages.success(
            request,
            _("Usaha Anda tersimpan sebagai draf. Lanjutkan dengan langkah berikutnya di bawah."),
        )
        return saved
    was_verified = business.status == BusinessStatus.VERIFIED
    saved = services.update_business(
        business=business,
        data=form.service_data(),
        by=request.user,
        associations=form.cleaned_data["associations"],
    )
    if was_verified and saved.status == BusinessStatus.SUBMITTED:
        messages.warning(
            request,
            _(
                "NIB, nama atau desa berubah: usaha dikirim kembali ke verifikasi petugas kabupaten."
            ),
        )
    else:
        messages.success(request, _("Perubahan disimpan."))
    return saved


# --- Entry points ---------------------------------------------------------------


def create_step(request, step: str = REGISTRATION_STEPS[0].slug):
    if step == CHECK:
        return _check_page(request, None)
    return _step_page(request, None, step)


def edit_step(request, pk: int, step: str = CHECK):
    business = get_business_for(request.user, pk, edit=True)
    if step == CHECK:
        return _check_page(request, business)
    return _step_page(request, business, step)
