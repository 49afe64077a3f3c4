"""The public pages: /acara/ with filters and constant queries, the event page with its
exhibitors and schema.org JSON-LD, the iCalendar feeds parsed back, and the showcase's
destination page listing upcoming events there."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from kriya.events import services
from kriya.events.views.public import PAST_PER_PAGE

from .conftest import exhibitor, make_event


@pytest.fixture
def upcoming(officer, probolinggo_unit):
    return make_event(
        officer,
        probolinggo_unit,
        name="Jazz Gunung Bromo",
        start=timezone.localdate() + timedelta(days=20),
    )


@pytest.fixture
def past(officer, probolinggo_unit):
    return make_event(
        officer,
        probolinggo_unit,
        status="closed",
        name="Eksotika Bromo",
        start=timezone.localdate() - timedelta(days=40),
    )


def test_list_shows_upcoming_and_past(client, upcoming, past):
    response = client.get(reverse("events:list"))
    assert response.status_code == 200
    upcoming_part, past_part = response.content.decode().split('id="past-title"')
    assert "Jazz Gunung Bromo" in upcoming_part and "Eksotika Bromo" in past_part


def test_a_draft_is_not_public(client, officer, probolinggo_unit):
    draft = make_event(officer, probolinggo_unit, status="draft", name="Rahasia")
    assert "Rahasia" not in client.get(reverse("events:list")).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_filters_by_month_district_and_kind(client, upcoming, past):
    month = past.starts_on.strftime("%Y-%m")
    page = client.get(reverse("events:list"), {"month": month}).content.decode()
    assert "Eksotika Bromo" in page and "Jazz Gunung Bromo" not in page
    page = client.get(reverse("events:list"), {"kind": "festival"}).content.decode()
    assert "Eksotika Bromo" not in page
    page = client.get(reverse("events:list"), {"district": "35.13.01"}).content.decode()
    assert "Eksotika Bromo" in page


def test_list_runs_constant_queries(
    client, settings, officer, probolinggo_unit, upcoming, django_assert_num_queries
):
    client.get(reverse("events:list"))
    assert client.get(reverse("events:list"))["Cache-Control"].startswith("public")
    settings.KRIYA_PAGE_CACHE = False  # the view itself; a hit of the page cache reads none
    start = timezone.localdate() - timedelta(days=400)
    make_event(officer, probolinggo_unit, name="Bazar lama", start=start)
    # districts, upcoming events, the number of past events, their page
    with django_assert_num_queries(4):
        client.get(reverse("events:list"))
    for i in range(3):
        make_event(officer, probolinggo_unit, name=f"Bazar {i}")
        make_event(officer, probolinggo_unit, name=f"Bazar lama {i}", start=start)
    with django_assert_num_queries(4):
        client.get(reverse("events:list"))


def test_past_events_are_shown_a_page_at_a_time_latest_first(
    client, officer, probolinggo_unit, settings
):
    settings.KRIYA_PAGE_CACHE = False
    today = timezone.localdate()
    for i in range(PAST_PER_PAGE + 2):
        make_event(
            officer,
            probolinggo_unit,
            name=f"Pasar Batik ke-{i:02d}",
            start=today - timedelta(days=30 * (i + 1)),
        )
    make_event(officer, probolinggo_unit, name="Bazar Akhir Tahun", start=today + timedelta(days=5))
    first = client.get(reverse("events:list")).content.decode()
    assert "Bazar Akhir Tahun" in first
    assert "Pasar Batik ke-00" in first  # the latest past event comes first
    assert f"Pasar Batik ke-{PAST_PER_PAGE - 1:02d}" in first
    assert f"Pasar Batik ke-{PAST_PER_PAGE:02d}" not in first
    assert "halaman=2" in first
    second = client.get(reverse("events:list"), {"halaman": 2}).content.decode()
    assert f"Pasar Batik ke-{PAST_PER_PAGE + 1:02d}" in second
    assert "Pasar Batik ke-00" not in second
    assert "Bazar Akhir Tahun" in second  # upcoming events stay on every page
    # a page past the end shows the last one, never an error
    assert client.get(reverse("events:list"), {"halaman": 99}).status_code == 200


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_event_page_lists_exhibitors_and_their_products(
    client, event, business, owner, officer, product
):
    application = exhibitor(event, business, owner, officer)
    application.products.add(product)
    html = client.get(event.get_absolute_url()).content.decode()
    assert business.name in html
    assert reverse("showcase:product", args=[product.slug]) in html
    assert reverse("showcase:business", args=[business.slug]) in html


def test_json_ld_is_a_schema_org_event(client, event, business, owner, officer):
    exhibitor(event, business, owner, officer)
    data = _json_ld(client.get(event.get_absolute_url()).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == event.name
    assert data["startDate"] == event.starts_on.isoformat()
    assert data["endDate"] == event.ends_on.isoformat()
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Sukapura"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["performer"] == [{"@type": "Organization", "name": business.name}]


def test_json_ld_of_a_cancelled_event(client, event, officer):
    services.transition_event(event=event, action="cancel", by=officer, reason="Erupsi")
    data = _json_ld(client.get(event.get_absolute_url()).content.decode())
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


def test_calendar_feed_parses_back(client, upcoming, past, officer, probolinggo_unit):
    make_event(officer, probolinggo_unit, status="draft", name="Rahasia")
    response = client.get(reverse("events:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Jazz Gunung Bromo", "Eksotika Bromo"}
    jazz = events["Jazz Gunung Bromo"]
    assert jazz.decoded("dtstart") == upcoming.starts_on
    assert jazz.decoded("dtend") == upcoming.ends_on + timedelta(days=1)
    assert str(jazz["url"]).endswith(upcoming.get_absolute_url())
    assert "Sukapura" in str(jazz["location"])


def test_one_event_ics(client, upcoming):
    response = client.get(reverse("events:event_ics", args=[upcoming.slug]))
    calendar = Calendar.from_ical(response.content)
    (only,) = calendar.walk("VEVENT")
    assert str(only["uid"]) == f"acara-{upcoming.pk}@kriya"


def test_destination_page_lists_upcoming_events_there(client, upcoming, past):
    from kriya.showcase.models import Destination

    place = Destination.objects.create(
        name="Gunung Bromo", slug="gunung-bromo", district_id="35.13.01"
    )
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Jazz Gunung Bromo" in html
    assert upcoming.get_absolute_url() in html
    assert "Eksotika Bromo" not in html  # past


def test_destination_page_follows_a_new_event(client, upcoming, officer, probolinggo_unit):
    from kriya.showcase.models import Destination

    place = Destination.objects.create(
        name="Gunung Bromo", slug="gunung-bromo", district_id="35.13.01"
    )
    client.get(place.get_absolute_url())
    make_event(officer, probolinggo_unit, name="Yadnya Kasada Expo")
    assert "Yadnya Kasada Expo" in client.get(place.get_absolute_url()).content.decode()
