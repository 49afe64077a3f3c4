"""The business owner's pages for the people who work in their business
(`/pelatihan/usaha/`): their trainings, and filing a waiting competency-certification
referral (or starting one for a competent person) as a desk request in the business's
name. The owner of the person's business only (`may_refer`'s owner part); another
business's owner 404, anonymous to the login page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kriya.desk.models import Service, ServiceRequest
from kriya.training import certification_link, services
from kriya.training.models import CertificationReferral

pytestmark = pytest.mark.django_db


def _with_nik(person, nik="3513012345670001"):
    person.set_nik(nik)
    person.save()
    return person


@pytest.fixture
def competent(
    programme, make_batch, make_person, enrol, owner_business, assessor, unit, desk_service
):
    """Rina works in the owner's business (she has her own account) and is competent."""
    desk_service("sertifikasi_kompetensi")
    programme.leads_to_competency_certificate = True
    programme.save()
    _owner, business = owner_business
    person = _with_nik(make_person("Rina Wulandari", business=business))
    batch = make_batch(capacity=5)
    enrolment = enrol(batch, person)
    services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=assessor)
    return enrolment


@pytest.fixture
def waiting(competent, assessor):
    referral, _created = certification_link.request_competency_certification(
        enrolment=competent, by=assessor
    )
    assert referral.service_request_id is None
    return referral


@pytest.fixture
def owner(owner_business):
    return owner_business[0]


@pytest.fixture
def other_owner(make_user):
    from kriya.registry import services as registry_services

    user = make_user("pemilik@lain.test", full_name="Pemilik Lain")
    registry_services.create_business(
        data={
            "nib": "9120007654321",
            "name": "Bordir Lain",
            "owner_name": "Pemilik Lain",
            "village_id": "35.13.20.2001",
            "sector": "batik",
            "annual_sales": 90_000_000,
        },
        by=user,
        owner=user,
    )
    return user


def test_the_owner_sees_the_waiting_referral_and_files_it_once(client, owner, waiting, unit):
    client.force_login(owner)
    listing = client.get(reverse("training:workers")).content.decode()
    assert "Rina Wulandari" in listing and "data-referral-waiting" in listing
    home = client.get(reverse("core:my_home")).content.decode()
    assert "Rujukan sertifikasi kompetensi menunggu Anda ajukan." in home
    url = reverse("training:worker_enrolment", args=[waiting.enrolment_id])
    page = client.get(url).content.decode()
    assert unit.code in page and 'id="referral-submit"' in page
    response = client.post(url)
    waiting.refresh_from_db()
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:request", args=[request.pk])
    assert waiting.service_request == request and request.filed_by == owner
    assert request.service.code == "sertifikasi_kompetensi" and request.status == "draft"
    again = client.post(url)
    assert again.status_code == 302 and ServiceRequest.objects.count() == 1
    page = client.get(url).content.decode()
    assert "data-referral-request" in page and 'id="referral-submit"' not in page


def test_the_owner_starts_it_for_a_competent_worker(client, owner, competent):
    client.force_login(owner)
    url = reverse("training:worker_enrolment", args=[competent.pk])
    assert "Ajukan permohonan" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    referral = CertificationReferral.objects.get(enrolment=competent)
    assert referral.service_request.filed_by == owner


def test_a_refusal_is_shown_at_the_button_and_nothing_is_saved(client, owner, waiting):
    Service.objects.filter(code="sertifikasi_kompetensi").delete()
    client.force_login(owner)
    url = reverse("training:worker_enrolment", args=[waiting.enrolment_id])
    response = client.post(url)
    page = response.content.decode()
    assert response.status_code == 422
    assert 'class="error-summary"' in page and 'href="#referral-submit"' in page
    assert 'id="referral-error-1"' in page
    assert "Layanan sertifikasi kompetensi belum ada di katalog." in page
    waiting.refresh_from_db()
    assert waiting.service_request_id is None and not ServiceRequest.objects.exists()


def test_a_person_not_yet_competent_cannot_be_filed(client, owner, competent, assessor, unit):
    services.assess_unit(enrolment=competent, unit=unit, result="not_yet", by=assessor)
    client.force_login(owner)
    url = reverse("training:worker_enrolment", args=[competent.pk])
    page = client.get(url).content.decode()
    assert "belum kompeten" in page and 'id="referral-submit"' not in page
    response = client.post(url)
    assert response.status_code == 422 and "belum kompeten" in response.content.decode()
    assert not CertificationReferral.objects.exists()


@pytest.mark.parametrize("who", ["other_owner", "organiser", "anonymous"])
def test_nobody_else_sees_or_files_it(client, request, who, waiting):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("training:worker_enrolment", args=[waiting.enrolment_id])
    seen, filed = client.get(url), client.post(url)
    listing = client.get(reverse("training:workers"))
    if who == "anonymous":
        assert seen.status_code == filed.status_code == listing.status_code == 302
        assert seen["Location"].startswith(reverse("account_login"))
    else:
        assert (seen.status_code, filed.status_code) == (404, 404)
        assert "Rina Wulandari" not in listing.content.decode()
    assert not ServiceRequest.objects.exists()


def test_the_participant_who_is_the_owner_is_not_listed_as_a_worker(
    client, owner_business, make_person, make_batch, enrol
):
    owner, business = owner_business
    from kriya.training.models import Participant

    me = make_person("Siti Aminah", business=business)
    Participant.objects.filter(pk=me.pk).update(user=owner)
    enrol(make_batch(), Participant.objects.get(pk=me.pk))
    client.force_login(owner)
    assert "Siti Aminah" not in client.get(reverse("training:workers")).content.decode()


def test_the_list_and_the_home_panel_cost_constant_queries(
    client, owner, owner_business, waiting, make_person, make_batch, enrol
):
    client.force_login(owner)
    _owner, business = owner_business
    pages = (reverse("training:workers"), reverse("core:my_home"))
    with CaptureQueriesContext(connection) as one:
        for page in pages:
            client.get(page)
    batch = make_batch(capacity=10)
    for n in range(4):
        enrol(
            batch, _with_nik(make_person(f"Pekerja {n}", business=business), f"35130123456700{n}2")
        )
    with CaptureQueriesContext(connection) as five:
        for page in pages:
            assert "Pekerja 3" in client.get(page).content.decode()
    assert len(five) == len(one)
