"""An instrument may be chosen for a result only while a calibration covers the day;
the lab sees which calibrations expire within 30 days."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kriya.core.models import AuditEvent
from kriya.lab import queries, services
from kriya.lab.models import Instrument

from .factories import CalibrationFactory, InstrumentFactory, calibrated_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


def test_calibrated_instrument_is_usable_until_the_last_valid_day(today):
    instrument = calibrated_instrument(days_left=0)
    assert instrument.is_usable_on(today)
    assert not instrument.is_usable_on(today + timedelta(days=1))


def test_expired_or_never_calibrated_instrument_is_not_usable(today):
    expired = calibrated_instrument(days_left=-1)
    never = InstrumentFactory()
    assert set(Instrument.objects.usable_on(today)) == set()
    assert set(Instrument.objects.expired(today)) == {expired, never}


def test_a_new_calibration_makes_an_expired_instrument_usable_again(today, desk):
    instrument = calibrated_instrument(days_left=-5)
    services.record_calibration(
        instrument=instrument,
        calibrated_on=today,
        valid_until=today + timedelta(days=365),
        certificate_number="KAL/2026/7",
        by=desk,
    )
    assert instrument.is_usable_on(today)
    assert AuditEvent.objects.filter(verb="lab.calibration_recorded", actor=desk).exists()


def test_a_calibration_does_not_cover_days_before_it_was_made(today):
    instrument = InstrumentFactory()
    CalibrationFactory(
        instrument=instrument, calibrated_on=today, valid_until=today + timedelta(days=30)
    )
    assert not instrument.is_usable_on(today - timedelta(days=1))


def test_instrument_without_calibration_duty_is_always_usable(today):
    tool = InstrumentFactory(needs_calibration=False)
    assert tool.is_usable_on(today)
    assert tool not in Instrument.objects.expired(today)


def test_inactive_instrument_is_never_usable(today):
    assert not calibrated_instrument(is_active=False).is_usable_on(today)


def test_expiring_within_thirty_days_lists_the_soonest_first(today):
    soon = calibrated_instrument(days_left=3)
    edge = calibrated_instrument(days_left=30)
    calibrated_instrument(days_left=31)
    calibrated_instrument(days_left=-1)
    assert list(Instrument.objects.expiring_within(30, today)) == [soon, edge]
    overview = queries.instrument_overview(today)
    assert overview["expiring"] == [soon, edge]


def test_only_the_latest_calibration_counts_for_expiry(today):
    instrument = calibrated_instrument(days_left=10)
    CalibrationFactory(instrument=instrument, valid_until=today + timedelta(days=400))
    assert instrument not in Instrument.objects.expiring_within(30, today)


def test_a_calibration_that_ends_before_it_starts_is_refused(today, desk):
    with pytest.raises(ValidationError):
        services.record_calibration(
            instrument=InstrumentFactory(),
            calibrated_on=today,
            valid_until=today - timedelta(days=1),
            certificate_number="X",
            by=desk,
        )
    assert not AuditEvent.objects.filter(verb="lab.calibration_recorded").exists()
