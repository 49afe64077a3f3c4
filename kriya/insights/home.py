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


def _semester_panel(user, roles) -> list[Panel]:
    """Owners and facilitators: their verified businesses and whether this semester's
    industry report is confirmed (two queries)."""
    from kriya.registry.access import businesses_editable_by
    from kriya.registry.models import BusinessStatus

    from .models import SemesterReport
    from .performance import semester

    role = next((r for r in (Role.OWNER, Role.FACILITATOR) if r in roles), None)
    if role is None:
        return []
    period = semester(None)
    businesses = list(
        businesses_editable_by(user)
        .filter(status=BusinessStatus.VERIFIED)
        .order_by("name")
        .only("pk", "name")[:10]
    )
    if not businesses:
        return []
    done = set(
        SemesterReport.objects.filter(
            business__in=[b.pk for b in businesses], period=period.key, is_current=True
        ).values_list("business_id", flat=True)
    )
    return [
        Panel(
            role=role,
            title=_("Laporan semester industri"),
            template="insights/home/_semester.html",
            context={
                "period": period,
                "rows": [(b, b.pk in done) for b in businesses],
            },
            order=80,
        )
    ]


def panels(user, roles) -> list[Panel]:
    found = _semester_panel(user, roles)
    role = next((r for r in ROLES if r in roles), None)
    if role is None:
        return found
    scope = scope_of(user)
    if scope is None:
        return found
    agreements = CooperationAgreement.objects.select_related("regency").order_by("-starts_on")
    if scope.regencies is not None:
        agreements = agreements.filter(regency_id__in=scope.regencies)
    return [
        *found,
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
        ),
    ]
