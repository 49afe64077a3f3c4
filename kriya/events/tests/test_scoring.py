"""The curation score table from Kriya's own data, and the officer's override."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kriya.certification.models import HalalCertificate, HalalStatus
from kriya.events import scoring, services
from kriya.registry.tests.factories import make_business

from .conftest import apply, exhibitor, make_event


def _score(event, business):
    return next(s for s in scoring.score_table(event) if s.application.business_id == business.pk)


def test_verified_first_timer_without_certificates(event, business, owner):
    apply(event, business, owner)
    score = _score(event, business)
    assert (score.verified, score.first_time, score.certified, score.youth) == (3, 2, 0, 0)
    assert score.total == 5


def test_an_unverified_business_gets_no_verification_points(event, regions, make_user):
    newcomer = make_user("baru@example.test")
    business = make_business(newcomer, status="submitted")
    apply(event, business, newcomer)
    score = _score(event, business)
    assert score.verified == 0 and score.notes


def test_an_earlier_exhibitor_is_no_longer_first_time(
    officer, probolinggo_unit, event, business, owner
):
    past = make_event(officer, probolinggo_unit, name="Eksotika Bromo")
    exhibitor(past, business, owner, officer)
    apply(event, business, owner)
    assert _score(event, business).first_time == 0


def test_certified_products_count(event, business, owner):
    HalalCertificate.objects.create(
        business=business,
        number="ID35110000000000001",
        issued_on=date(2025, 1, 1),
        evidence="halal.pdf",
        status=HalalStatus.ACCEPTED,
        submitted_by=owner,
    )
    apply(event, business, owner)
    assert _score(event, business).certified == scoring.CERTIFIED_POINTS


def test_quota_counts_accepted_of_the_category(
    event, business, owner, officer, other_business, other_owner
):
    event.category_quota = {"batik": 1}
    event.save()
    exhibitor(event, business, owner, officer)
    apply(event, other_business, other_owner)
    score = _score(event, other_business)
    assert score.quota == 1 and score.quota_used == 1 and score.over_quota


def test_override_needs_a_written_reason_and_replaces_the_total(event, business, owner, officer):
    application = apply(event, business, owner)
    with pytest.raises(ValidationError):
        services.override_score(application=application, score=9, reason=" ", by=officer)
    services.override_score(application=application, score=9, reason="Motif khas Bromo", by=officer)
    score = _score(event, business)
    assert score.total == 9 and score.computed == 5
    assert score.application.override_reason == "Motif khas Bromo"


def test_score_table_runs_constant_queries(
    event, business, owner, other_business, other_owner, django_assert_num_queries
):
    apply(event, business, owner)
    with django_assert_num_queries(4):
        scoring.score_table(event)
    apply(event, other_business, other_owner)
    with django_assert_num_queries(4):
        scoring.score_table(event)
