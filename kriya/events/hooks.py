"""The showcase's events hook (kriya.showcase.events), filled in by this app: one query
per call, public upcoming events only, soonest first."""

from __future__ import annotations

from django.utils import timezone

from kriya.showcase.events import EventItem

from .models import EXHIBITING, Event


def _items(qs, limit: int) -> list[EventItem]:
    today = timezone.localdate()
    qs = (
        qs.public()
        .exclude(status__in=("cancelled", "postponed", "closed", "reporting"))
        .filter(ends_on__gte=today)
        .order_by("starts_on", "name")
        .select_related("district")[:limit]
    )
    return [
        EventItem(
            name=e.name,
            starts_on=e.starts_on,
            ends_on=e.ends_on,
            place=f"{e.venue}, {e.district.name}",
            url=e.get_absolute_url(),
        )
        for e in qs
    ]


class ShowcaseEvents:
    def upcoming_events(self, *, limit: int = 5) -> list[EventItem]:
        return _items(Event.objects.all(), limit)

    def upcoming_events_in_district(self, district_code: str, *, limit: int = 5):
        return _items(Event.objects.filter(district_id=district_code), limit)

    def upcoming_events_of_business(self, business_id: int, *, limit: int = 5):
        return _items(
            Event.objects.filter(
                applications__business_id=business_id, applications__status__in=EXHIBITING
            ),
            limit,
        )
