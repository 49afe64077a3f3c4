"""An instrument whose calibration has expired cannot be chosen for a result."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kriya.lab import services
from kriya.lab.forms import ResultForm
from kriya.lab.models import AnalysisStatus, Result

from .factories import InstrumentFactory

pytestmark = pytest.mark.django_db


def test_expired_instrument_is_refused_at_the_field_and_nothing_is_saved(
    assigned, analyst, expired_instrument
):
    analysis = assigned("change")
    with pytest.raises(ValidationError) as exc:
        services.enter_result(
            analysis=analysis, value="4", instrument=expired_instrument, by=analyst
        )
    assert "kedaluwarsa" in exc.value.message_dict["instrument"][0]
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.ASSIGNED
    assert not Result.objects.exists()


def test_never_calibrated_and_inactive_instruments_are_refused(assigned, analyst, instrument):
    analysis = assigned("change")
    for tool in (InstrumentFactory(), instrument):
        if tool == instrument:
            tool.is_active = False
            tool.save()
        with pytest.raises(ValidationError):
            services.enter_result(analysis=analysis, value="4", instrument=tool, by=analyst)


def test_a_numeric_result_needs_an_instrument(assigned, analyst):
    with pytest.raises(ValidationError) as exc:
        services.enter_result(analysis=assigned("change"), value="4", by=analyst)
    assert "instrument" in exc.value.message_dict


def test_the_form_offers_only_instruments_calibrated_today(
    lab_reference, instrument, expired_instrument
):
    form = ResultForm(parameter=lab_reference["change"], today=timezone.localdate())
    assert list(form.fields["instrument"].queryset) == [instrument]
    posted = ResultForm(
        {"value": "4", "instrument": expired_instrument.pk},
        parameter=lab_reference["change"],
        today=timezone.localdate(),
    )
    assert not posted.is_valid()
    assert "instrument" in posted.errors


def test_a_correction_also_needs_a_calibrated_instrument(
    assigned, analyst, supervisor, instrument, expired_instrument
):
    analysis = assigned("change")
    services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=supervisor)
    with pytest.raises(ValidationError):
        services.correct_result(
            analysis=analysis, value="3", reason="x", instrument=expired_instrument, by=analyst
        )
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.VERIFIED
