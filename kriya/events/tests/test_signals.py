"""The events app tells the layers above of each move of an event by an explicit signal
sent by its service (kriya/events/signals.py); the integrators' webhooks announce a
closed report with its totals, and nothing for the other moves."""

import pytest

from kriya.events import services
from kriya.events.signals import event_status_changed
from kriya.hooks import delivery
from kriya.hooks import services as hooks
from kriya.hooks.models import Delivery

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append((kwargs["action"], kwargs["from_status"], kwargs["to_status"]))

    event_status_changed.connect(receiver, dispatch_uid="test.heard")
    yield calls
    event_status_changed.disconnect(dispatch_uid="test.heard")


def test_each_move_is_announced_with_both_statuses(officer, probolinggo_unit, heard):
    make_event(officer, probolinggo_unit, status="closed")
    assert heard == [
        ("publish", "draft", "published"),
        ("open_call", "published", "call_open"),
        ("close_call", "call_open", "call_closed"),
        ("start", "call_closed", "running"),
        ("finish", "running", "reporting"),
        ("close", "reporting", "closed"),
    ]


def test_a_subscriber_of_closed_reports_gets_the_totals_once(
    officer, probolinggo_unit, make_user, agency, member, settings, monkeypatch
):
    from kriya.accounts.models import Role

    administrator = member(
        make_user("admin@agency.test", is_staff=True), agency, Role.ADMINISTRATOR
    )
    settings.KRIYA_WEBHOOKS = True
    monkeypatch.setattr(delivery, "post", lambda *a: delivery.Response(200))
    hooks.create_subscriber(
        name="Dinas Pariwisata",
        url="https://pariwisata.example.test/",
        events=["event.report_closed"],
        owner=administrator,
        by=administrator,
    )
    event = make_event(officer, probolinggo_unit, status="reporting")
    assert not Delivery.objects.exists()  # the moves before closing are not subscribed
    services.transition_event(event=event, action="close", by=officer)
    [sent] = Delivery.objects.all()
    assert sent.event == "event.report_closed"
    data = sent.payload
    assert data["event"]["id"] == event.pk
    assert data["event"]["url"].endswith(event.get_absolute_url())
    assert data["report"]["turnover"] == 0
    # Two days, no exhibitor: nothing expected, so nothing missing (never a silent zero).
    assert data["report"]["reports_missing"] == 0
