"""Fixtures of the events app: a verified batik business in Kabupaten Probolinggo and
its owner, another business in Kota Probolinggo, and an event of the regency's office
whose call is open, with two days already past (so sales can be reported)."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from kriya.events import services
from kriya.events.models import Event
from kriya.registry.tests.factories import make_business, make_facilitator, make_product


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.test", full_name="Siti Aminah")


@pytest.fixture
def other_owner(make_user):
    return make_user("other-owner@example.test", full_name="Budi")


@pytest.fixture
def facilitator(make_user):
    return make_facilitator(make_user)


@pytest.fixture
def business(regions, owner, officer):
    return make_business(owner, status="verified", officer=officer)


@pytest.fixture
def product(business, owner):
    return make_product(business, owner)


@pytest.fixture
def other_business(regions, other_owner, other_officer):
    return make_business(
        other_owner,
        status="verified",
        officer=other_officer,
        name="Batik Kota",
        village_id="35.74.01.1001",
        owner_name="Budi",
    )


def make_event(
    officer,
    probolinggo_unit,
    *,
    status="call_open",
    name="Pameran Harjakapro",
    year=None,
    start=None,
    series=None,
    n_days=2,
):
    today = timezone.localdate()
    start = start or today - timedelta(days=1)
    event = services.create_event(
        data={
            "name": name,
            "year": year or start.year,
            "kind": "expo",
            "organiser": probolinggo_unit,
            "regency_id": "35.13",
            "district_id": "35.13.01",
            "venue": "Pendopo Agung Ngadisari",
            "series": series,
            "description": "Pameran UMKM.",
        },
        days=[(start + timedelta(days=i), time(9), time(17)) for i in range(n_days)],
        by=officer,
    )
    path = {
        "draft": [],
        "published": ["publish"],
        "call_open": ["publish", "open_call"],
        "call_closed": ["publish", "open_call", "close_call"],
        "running": ["publish", "open_call", "close_call", "start"],
        "reporting": ["publish", "open_call", "close_call", "start", "finish"],
        "closed": ["publish", "open_call", "close_call", "start", "finish", "close"],
    }[status]
    for action in path:
        services.transition_event(event=event, action=action, by=officer)
    event.refresh_from_db()
    return event


@pytest.fixture
def event(officer, probolinggo_unit) -> Event:
    return make_event(officer, probolinggo_unit)


def application_data(**extra):
    data = {"sector": "batik", "booth_width_m": 3, "needs_power": False, "note": ""}
    data.update(extra)
    return data


def apply(event, business, by, **extra):
    return services.apply_to_event(
        event=event, business=business, data=application_data(**extra), by=by
    )


def exhibitor(event, business, owner, officer):
    application = apply(event, business, owner)
    return services.decide_application(application=application, action="accept", by=officer)
