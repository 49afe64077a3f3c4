"""Facilitation: a facilitator registers a business for its owner with a consent
record, invites the owner with a link, and the owner claims the business."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kriya.regions.picker import PICK_BUTTON, build_picker

from .. import services
from ..access import can_facilitate, get_business_for
from ..forms import BusinessForm, ConsentForm, InvitationForm, without_errors


def facilitated_create(request):
    if not can_facilitate(request.user):
        raise PermissionDenied
    template = "registry/facilitated_form.html"
    if request.method != "POST":
        context = {
            "form": BusinessForm(user=request.user),
            "consent_form": ConsentForm(),
            "picker": build_picker(),
        }
        return render(request, template, context)
    picker = build_picker(request.POST)
    data = request.POST.copy()
    data["village"] = picker.value if picker.complete else ""
    form = BusinessForm(data, user=request.user)
    consent_form = ConsentForm(request.POST, request.FILES)
    context = {"form": form, "consent_form": consent_form, "picker": picker}
    if PICK_BUTTON in request.POST:
        without_errors(form)
        without_errors(consent_form)
        return render(request, template, context)
    business_ok, consent_ok = form.is_valid(), consent_form.is_valid()
    if business_ok and consent_ok:
        try:
            business, _consent = services.create_facilitated_business(
                data=form.service_data(),
                associations=form.cleaned_data["associations"],
                consent=consent_form.consent_data(),
                statement=consent_form.cleaned_data.get("statement"),
                by=request.user,
            )
            messages.success(
                request,
                _(
                    "Usaha didaftarkan atas nama pemiliknya. Buat tautan undangan agar "
                    "pemilik dapat mengelolanya sendiri."
                ),
            )
            return redirect("registry:business", pk=business.pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and set(exc.error_dict) & set(consent_form.fields):
                consent_form.add_error(None, exc)
            else:
                form.add_error(None, exc)
    return render(request, template, context)


@require_POST
@never_cache
def invitation_create(request, pk: int):
    business = get_business_for(request.user, pk, edit=True)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", [])))
        return redirect("registry:business", pk=business.pk)
    try:
        invitation, token = services.create_claim_invitation(
            business=business,
            by=request.user,
            email=form.cleaned_data["email"],
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:business", pk=business.pk)
    link = request.build_absolute_uri(f"/klaim/{token}/")
    # The token is stored hashed: this page is the only place the link is shown.
    return render(
        request,
        "registry/invitation_created.html",
        {"business": business, "invitation": invitation, "link": link},
    )


@never_cache
def claim(request, token: str):
    """The owner opens the link (signed in; the login page brings them back here)."""
    invitation = services.find_invitation(token)
    problem = services.invitation_problem(invitation, request.user)
    if request.method == "POST" and not problem:
        try:
            business = services.claim_business(token=token, by=request.user)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Usaha %(name)s sekarang Anda kelola.") % {"name": business.name},
            )
            return redirect("registry:business", pk=business.pk)
    if not problem:
        status = 200
    elif invitation is None:
        status = 404
    elif invitation.claimed_at is not None or invitation.expires_at <= timezone.now():
        status = 410
    else:
        status = 403
    return render(
        request,
        "registry/claim.html",
        {"invitation": invitation, "problem": problem, "token": token},
        status=status,
    )
