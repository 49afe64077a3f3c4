"""A result is verified by someone other than the person who entered it — never
self-verification — and as many times as the method asks, by different people."""

import pytest
from django.core.exceptions import PermissionDenied

from kriya.lab import queries, services
from kriya.lab.models import AnalysisStatus, Verification

pytestmark = pytest.mark.django_db


def test_a_supervisor_verifies_an_analysts_result_and_it_locks(
    assigned, analyst, supervisor, instrument
):
    analysis = assigned()
    result = services.enter_result(
        analysis=analysis, value="4-5", instrument=instrument, by=analyst
    )
    services.verify_result(analysis=analysis, by=supervisor)
    analysis.refresh_from_db()
    result.refresh_from_db()
    assert analysis.status == AnalysisStatus.VERIFIED
    assert result.is_locked


def test_an_analyst_who_is_also_a_verifier_cannot_verify_their_own_result(
    assigned, analyst_verifier, instrument
):
    analysis = assigned(to=analyst_verifier)
    services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst_verifier)
    with pytest.raises(PermissionDenied) as exc:
        services.verify_result(analysis=analysis, by=analyst_verifier)
    assert "empat mata" in str(exc.value)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.TO_VERIFY
    assert not Verification.objects.exists()


def test_an_analyst_who_is_also_a_verifier_verifies_someone_elses_result(
    assigned, analyst, analyst_verifier, instrument
):
    analysis = assigned()
    services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=analyst_verifier)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.VERIFIED


def test_a_plain_analyst_cannot_verify_at_all(assigned, analyst, other_analyst, instrument):
    analysis = assigned()
    services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    with pytest.raises(PermissionDenied):
        services.verify_result(analysis=analysis, by=other_analyst)


def test_two_verifications_need_two_different_people(
    assigned, analyst, supervisor, second_supervisor, instrument, lab_reference
):
    lab_reference["washing"].required_verifications = 2
    lab_reference["washing"].save()
    analysis = assigned()
    services.enter_result(analysis=analysis, value="3", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=supervisor)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.TO_VERIFY
    with pytest.raises(PermissionDenied):
        services.verify_result(analysis=analysis, by=supervisor)
    services.verify_result(analysis=analysis, by=second_supervisor)
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.VERIFIED
    assert analysis.current_result.verifications.count() == 2


def test_the_person_who_corrected_a_result_cannot_verify_the_correction(
    assigned, analyst, supervisor, second_supervisor, instrument
):
    analysis = assigned()
    services.enter_result(analysis=analysis, value="3", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=supervisor)
    services.correct_result(
        analysis=analysis,
        value="3-4",
        reason="Salah baca skala",
        instrument=instrument,
        by=supervisor,
    )
    with pytest.raises(PermissionDenied):
        services.verify_result(analysis=analysis, by=supervisor)
    services.verify_result(analysis=analysis, by=second_supervisor)


def test_the_queue_never_offers_a_verifier_their_own_results(
    assigned, analyst_verifier, analyst, supervisor, instrument
):
    mine = assigned(to=analyst_verifier)
    theirs = assigned(to=analyst)
    services.enter_result(analysis=mine, value="4", instrument=instrument, by=analyst_verifier)
    services.enter_result(analysis=theirs, value="4", instrument=instrument, by=analyst)
    assert list(queries.verification_queue(analyst_verifier)) == [theirs]
    assert set(queries.verification_queue(supervisor)) == {mine, theirs}
