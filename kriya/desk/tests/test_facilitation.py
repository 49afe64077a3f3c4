"""Facilitation: a facilitator files and follows requests for a business that gave
consent; the business sees everything filed for it; every action shows who acted for
whom ("X untuk Y")."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from kriya.desk import queries, services
from kriya.desk.access import get_request_for
from kriya.desk.tests.conftest import PDF_BYTES, upload

ITEMS = [{"name": "Kain batik tulis", "quantity": 1}]


@pytest.fixture
def filed(facilitator, consent, business, testing_service):
    request, _ = services.create_request(
        business=business,
        service=testing_service,
        by=facilitator,
        items=ITEMS,
        documents={"surat_permohonan": upload("surat.pdf", PDF_BYTES)},
        submit=True,
    )
    return request


def test_a_facilitator_files_for_a_business_that_gave_consent(filed, facilitator, business):
    assert filed.filed_by == facilitator and filed.business == business
    assert filed.status == "submitted"


def test_without_consent_a_facilitator_cannot_file(facilitator, business, testing_service):
    with pytest.raises(PermissionDenied):
        services.create_request(
            business=business, service=testing_service, by=facilitator, items=ITEMS
        )


def test_the_business_sees_everything_filed_for_it(client, filed, owner):
    client.force_login(owner)
    assert filed.number in client.get("/permohonan/").text
    page = client.get(f"/permohonan/{filed.pk}/").text
    assert "Pendamping untuk Batik Prabulinggih" in page


def test_the_timeline_shows_who_acted_for_whom(filed, facilitator, owner, desk):
    services.transition_request(request=filed, action="review", by=desk)
    services.transition_request(request=filed, action="return", by=desk, reason="Foto buram")
    services.upload_document(
        request=filed, slot="surat_permohonan", file=upload("s2.pdf", PDF_BYTES), by=owner
    )
    services.resubmit_request(request=filed, by=facilitator)
    names = [(e.verb, e.actor_name) for e in queries.timeline(filed)]
    assert names == [
        ("service_request.created", "Pendamping untuk Batik Prabulinggih"),
        ("service_request.document_added", "Pendamping untuk Batik Prabulinggih"),
        ("service_request.submit", "Pendamping untuk Batik Prabulinggih"),
        ("service_request.review", "Dewi"),
        ("service_request.return", "Dewi"),
        ("service_request.document_added", "Siti Aminah"),
        ("service_request.resubmit", "Pendamping untuk Batik Prabulinggih"),
    ]


def test_the_api_timeline_names_the_business_acted_for(client, filed, owner):
    client.force_login(owner)
    body = client.get(f"/api/v1/service-requests/{filed.pk}/timeline").json()
    assert body[0]["on_behalf_of"] == "Batik Prabulinggih"
    assert body[0]["actor"] == "Pendamping untuk Batik Prabulinggih"


def test_a_facilitator_follows_the_requests_of_the_businesses_they_facilitate(
    client, facilitator, consent, make_request
):
    by_owner = make_request("submitted")  # filed by the owner, followed by the facilitator
    client.force_login(facilitator)
    assert by_owner.number in client.get("/permohonan/").text
    assert client.get(f"/permohonan/{by_owner.pk}/").status_code == 200


def test_a_facilitator_narrows_the_list_to_one_business(
    client, facilitator, consent, make_request, make_business, testing_service
):
    from kriya.registry.models import FacilitationConsent

    second = make_business(7)
    FacilitationConsent.objects.create(
        business=second,
        facilitator=facilitator,
        method="in_person",
        declared_by="Pemilik 7",
        declared_at=timezone.now(),
    )
    first_request = make_request("submitted")
    second_request = make_request("submitted", business_=second)
    client.force_login(facilitator)
    page = client.get(f"/permohonan/?usaha={second.pk}").text
    assert second_request.number in page and first_request.number not in page
    assert 'name="usaha"' in page


def test_a_revoked_consent_ends_following_but_keeps_the_history(
    client, filed, facilitator, consent, owner
):
    consent.revoked_at = timezone.now()
    consent.save()
    facilitator._kriya_memberships = None
    with pytest.raises(Http404):
        get_request_for(facilitator, filed.pk)
    client.force_login(facilitator)
    assert client.get(f"/permohonan/{filed.pk}/").status_code == 404
    # The owner still reads who filed for them.
    assert queries.timeline(filed)[0].actor_name == "Pendamping untuk Batik Prabulinggih"


def test_the_owner_acting_is_not_shown_as_acting_for_someone(owner, business, testing_service):
    request, _ = services.create_request(
        business=business, service=testing_service, by=owner, items=ITEMS
    )
    assert queries.timeline(request)[0].actor_name == "Siti Aminah"
