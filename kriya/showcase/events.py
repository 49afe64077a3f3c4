"""Upcoming events on the showcase: the hook the events app fills in.

Events do not exist yet, so every function answers "nothing" and the pages show no
events section at all. The events app replaces the bodies; each answers in a fixed
number of queries and returns only public, upcoming events, soonest first.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class EventItem:
    name: str
    starts_on: date
    ends_on: date
    place: str
    url: str = ""


def upcoming_events(*, limit: int = 5) -> list[EventItem]:
    """The next public events of the platform (home page)."""
    return []


def upcoming_events_in_district(district_code: str, *, limit: int = 5) -> list[EventItem]:
    """Events held in a district (district and destination pages)."""
    return []


def upcoming_events_of_business(business_id: int, *, limit: int = 5) -> list[EventItem]:
    """Events where the business exhibits (business page)."""
    return []
