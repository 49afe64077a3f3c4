"""Public pages: the event list, an event, iCalendar feeds."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kriya.core.pagecache import cached_page

from .. import ical, queries
from ..forms import FilterForm
from ..models import EventStatus

#: Past events per page of /acara/ (the upcoming ones are all shown).
PAST_PER_PAGE = 12


def public(view):
    return login_not_required(require_safe(view))


@public
@cached_page("place")  # every event write bumps "place" (services)
def event_list(request):
    districts = list(queries.districts_with_events())
    form = FilterForm(request.GET or None, districts=districts)
    filters = form.cleaned_data if form.is_valid() else {}
    upcoming, past = queries.upcoming_and_past(
        queries.public_events(
            month=filters.get("month", ""),
            district=filters.get("district", ""),
            kind=filters.get("kind", ""),
        )
    )
    # Every upcoming event; the past ones (years of editions) a page at a time.
    past_page = Paginator(past, PAST_PER_PAGE).get_page(request.GET.get("halaman"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "halaman" and v})
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "upcoming": list(upcoming),
            "past": past_page.object_list,
            "past_page": past_page,
            "query": query,
            "filtered": bool(filters and any(filters.values())),
        },
    )


def json_ld(request, event, exhibitors) -> str:
    """schema.org Event of the page (https://schema.org/Event)."""
    statuses = {
        EventStatus.CANCELLED: "https://schema.org/EventCancelled",
        EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.name,
        "startDate": event.starts_on.isoformat() if event.starts_on else None,
        "endDate": event.ends_on.isoformat() if event.ends_on else None,
        "eventStatus": statuses.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "location": {
            "@type": "Place",
            "name": event.venue,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": event.district.name,
                "addressRegion": event.regency.name,
                "addressCountry": "ID",
            },
        },
        "organizer": {"@type": "Organization", "name": event.organiser.name},
    }
    if event.description:
        data["description"] = event.description
    if event.photo:
        data["image"] = request.build_absolute_uri(event.photo.url)
    if exhibitors:
        data["performer"] = [
            {"@type": "Organization", "name": a.business.name} for a in exhibitors[:50]
        ]
    data = {k: v for k, v in data.items() if v is not None}
    # Escape "<" so the JSON can never close the script element.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


@public
def event_page(request, slug):
    event = queries.public_event(slug)
    if event is None:
        raise Http404
    exhibitors = queries.public_exhibitors(event)
    english = translation.get_language() == "en"
    today = timezone.localdate()
    days = list(event.days.all())
    return render(
        request,
        "events/event.html",
        {
            "event": event,
            "days": days,
            # The survey link only on a running event's day (no extra query).
            "survey_open": event.status == EventStatus.RUNNING
            and any(d.date == today for d in days),
            "exhibitors": exhibitors,
            "description": (
                event.description_en if english and event.description_en else event.description
            ),
            "directions": (
                event.directions_en if english and event.directions_en else event.directions
            ),
            "json_ld": json_ld(request, event, exhibitors),
            "today": today,
        },
    )


def _ics(request, events, name: str, filename: str) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        ical.calendar_bytes(events, base_url=base, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public
def calendar_feed(request):
    return _ics(request, list(queries.public_events()), _("Acara Kriya"), "kalender.ics")


@public
def event_ics(request, slug):
    event = queries.public_event(slug)
    if event is None:
        raise Http404
    return _ics(request, [event], event.name, f"{event.slug}.ics")
