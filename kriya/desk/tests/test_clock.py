"""The working-day clock: runs while the agency holds a request, pauses while it waits
on the applicant, skips weekends, national holidays and collective leave."""

from datetime import date

import pytest

from kriya.core.models import CollectiveLeaveDay
from kriya.desk import services
from kriya.desk.clock import clock_changes, clock_of
from kriya.desk.models import ServiceRequest, Status
from kriya.desk.tests.conftest import PDF_BYTES, upload

MON_22_DEC = date(2025, 12, 22)  # Thursday 25 December is Christmas


@pytest.fixture
def on_day(monkeypatch):
    """Make "today" a given date for the services (the clock reads timezone.localdate)."""
    from django.utils import timezone

    def set_day(day):
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return set_day


def running_request(make_request, since, standard=5, used=0):
    request = make_request("submitted", standard_days=standard, clock_days_used=used)
    changes = clock_changes(
        ServiceRequest(standard_days=standard, clock_days_used=used), Status.SUBMITTED, today=since
    )
    ServiceRequest.objects.filter(pk=request.pk).update(**changes)
    request.refresh_from_db()
    return request


def test_a_running_clock_counts_working_days_after_the_start_and_skips_a_holiday(
    make_request,
):
    request = running_request(make_request, MON_22_DEC)
    assert request.clock_deadline == date(2025, 12, 30)  # 23, 24, 26, 29, 30
    clock = clock_of(request, today=date(2025, 12, 26))
    assert (clock.used, clock.left, clock.running, clock.overdue) == (3, 2, True, False)


def test_the_start_day_itself_does_not_count(make_request):
    request = running_request(make_request, MON_22_DEC)
    assert clock_of(request, today=MON_22_DEC).used == 0


def test_a_weekend_does_not_count(make_request):
    request = running_request(make_request, date(2025, 12, 19))  # Friday
    assert clock_of(request, today=date(2025, 12, 22)).used == 1  # only Monday


def test_collective_leave_entered_by_an_administrator_does_not_count(make_request):
    CollectiveLeaveDay.objects.create(date=date(2025, 12, 26), name="Cuti bersama Natal")
    request = running_request(make_request, MON_22_DEC)
    assert clock_of(request, today=date(2025, 12, 26)).used == 2
    assert request.clock_deadline == date(2025, 12, 31)


@pytest.mark.parametrize("paused", [Status.RETURNED, Status.AWAITING_PAYMENT])
def test_waiting_on_the_applicant_pauses_the_clock(paused, make_request):
    request = running_request(make_request, MON_22_DEC)
    changes = clock_changes(request, paused, today=date(2025, 12, 24))
    assert changes == {
        "clock_days_used": 2,
        "clock_running_since": None,
        "clock_deadline": None,
    }
    ServiceRequest.objects.filter(pk=request.pk).update(status=paused, **changes)
    request.refresh_from_db()
    later = clock_of(request, today=date(2026, 1, 30))
    assert (later.used, later.left, later.running) == (2, 3, False)


def test_moving_between_agency_states_keeps_the_clock_running(make_request):
    request = running_request(make_request, MON_22_DEC)
    assert clock_changes(request, Status.IN_REVIEW, today=date(2025, 12, 23)) == {}


def test_returned_and_resubmitted_the_clock_continues_where_it_paused(
    make_request, owner, desk, on_day
):
    request = make_request("draft")
    on_day(MON_22_DEC)
    services.upload_document(
        request=request, slot="surat_permohonan", file=upload("a.pdf", PDF_BYTES), by=owner
    )
    services.submit_request(request=request, by=owner)
    on_day(date(2025, 12, 23))
    services.transition_request(request=request, action="review", by=desk)
    on_day(date(2025, 12, 24))
    services.transition_request(request=request, action="return", by=desk, reason="Kurang foto")
    assert (request.clock_days_used, request.clock_running_since) == (2, None)
    on_day(date(2026, 1, 5))
    services.resubmit_request(request=request, by=owner)
    assert request.clock_running_since == date(2026, 1, 5)
    assert request.clock_deadline == date(2026, 1, 8)  # three days left
    clock = clock_of(request, today=date(2026, 1, 7))
    assert (clock.used, clock.left) == (4, 1)


def test_overdue_requests_are_found_running_or_paused(make_request):
    late = running_request(make_request, MON_22_DEC, standard=2)
    on_time = running_request(make_request, date(2025, 12, 26), standard=5)
    paused_late = make_request("returned", standard_days=2, clock_days_used=3)
    paused_on_time = make_request("returned", standard_days=5, clock_days_used=3)
    no_standard = make_request("submitted", standard_days=None)
    found = set(ServiceRequest.objects.overdue(today=date(2025, 12, 29)))
    assert found == {late, paused_late}
    assert clock_of(late, today=date(2025, 12, 29)).overdue
    assert not clock_of(on_time, today=date(2025, 12, 29)).overdue
    assert not clock_of(paused_on_time).overdue
    assert clock_of(no_standard).left is None
