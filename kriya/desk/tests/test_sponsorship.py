"""Sponsorship (fasilitasi): a regency officer recommends a request of a business in
their regency and pays for it from a programme of their unit, within its quota."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kriya.core.models import AuditEvent
from kriya.desk import services, sponsorship
from kriya.desk.models import Programme, Recommendation, Service, Sponsorship, Status


def test_an_officer_recommends_a_request_of_their_regency(officer, make_request):
    request = make_request("submitted")
    recommendation = sponsorship.recommend_request(
        request=request, note="Usaha binaan, layak difasilitasi.", by=officer
    )
    assert recommendation.unit.regency_id == "35.13"
    assert AuditEvent.objects.for_object(request).filter(verb="service_request.recommended")


def test_a_unit_recommends_a_request_once(officer, make_request):
    request = make_request("submitted")
    sponsorship.recommend_request(request=request, note="Layak.", by=officer)
    with pytest.raises(ValidationError):
        sponsorship.recommend_request(request=request, note="Sekali lagi.", by=officer)
    assert Recommendation.objects.count() == 1


def test_a_recommendation_needs_a_text(officer, make_request):
    with pytest.raises(ValidationError):
        sponsorship.recommend_request(request=make_request("submitted"), note=" ", by=officer)


@pytest.mark.parametrize("name", ["other_officer", "owner", "desk", "facilitator", "head"])
def test_only_an_officer_of_the_regency_recommends(name, personas, make_request):
    with pytest.raises(PermissionDenied):
        sponsorship.recommend_request(
            request=make_request("submitted"), note="Layak.", by=personas[name]
        )


def test_sponsoring_takes_one_place_of_the_quota_and_records_a_recommendation(
    officer, make_request, programme
):
    request = make_request("in_review")
    sponsored = sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    programme.refresh_from_db()
    assert programme.used == 1 and programme.left == 2
    assert sponsored.business == request.business and sponsored.is_active
    assert request.recommendations.get().unit == programme.unit
    verbs = set(AuditEvent.objects.for_object(request).values_list("verb", flat=True))
    assert {"service_request.sponsored", "service_request.recommended"} <= verbs


def test_the_quota_is_never_exceeded(officer, make_business, make_request, programme):
    requests = [make_request("submitted", business_=make_business(n)) for n in range(5)]
    for request in requests[:3]:
        sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    for request in requests[3:]:
        with pytest.raises(ValidationError, match="Kuota"):
            sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    programme.refresh_from_db()
    assert programme.used == 3
    assert Sponsorship.objects.active().count() == 3


def test_the_database_refuses_more_used_places_than_the_quota(programme):
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(used=programme.quota + 1)


def test_a_request_is_sponsored_once(officer, make_request, programme):
    request = make_request("submitted")
    sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    with pytest.raises(PermissionDenied):
        # The page offers no form any more; a direct call is refused by the check.
        sponsorship.sponsor_request(request=request, programme=programme, by=None)
    with pytest.raises(ValidationError, match="sudah didanai"):
        sponsorship.sponsor_request(request=request, programme=programme, by=officer)


def test_a_business_is_sponsored_once_per_programme(officer, make_request, programme):
    sponsorship.sponsor_request(request=make_request("submitted"), programme=programme, by=officer)
    with pytest.raises(ValidationError, match="permohonan lain"):
        sponsorship.sponsor_request(
            request=make_request("submitted"), programme=programme, by=officer
        )


def test_the_programme_must_fund_the_service(officer, make_request, programme, free_service):
    request = make_request("submitted", service=free_service)
    with pytest.raises(ValidationError, match="tidak mendanai"):
        sponsorship.sponsor_request(request=request, programme=programme, by=officer)


def test_the_programme_must_be_running(officer, make_request, programme):
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 12, 31)
    )
    programme.refresh_from_db()
    with pytest.raises(ValidationError, match="tidak sedang berjalan"):
        sponsorship.sponsor_request(
            request=make_request("submitted"), programme=programme, by=officer
        )


def test_an_officer_cannot_spend_another_units_programme(
    officer, other_officer, kota_unit, make_request, programme, testing_service
):
    with pytest.raises(PermissionDenied):
        sponsorship.sponsor_request(
            request=make_request("submitted"), programme=programme, by=other_officer
        )


def test_a_programme_of_another_regency_cannot_fund_the_request(
    officer, member, kota_unit, make_request, testing_service
):
    from kriya.accounts.models import Role

    member(officer, kota_unit, Role.REGENCY_OFFICER)
    officer._kriya_memberships = None
    foreign = Programme.objects.create(
        unit=kota_unit,
        name="Program kota",
        starts_on=datetime.date(2000, 1, 1),
        ends_on=datetime.date(2999, 12, 31),
        quota=5,
    )
    foreign.services.add(testing_service)
    with pytest.raises(ValidationError, match="kabupaten/kota lain"):
        sponsorship.sponsor_request(
            request=make_request("submitted"), programme=foreign, by=officer
        )


@pytest.mark.parametrize("status", ["draft", "awaiting_payment", "paid", "completed"])
def test_no_sponsoring_before_filing_or_once_a_bill_is_issued(
    status, officer, make_request, programme
):
    with pytest.raises(PermissionDenied):
        sponsorship.sponsor_request(request=make_request(status), programme=programme, by=officer)


def test_withdrawing_frees_the_place(officer, make_request, programme):
    request = make_request("submitted")
    sponsored = sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    sponsorship.withdraw_sponsorship(sponsorship=sponsored, by=officer, reason="Salah usaha")
    programme.refresh_from_db()
    sponsored.refresh_from_db()
    assert programme.used == 0
    assert sponsored.released_at and sponsored.release_reason == "Salah usaha"
    # The request may be sponsored again (history kept).
    sponsorship.sponsor_request(request=request, programme=programme, by=officer)
    assert Sponsorship.objects.filter(request=request).count() == 2


def test_withdrawing_needs_a_reason_and_the_programmes_officer(
    officer, other_officer, make_request, programme
):
    sponsored = sponsorship.sponsor_request(
        request=make_request("submitted"), programme=programme, by=officer
    )
    with pytest.raises(ValidationError):
        sponsorship.withdraw_sponsorship(sponsorship=sponsored, by=officer, reason="")
    with pytest.raises(PermissionDenied):
        sponsorship.withdraw_sponsorship(sponsorship=sponsored, by=other_officer, reason="x")


@pytest.mark.parametrize(("action", "by"), [("cancel", "owner"), ("reject", "desk")])
def test_a_cancelled_or_rejected_request_gives_its_place_back(
    action, by, personas, make_request, programme
):
    request = make_request("submitted")
    sponsorship.sponsor_request(request=request, programme=programme, by=personas["officer"])
    services.transition_request(request=request, action=action, by=personas[by], reason="x")
    programme.refresh_from_db()
    assert programme.used == 0
    assert request.status in (Status.CANCELLED, Status.REJECTED)
    assert AuditEvent.objects.for_object(request).filter(
        verb="service_request.sponsorship_released"
    )


def test_an_officer_opens_a_programme_of_their_unit(officer, probolinggo_unit, testing_service):
    programme = sponsorship.create_programme(
        unit=probolinggo_unit,
        name="Fasilitasi sertifikasi halal 2026",
        services=[testing_service],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        quota=100,
        by=officer,
    )
    assert programme.quota == 100 and programme.used == 0
    assert list(programme.services.all()) == [testing_service]


def test_a_programme_needs_services_a_quota_and_a_sane_period(
    officer, probolinggo_unit, testing_service
):
    with pytest.raises(ValidationError) as error:
        sponsorship.create_programme(
            unit=probolinggo_unit,
            name="",
            services=[],
            starts_on=datetime.date(2026, 12, 31),
            ends_on=datetime.date(2026, 1, 1),
            quota=0,
            by=officer,
        )
    assert set(error.value.message_dict) == {"name", "services", "quota", "ends_on"}
    assert not Programme.objects.exists()


def test_only_the_units_officer_opens_its_programmes(other_officer, probolinggo_unit):
    with pytest.raises(PermissionDenied):
        sponsorship.create_programme(
            unit=probolinggo_unit,
            name="Program",
            services=list(Service.objects.all()),
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            quota=1,
            by=other_officer,
        )
