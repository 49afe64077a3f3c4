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
    industry report is confirmed; in the reporting window of the previous semester
    (`industry.due_semester`), also those that have not confirmed that one yet, each
    with its form (two queries)."""
    from django.utils import timezone

    from kriya.registry.access import businesses_editable_by
    from kriya.registry.models import BusinessStatus

    from .industry import due_semester, reporting_window
    from .models import SemesterReport
    from .performance import semester

    role = next((r for r in (Role.OWNER, Role.FACILITATOR) if r in roles), None)
    if role is None:
        return []
    today = timezone.localdate()
    period = semester(None, today=today)
    due = due_semester(today)
    businesses = list(
        businesses_editable_by(user)
        .filter(status=BusinessStatus.VERIFIED)
        .order_by("name")
        .only("pk", "name")[:10]
    )
    if not businesses:
        return []
    keys = [period.key] + ([due.key] if due else [])
    done = set(
        SemesterReport.objects.filter(
            business__in=[b.pk for b in businesses], period__in=keys, is_current=True
        ).values_list("business_id", "period")
    )
    waiting = [b for b in businesses if due and (b.pk, due.key) not in done]
    return [
        Panel(
            role=role,
            title=_("Laporan semester industri"),
            template="insights/home/_semester.html",
            context={
                "period": period,
                "rows": [(b, (b.pk, period.key) in done) for b in businesses],
                "due": due,
                "due_until": reporting_window(due)[1] if due else None,
                "waiting": waiting,
            },
            count=len(waiting) or None,
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
