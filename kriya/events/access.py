"""Who may see and change what: fetched and authorised in one step (404 outside)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kriya.accounts.access import has_role, officer_regency_codes
from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.registry.access import businesses_editable_by

from .models import Application, Event, EventStatus
from .workflow import organising_unit_ids


def organised_events(user):
    """The events `user` organises: those of their regency (officers), those of the
    units they are a regency officer of, all for administrators."""
    qs = Event.objects.all()
    if has_role(user, Role.ADMINISTRATOR):
        return qs
    codes = officer_regency_codes(user)
    units = organising_unit_ids(user)
    if not codes and not units:
        return qs.none()
    return qs.filter(
        Q(regency_id__in=codes) | Q(organiser_id__in=units) | Q(co_organisers__in=units)
    ).distinct()


def can_organise(user) -> bool:
    """May use the organisers' pages: a regency officer, a member of an association
    (its events), an administrator."""
    return bool(officer_regency_codes(user) or organising_unit_ids(user)) or has_role(
        user, Role.ADMINISTRATOR
    )


def organiser_choices(user):
    """The organisations `user` may create an event for: their regency units and
    associations bound to a regency (administrators: all of them)."""
    qs = Organisation.objects.filter(
        kind__in=(OrganisationKind.REGENCY_UNIT, OrganisationKind.ASSOCIATION),
        regency__isnull=False,
    ).select_related("regency")
    if has_role(user, Role.ADMINISTRATOR):
        return qs
    return qs.filter(pk__in=organising_unit_ids(user))


def get_editable_event_for(user, pk) -> Event:
    """An event the user organises and that is not closed (nor cancelled); 404 for
    events they do not organise, 403 for a closed one."""
    event = get_event_for(user, pk)
    if event.status in (EventStatus.CLOSED, EventStatus.CANCELLED):
        raise PermissionDenied
    return event


def get_event_for(user, pk) -> Event:
    """An event the user organises; 404 otherwise."""
    event = (
        organised_events(user)
        .filter(pk=pk)
        .select_related("regency", "district", "destination", "organiser", "series")
        .first()
    )
    if event is None:
        raise Http404
    return event


def applications_visible_to(user):
    """Applications of businesses the user keeps (owner, facilitator with consent) and
    of events they organise."""
    return Application.objects.filter(
        Q(business__in=businesses_editable_by(user)) | Q(event__in=organised_events(user))
    )


def get_application_for(user, pk, *, organiser: bool = False) -> Application:
    """An application the user may see (404 otherwise); with organiser=True only for
    the event's organisers."""
    if organiser:
        qs = Application.objects.filter(event__in=organised_events(user))
    else:
        qs = applications_visible_to(user)
    application = (
        qs.filter(pk=pk).select_related("event", "business", "booth", "business__district").first()
    )
    if application is None:
        raise Http404
    return application


def get_applying_business_for(user, pk):
    """A business the user may apply for (owner or facilitator with consent); 404."""
    business = businesses_editable_by(user).filter(pk=pk).first()
    if business is None:
        raise Http404
    return business


def require_organiser(user) -> None:
    if not can_organise(user):
        raise PermissionDenied
