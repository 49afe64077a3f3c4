"""An owner who registered their business themselves gives a facilitator consent on
the business page; the facilitator then sees and keeps it until the consent is revoked."""

import pytest

from kriya.core.models import AuditEvent
from kriya.registry.models import FacilitationConsent

from .factories import make_facilitator


def grant(client, business, email):
    return client.post(f"/usaha-saya/{business.pk}/persetujuan/baru/", {"email": email})


def test_the_owner_gives_a_facilitator_consent_for_a_business_they_registered(
    client, owner, business, facilitator
):
    client.force_login(facilitator)
    assert client.get(f"/usaha-saya/{business.pk}/").status_code == 404
    client.force_login(owner)
    page = client.get(f"/usaha-saya/{business.pk}/")
    assert f'action="/usaha-saya/{business.pk}/persetujuan/baru/"' in page.text
    response = grant(client, business, "Pendamping@Example.test")
    assert response.status_code == 302
    consent = FacilitationConsent.objects.get(business=business)
    assert (consent.facilitator, consent.method, consent.declared_by) == (
        facilitator,
        "owner_online",
        "Siti Aminah",
    )
    assert consent.is_active
    assert AuditEvent.objects.for_object(business).filter(
        verb="business.consent_recorded", actor=owner
    )
    client.force_login(facilitator)
    assert client.get(f"/usaha-saya/{business.pk}/").status_code == 200
    assert client.get(f"/usaha-saya/{business.pk}/ubah/").status_code == 200


def test_the_consent_shows_on_the_page_and_the_owner_can_revoke_it(
    client, owner, business, facilitator
):
    client.force_login(owner)
    grant(client, business, facilitator.email)
    page = client.get(f"/usaha-saya/{business.pk}/")
    assert "Diberikan pemilik di Kriya" in page.text
    consent = FacilitationConsent.objects.get(business=business)
    client.post(f"/usaha-saya/{business.pk}/persetujuan/{consent.pk}/cabut/")
    client.force_login(facilitator)
    assert client.get(f"/usaha-saya/{business.pk}/").status_code == 404


def test_an_address_that_is_no_facilitator_is_refused_at_the_field(
    client, owner, business, other_owner
):
    client.force_login(owner)
    for email in ("nobody@example.test", other_owner.email):
        response = grant(client, business, email)
        assert response.status_code == 200
        assert "Tidak ada pendamping dengan alamat e-mail ini." in response.text
    assert not FacilitationConsent.objects.exists()


def test_a_second_active_consent_for_the_same_facilitator_is_refused(
    client, owner, business, facilitator
):
    client.force_login(owner)
    grant(client, business, facilitator.email)
    response = grant(client, business, facilitator.email)
    assert "sudah memiliki persetujuan aktif" in response.text
    assert FacilitationConsent.objects.filter(business=business).count() == 1


def test_after_a_revocation_the_owner_may_consent_again(client, owner, business, facilitator):
    client.force_login(owner)
    grant(client, business, facilitator.email)
    consent = FacilitationConsent.objects.get()
    client.post(f"/usaha-saya/{business.pk}/persetujuan/{consent.pk}/cabut/")
    grant(client, business, facilitator.email)
    assert FacilitationConsent.objects.filter(business=business, revoked_at=None).count() == 1


@pytest.mark.parametrize("who", ["facilitator", "other_owner", "officer"])
def test_only_the_owner_gives_consent(client, request, business, facilitator, who):
    client.force_login(request.getfixturevalue(who))
    other = make_facilitator(request.getfixturevalue("make_user"), email="lain@example.test")
    if who == "facilitator":
        FacilitationConsent.objects.create(
            business=business,
            facilitator=facilitator,
            method="in_person",
            declared_by="Siti",
            declared_at="2026-01-01T00:00Z",
        )
    response = grant(client, business, other.email)
    assert response.status_code in (403, 404)
    assert not FacilitationConsent.objects.filter(facilitator=other).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, business, facilitator):
    response = grant(client, business, facilitator.email)
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]
    assert not FacilitationConsent.objects.exists()


def test_a_facilitator_cannot_record_a_consent_as_given_by_the_owner_in_kriya(
    client, regions, facilitator
):
    from .test_facilitation import register

    response = register(client, facilitator, method="owner_online")
    assert response.status_code == 200
    assert 'value="owner_online"' not in response.text
    assert not FacilitationConsent.objects.exists()
