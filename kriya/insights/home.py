"""Panels on "Beranda saya" pointing officers and heads to their dashboards and their
cooperation programme (kriya.core.home)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.accounts.models import Role
from kriya.core.home import Panel

from . import dashboards
from .models import CooperationAgreement
from .scope import scope_of

ROLES = (Role.HEAD, Role.REGENCY_OFFICER, Role.ADMINISTRATOR)


def panels(user, roles) -> list[Panel]:
    role = next((r for r in ROLES if r in roles), None)
    if role is None:
        return []
    scope = scope_of(user)
    if scope is None:
        return []
    agreements = CooperationAgreement.objects.select_related("regency").order_by("-starts_on")
    if scope.regencies is not None:
        agreements = agreements.filter(regency_id__in=scope.regencies)
    return [
        Panel(
            role=role,
            title=_("Dasbor dan program kerja sama"),
            template="insights/home/_panel.html",
            context={
                "agreements": list(agreements[:3]),
                "boards": dashboards.all_dashboards(),
                "own_regency": scope.regencies is not None,
            },
            url=reverse("insights:index"),
            order=90,
        )
    ]
