"""A competent result feeds a competency certification request (desk service
`sertifikasi_kompetensi`), once per participant and batch."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.desk.models import ServiceRequest
from kriya.training import certification_link, queries, services
from kriya.training.models import CertificationReferral

pytestmark = pytest.mark.django_db


@pytest.fixture
def competent(
    programme, make_batch, make_person, enrol, owner_business, assessor, unit, desk_service
):
    desk_service("sertifikasi_kompetensi")
    programme.leads_to_competency_certificate = True
    programme.save()
    _owner, business = owner_business
    person = make_person("Rina", business=business)
    person.set_nik("3513012345670001")
    person.save()
    batch = make_batch(capacity=5)
    enrolment = enrol(batch, person)
    services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=assessor)
    return enrolment


def test_the_assessor_refers_and_the_owner_files_once(competent, assessor, owner_business, unit):
    owner, business = owner_business
    referral, created = certification_link.request_competency_certification(
        enrolment=competent, by=assessor
    )
    assert created and referral.service_request is None  # the assessor cannot file for it
    assert referral.units[0]["code"] == unit.code
    assert referral.evidence[0]["reference"].endswith(f"#unit-{unit.pk}")
    again, created = certification_link.request_competency_certification(
        enrolment=competent, by=owner
    )
    assert (again.pk, created) == (referral.pk, False)
    filed = certification_link.file_referral(referral=referral, by=owner)
    request = ServiceRequest.objects.get(pk=filed.service_request_id)
    assert request.service.code == "sertifikasi_kompetensi" and request.business == business
    assert request.status == "draft"
    assert "Rina" in request.notes and unit.code in request.notes and "••" in request.notes
    assert request.items.count() == 1
    certification_link.file_referral(referral=referral, by=owner)
    assert ServiceRequest.objects.count() == 1
    assert CertificationReferral.objects.count() == 1
    total = queries.funnel(competent.batch.programme)["total"]
    assert total["certification_requested"]["all"] == 1


def test_the_owner_starts_it_at_once(competent, owner_business):
    owner, _business = owner_business
    referral, _created = certification_link.request_competency_certification(
        enrolment=competent, by=owner
    )
    assert referral.service_request.filed_by == owner


def test_not_competent_or_not_allowed(competent, trainer, assessor, unit, other_organiser):
    for user in (trainer, other_organiser):
        with pytest.raises(PermissionDenied):
            certification_link.request_competency_certification(enrolment=competent, by=user)
    services.assess_unit(enrolment=competent, unit=unit, result="not_yet", by=assessor)
    with pytest.raises(ValidationError, match="belum kompeten"):
        certification_link.request_competency_certification(enrolment=competent, by=assessor)
    assert not CertificationReferral.objects.exists()


@pytest.mark.parametrize("who", ["assessor", "organiser", "other_organiser", "anonymous"])
def test_refer_page_access(client, request, competent, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user:
        client.force_login(user)
    response = client.post(f"/pelatihan/penilaian/{competent.pk}/sertifikasi/")
    exists = CertificationReferral.objects.filter(enrolment=competent).exists()
    if who in ("assessor", "organiser"):
        assert response.status_code == 302 and exists
    else:
        assert response.status_code in (302, 404) and not exists
