"""Booths: a plan as data, manual and automatic allocation, never a booth twice."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kriya.events import services
from kriya.events.models import Application, Booth

from .conftest import apply, exhibitor


@pytest.fixture
def booths(event, officer):
    return services.add_booths(
        event=event,
        rows=[
            {"code": "A1", "zone": "Batik", "sector": "batik", "power_watts": 450},
            {"code": "B1", "zone": "Kuliner", "sector": "lainnya", "power_watts": 0},
        ],
        by=officer,
    )


def test_a_booth_code_is_unique_in_its_event(event, officer, booths):
    with pytest.raises(ValidationError):
        services.add_booths(event=event, rows=[{"code": "A1"}], by=officer)


def test_a_booth_is_never_given_twice(
    event, booths, business, owner, other_business, other_owner, officer
):
    first = exhibitor(event, business, owner, officer)
    second = exhibitor(event, other_business, other_owner, officer)
    a1 = Booth.objects.get(event=event, code="A1")
    services.allocate_booth(application=first, booth=a1, by=officer)
    with pytest.raises(ValidationError):
        services.allocate_booth(application=second, booth=a1, by=officer)
    assert Application.objects.get(pk=second.pk).booth is None


def test_only_exhibitors_get_a_booth(event, booths, business, owner, officer):
    application = apply(event, business, owner)
    with pytest.raises(ValidationError):
        services.allocate_booth(application=application, booth=booths[0], by=officer)


def test_automatic_allocation_follows_zone_and_power(
    event, booths, business, owner, other_business, other_owner, officer
):
    powered = exhibitor(event, business, owner, officer)
    Application.objects.filter(pk=powered.pk).update(needs_power=True)
    other = exhibitor(event, other_business, other_owner, officer)
    Application.objects.filter(pk=other.pk).update(sector="lainnya")
    assert services.auto_allocate(event=event, by=officer) == 2
    assert Application.objects.get(pk=powered.pk).booth.code == "A1"
    assert Application.objects.get(pk=other.pk).booth.code == "B1"


@pytest.mark.django_db(transaction=True)
def test_parallel_allocation_gives_the_booth_once(
    event, booths, business, owner, other_business, other_owner, officer
):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (SQLite serialises them)")
    apps = [
        exhibitor(event, business, owner, officer),
        exhibitor(event, other_business, other_owner, officer),
    ]
    booth = Booth.objects.get(event=event, code="A1")
    barrier = threading.Barrier(2)
    outcomes = []

    def allocate(application):
        from django.db import connections

        try:
            barrier.wait()
            services.allocate_booth(application=application, booth=booth, by=officer)
            outcomes.append("given")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["given", "refused"]
    assert Application.objects.filter(booth=booth).count() == 1
