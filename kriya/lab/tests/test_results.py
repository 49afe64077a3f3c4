"""Results on their scale, judged against the specification; retests keep the earlier
result; a verified result is locked and only a correction supersedes it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.lab import services
from kriya.lab.models import AnalysisStatus, Replacement, Result
from kriya.lab.verdicts import Verdict

pytestmark = pytest.mark.django_db


def test_result_is_judged_against_the_samples_standard(assigned, analyst, instrument):
    analysis = assigned("change")
    result = services.enter_result(
        analysis=analysis, value="3-4", instrument=instrument, by=analyst
    )
    assert (result.display_value, result.limit_text, result.verdict) == (
        "3-4",
        "≥ 4",
        Verdict.OUTSIDE,
    )
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.TO_VERIFY
    assert analysis.current_result == result


def test_unset_limit_gives_no_limit(assigned, analyst, instrument):
    result = services.enter_result(
        analysis=assigned("staining"), value="4", instrument=instrument, by=analyst
    )
    assert (result.limit_text, result.verdict) == ("batas belum ditetapkan", Verdict.NO_LIMIT)


def test_sample_without_a_standard_gives_no_limit(
    receive, supervisor, analyst, instrument, lab_reference
):
    sample = receive(standard_version=None)
    analysis = sample.analyses.get(parameter=lab_reference["change"])
    services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
    result = services.enter_result(analysis=analysis, value="5", instrument=instrument, by=analyst)
    assert result.verdict == Verdict.NO_LIMIT


def test_pass_fail_needs_observations_and_no_instrument(assigned, analyst):
    analysis = assigned("look")
    with pytest.raises(ValidationError) as exc:
        services.enter_result(analysis=analysis, value="lulus", by=analyst)
    assert "observations" in exc.value.message_dict
    result = services.enter_result(
        analysis=analysis, value="lulus", observations="Motif dilukis canting", by=analyst
    )
    assert (result.value_pass, result.verdict) == (True, Verdict.WITHIN)


@pytest.mark.parametrize("value", ["4.25", "6", "0", "abc", ""])
def test_a_value_off_the_scale_is_refused_and_nothing_is_saved(
    assigned, analyst, instrument, value
):
    analysis = assigned("change")
    with pytest.raises(ValidationError) as exc:
        services.enter_result(analysis=analysis, value=value, instrument=instrument, by=analyst)
    assert "value" in exc.value.message_dict
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.ASSIGNED
    assert not Result.objects.exists()


def test_only_the_assigned_analyst_enters_the_result(
    assigned, other_analyst, supervisor, instrument
):
    analysis = assigned("change")
    for person in (other_analyst, supervisor):
        with pytest.raises(PermissionDenied):
            services.enter_result(analysis=analysis, value="4", instrument=instrument, by=person)


def test_retest_keeps_the_earlier_result_with_its_reason(assigned, analyst, supervisor, instrument):
    analysis = assigned("change")
    first = services.enter_result(analysis=analysis, value="2", instrument=instrument, by=analyst)
    services.request_retest(analysis=analysis, reason="Kain uji terlipat", by=supervisor)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.ASSIGNED and analysis.current_result is None
    second = services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    first.refresh_from_db()
    assert first.replaced_kind == Replacement.RETEST
    assert first.replaced_reason == "Kain uji terlipat"
    assert first.replaced_by == second
    assert list(analysis.results.order_by("entered_at", "pk")) == [first, second]


def test_retest_needs_a_reason(assigned, analyst, supervisor, instrument):
    analysis = assigned("change")
    services.enter_result(analysis=analysis, value="2", instrument=instrument, by=analyst)
    with pytest.raises(ValidationError):
        services.request_retest(analysis=analysis, reason=" ", by=supervisor)


def test_a_verified_result_is_locked(assigned, analyst, supervisor, instrument):
    analysis = assigned("change")
    services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=supervisor)
    with pytest.raises(InvalidTransition):
        services.enter_result(analysis=analysis, value="5", instrument=instrument, by=analyst)
    with pytest.raises(InvalidTransition):
        services.request_retest(analysis=analysis, reason="ulang", by=supervisor)
    assert Result.objects.get().display_value == "4"


def test_correction_supersedes_the_verified_result_and_keeps_it(
    assigned, analyst, supervisor, second_supervisor, instrument
):
    analysis = assigned("change")
    old = services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=supervisor)
    with pytest.raises(ValidationError):
        services.correct_result(
            analysis=analysis, value="3", reason="", instrument=instrument, by=analyst
        )
    new = services.correct_result(
        analysis=analysis, value="3", reason="Salah tulis", instrument=instrument, by=analyst
    )
    old.refresh_from_db()
    assert (old.replaced_by, old.replaced_kind, old.replaced_reason) == (
        new,
        Replacement.CORRECTION,
        "Salah tulis",
    )
    assert old.is_locked and old.display_value == "4"
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.TO_VERIFY and analysis.current_result == new
    services.verify_result(analysis=analysis, by=second_supervisor)
    assert AuditEvent.objects.filter(
        verb="lab_analysis.correct", data__reason="Salah tulis"
    ).exists()


def test_cancelled_analysis_needs_a_reason(assigned, supervisor):
    analysis = assigned("staining")
    with pytest.raises(ValidationError):
        services.cancel_analysis(analysis=analysis, reason="", by=supervisor)
    services.cancel_analysis(analysis=analysis, reason="Tidak diminta", by=supervisor)
    analysis.refresh_from_db()
    assert (analysis.status, analysis.cancel_reason) == (AnalysisStatus.CANCELLED, "Tidak diminta")


def test_only_lab_workers_can_be_assigned(receive, supervisor, desk, lab_reference):
    analysis = receive().analyses.first()
    with pytest.raises(ValidationError):
        services.assign_analysis(analysis=analysis, analyst=desk, by=supervisor)


def test_the_limit_is_stored_in_the_reports_language_whoever_enters_it(
    assigned, analyst, instrument
):
    from django.utils import translation

    with translation.override("en"):
        result = services.enter_result(
            analysis=assigned("staining"), value="4", instrument=instrument, by=analyst
        )
    assert result.limit_text == "batas belum ditetapkan"
