"""Upcoming events on the showcase: the hook the events app fills in.

The showcase must not import the events app (events sits beside it and imports the
showcase's destinations). So the events app registers a provider when it is ready
(`register`, called from `EventsConfig.ready`); without one every function answers
"nothing" and the pages show no events section at all. The provider answers in a fixed
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


_provider = None


def register(provider) -> None:
    """Set the object answering the three functions below (the events app's hooks)."""
    global _provider
    _provider = provider


def upcoming_events(*, limit: int = 5) -> list[EventItem]:
    """The next public events of the platform (home page)."""
    return _provider.upcoming_events(limit=limit) if _provider else []


def upcoming_events_in_district(district_code: str, *, limit: int = 5) -> list[EventItem]:
    """Events held in a district (district and destination pages)."""
    if _provider is None:
        return []
    return _provider.upcoming_events_in_district(district_code, limit=limit)


def upcoming_events_of_business(business_id: int, *, limit: int = 5) -> list[EventItem]:
    """Events where the business exhibits (business page)."""
    if _provider is None:
        return []
    return _provider.upcoming_events_of_business(business_id, limit=limit)
