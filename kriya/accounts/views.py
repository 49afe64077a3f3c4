from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .access import get_organisation_for, memberships_of
from .forms import ProfileForm


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, by=request.user, **form.cleaned_data)
        translation.activate(request.user.language)
        messages.success(request, _("Profil disimpan."))
        response = redirect("accounts:profile")
        from django.conf import settings

        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language)
        return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships_of(request.user)},
    )


def organisation(request, pk: int):
    org = get_organisation_for(request.user, pk)
    members = org.memberships.select_related("user").order_by("role", "user__email")
    return render(request, "accounts/organisation.html", {"organisation": org, "members": members})


@login_not_required
def email_confirmed(request):
    """Where the confirmation link ends: the address is confirmed, the next step is to
    register the business (after logging in, for a visitor who is not logged in)."""
    return render(request, "accounts/email_confirmed.html")
