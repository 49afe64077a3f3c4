"""The demo: the yearly events of the reference data, a past edition with exhibitors,
booths and two days of sales, and the next edition with its call open; twice is once."""

from django.urls import reverse

from kriya.accounts import demo as accounts_demo
from kriya.events import demo, queries
from kriya.events.models import Event, EventSeries, EventStatus
from kriya.registry import demo as registry_demo

GROUPS = [
    {"name": "Batik Prabulinggih", "village": "Bulujaran Lor", "district": "35.13.20"},
    {"name": "Batik Joko Seger", "village": None, "district": "35.13.01"},
]


def test_the_demo_seeds_both_editions_once(regions, client):
    accounts_demo.seed()
    registry_demo.seed(GROUPS, photos=False)
    demo.seed()
    demo.seed()
    assert EventSeries.objects.filter(is_demo=True).count() == 5
    past, upcoming = Event.objects.order_by("year")
    assert past.is_demo and upcoming.is_demo
    assert past.status == EventStatus.CLOSED and upcoming.status == EventStatus.CALL_OPEN
    report = queries.event_report(upcoming)
    assert report.previous is not None and report.previous.event == past
    assert report.previous.exhibitors == 2 and report.previous.turnover > 0
    assert report.previous.reports_missing == 1  # shown as missing, not zero
    assert report.previous.visitors == 5500
    page = client.get(past.get_absolute_url()).content.decode()
    assert "Batik Prabulinggih" in page
    assert upcoming.name in client.get(reverse("events:list")).content.decode()
