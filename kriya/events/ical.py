"""iCalendar (RFC 5545) of events, built with the `icalendar` library: one VEVENT per
edition, all-day from the first to the day after the last day (DTEND is exclusive)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from .models import EventStatus

PRODID = "-//Kriya//Acara Kabupaten//ID"


def _vevent(event, base_url: str, stamp: datetime) -> VEvent:
    item = VEvent()
    item.add("uid", f"acara-{event.pk}@kriya")
    item.add("dtstamp", stamp)
    item.add("summary", event.name)
    item.add("dtstart", event.starts_on)
    item.add("dtend", event.ends_on + timedelta(days=1))
    item.add("location", f"{event.venue}, {event.district.name}")
    item.add("url", base_url + event.get_absolute_url())
    if event.description:
        item.add("description", event.description)
    if event.status == EventStatus.CANCELLED:
        item.add("status", "CANCELLED")
    elif event.status == EventStatus.POSTPONED:
        item.add("status", "TENTATIVE")
    else:
        item.add("status", "CONFIRMED")
    return item


def calendar_bytes(events, *, base_url: str, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for event in events:
        if event.starts_on and event.ends_on:
            cal.add_component(_vevent(event, base_url, stamp))
    return cal.to_ical()
