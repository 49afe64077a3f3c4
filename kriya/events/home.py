"""The events app's panels on "Beranda saya" (kriya.core.home): for a regency officer
the events they organise with their pending applications; for a business owner the
open calls and their own applications with what is next. Each panel runs a fixed
number of queries."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.accounts.models import Role
from kriya.core.home import Panel
from kriya.registry.access import businesses_editable_by

from . import access, queries
from .models import ApplicationStatus, EventStatus

ACTIVE = (
    EventStatus.DRAFT,
    EventStatus.PUBLISHED,
    EventStatus.CALL_OPEN,
    EventStatus.CALL_CLOSED,
    EventStatus.RUNNING,
    EventStatus.REPORTING,
    EventStatus.POSTPONED,
)


def panels(user, roles) -> list[Panel]:
    found = []
    if Role.REGENCY_OFFICER in roles and access.can_organise(user):
        events = list(
            access.organised_events(user)
            .filter(status__in=ACTIVE)
            .annotate(
                pending=Count(
                    "applications",
                    filter=Q(applications__status=ApplicationStatus.SUBMITTED),
                )
            )
            .order_by("starts_on")[:5]
        )
        found.append(
            Panel(
                role=Role.REGENCY_OFFICER,
                title=_("Acara dan pameran"),
                template="events/home/_officer.html",
                context={"events": events},
                order=40,
                url=reverse("events:manage_list"),
            )
        )
    if Role.OWNER in roles:
        applications = list(
            access.applications_visible_to(user)
            .filter(business__in=businesses_editable_by(user))
            .exclude(event__status__in=(EventStatus.CLOSED, EventStatus.CANCELLED))
            .select_related("event", "business", "booth")
            .order_by("event__starts_on")[:5]
        )
        found.append(
            Panel(
                role=Role.OWNER,
                title=_("Pameran"),
                template="events/home/_owner.html",
                context={"applications": applications, "open_calls": queries.open_calls(3)},
                order=40,
                url=reverse("events:my_applications"),
            )
        )
    return found
