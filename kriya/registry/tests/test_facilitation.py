"""A facilitator registers a business for its owner with a consent record; the owner
claims it by an invitation link, sees who filed what, and can revoke the consent."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kriya.core.models import AuditEvent
from kriya.registry import services
from kriya.registry.models import Business, ClaimInvitation, FacilitationConsent

from .factories import PDF_BYTES, image_bytes, next_nib
from .test_self_service import form_data


def consent_data(**extra):
    data = {
        "method": "in_person",
        "declared_by": "Siti Aminah",
        "declared_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(extra)
    return data


def register(client, facilitator, **extra):
    client.force_login(facilitator)
    return client.post(
        "/usaha-saya/dampingan/baru/", {**form_data(nib=next_nib()), **consent_data(**extra)}
    )


@pytest.fixture
def facilitated(client, regions, facilitator):
    register(client, facilitator)
    client.logout()
    return Business.objects.get(consents__facilitator=facilitator)


def invite(facilitator, business, email=""):
    return services.create_claim_invitation(business=business, by=facilitator, email=email)


def test_facilitator_registers_a_business_with_an_in_person_consent(client, regions, facilitator):
    response = register(client, facilitator)
    business = Business.objects.get()
    assert response.status_code == 302
    assert not services.has_owner(business)
    consent = business.consents.get()
    assert (consent.facilitator, consent.method, consent.declared_by) == (
        facilitator,
        "in_person",
        "Siti Aminah",
    )
    assert consent.is_active and not consent.statement
    assert AuditEvent.objects.for_object(business).filter(verb="business.consent_recorded")
    assert "Batik Dewi Rengganis" in client.get("/usaha-saya/").text


def test_a_signed_statement_is_checked_by_content_and_stored_privately(
    client, regions, facilitator, settings
):
    statement = SimpleUploadedFile("surat.pdf", PDF_BYTES, content_type="application/pdf")
    register(client, facilitator, method="signed_statement", statement=statement)
    consent = FacilitationConsent.objects.get()
    assert consent.statement.name and "surat" not in consent.statement.name
    assert consent.statement.storage.location == settings.STORAGES["private"]["OPTIONS"]["location"]
    assert not str(consent.statement.path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "statement",
    [
        None,
        SimpleUploadedFile("surat.pdf", b"bukan pdf sama sekali", content_type="application/pdf"),
        SimpleUploadedFile("surat.pdf", PDF_BYTES[:-7], content_type="application/pdf"),
        SimpleUploadedFile("surat.pdf", image_bytes("GIF"), content_type="application/pdf"),
        SimpleUploadedFile("surat.jpg", PDF_BYTES, content_type="image/jpeg"),
    ],
)
def test_a_signed_statement_must_be_a_real_pdf_jpeg_or_png(client, regions, facilitator, statement):
    extra = {"method": "signed_statement"}
    if statement is not None:
        extra["statement"] = statement
    response = register(client, facilitator, **extra)
    assert response.status_code == 200
    assert 'id="id_statement_error"' in response.text
    assert not Business.objects.exists()


def test_a_png_statement_is_accepted_whatever_its_declared_type(client, regions, facilitator):
    statement = SimpleUploadedFile("scan.png", image_bytes("PNG"), content_type="application/pdf")
    register(client, facilitator, method="signed_statement", statement=statement)
    assert FacilitationConsent.objects.get().statement


def test_consent_in_the_future_is_refused(client, regions, facilitator):
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = register(client, facilitator, declared_at=later)
    assert 'id="id_declared_at_error"' in response.text
    assert not Business.objects.exists()


def test_only_facilitators_register_on_behalf_of_others(client, regions, owner, officer):
    for user in (owner, officer):
        client.force_login(user)
        assert client.get("/usaha-saya/dampingan/baru/").status_code == 403


def test_invitation_token_is_shown_once_and_stored_hashed(client, facilitator, facilitated):
    client.force_login(facilitator)
    response = client.post(f"/usaha-saya/{facilitated.pk}/undangan/", {"email": ""})
    assert response.status_code == 200
    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = ClaimInvitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_invitation_to_an_address_is_mailed(
    client, facilitator, facilitated, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/usaha-saya/{facilitated.pk}/undangan/", {"email": "Siti@Example.test"})
    assert mail.outbox[-1].to == ["siti@example.test"]
    assert "/klaim/" in mail.outbox[-1].body


def test_owner_claims_with_the_link_and_takes_over(client, make_user, facilitator, facilitated):
    _invitation, token = invite(facilitator, facilitated)
    siti = make_user("siti@example.test", full_name="Siti Aminah")
    client.force_login(siti)
    page = client.get(f"/klaim/{token}/")
    assert page.status_code == 200 and facilitated.name in page.text
    response = client.post(f"/klaim/{token}/")
    assert response.status_code == 302 and response["Location"] == f"/usaha-saya/{facilitated.pk}/"
    assert services.has_owner(facilitated)
    assert client.get(f"/usaha-saya/{facilitated.pk}/").status_code == 200
    assert AuditEvent.objects.for_object(facilitated).get(verb="business.claimed").actor == siti
    # The link is spent.
    client.force_login(make_user("lain@example.test"))
    assert client.post(f"/klaim/{token}/").status_code == 410


def test_anonymous_visitor_is_sent_to_log_in_and_back(client, facilitator, facilitated):
    _invitation, token = invite(facilitator, facilitated)
    response = client.get(f"/klaim/{token}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/?next=/klaim/")


def test_expired_unknown_foreign_and_own_invitations_are_refused(
    client, make_user, facilitator, facilitated
):
    invitation, token = invite(facilitator, facilitated, email="siti@example.test")
    other = make_user("bukan-siti@example.test")
    client.force_login(other)
    assert client.post(f"/klaim/{token}/").status_code == 403  # another address
    client.force_login(facilitator)
    assert client.post(f"/klaim/{token}/").status_code == 403  # the facilitator themself
    assert client.get("/klaim/tidak-ada/").status_code == 404
    ClaimInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    client.force_login(make_user("siti@example.test"))
    assert client.post(f"/klaim/{token}/").status_code == 410
    assert not services.has_owner(facilitated)


def test_a_new_invitation_replaces_the_old_one(client, make_user, facilitator, facilitated):
    _first, old = invite(facilitator, facilitated)
    _second, new = invite(facilitator, facilitated)
    client.force_login(make_user("siti@example.test"))
    assert client.post(f"/klaim/{old}/").status_code == 410
    assert client.post(f"/klaim/{new}/").status_code == 302


def test_no_invitation_once_the_owner_has_claimed(make_user, facilitator, facilitated):
    from django.core.exceptions import ValidationError

    _invitation, token = invite(facilitator, facilitated)
    services.claim_business(token=token, by=make_user("siti@example.test"))
    with pytest.raises(ValidationError):
        invite(facilitator, facilitated)


def test_facilitator_keeps_access_only_while_consent_is_active(
    client, make_user, facilitator, facilitated
):
    _invitation, token = invite(facilitator, facilitated)
    siti = make_user("siti@example.test")
    services.claim_business(token=token, by=siti)
    client.force_login(facilitator)
    assert client.get(f"/usaha-saya/{facilitated.pk}/").status_code == 200
    consent = facilitated.consents.get()
    client.force_login(siti)
    response = client.post(f"/usaha-saya/{facilitated.pk}/persetujuan/{consent.pk}/cabut/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    client.force_login(facilitator)
    assert client.get(f"/usaha-saya/{facilitated.pk}/").status_code == 404
    response = client.post(f"/usaha-saya/{facilitated.pk}/", {"action": "submit"})
    assert response.status_code == 404
    event = AuditEvent.objects.for_object(facilitated).get(verb="business.consent_revoked")
    assert event.actor == siti


def test_another_owner_cannot_revoke(client, other_owner, other_business, facilitator, facilitated):
    consent = facilitated.consents.get()
    client.force_login(other_owner)
    response = client.post(f"/usaha-saya/{facilitated.pk}/persetujuan/{consent.pk}/cabut/")
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.is_active


def test_owner_sees_who_filed_what(client, make_user, facilitator, facilitated):
    services.create_product(
        business=facilitated,
        data={"name": "Selendang Bromo", "sector": "batik", "technique": "cap", "price": 200_000},
        by=facilitator,
    )
    _invitation, token = invite(facilitator, facilitated)
    siti = make_user("siti@example.test", full_name="Siti Aminah")
    services.claim_business(token=token, by=siti)
    client.force_login(siti)
    page = client.get(f"/usaha-saya/{facilitated.pk}/riwayat/").text
    assert "Pendamping APBBA" in page
    assert "mendaftarkan usaha" in page and "mencatat persetujuan pendampingan" in page
    assert "menambah produk" in page and "Selendang Bromo" in page
    assert "mengklaim usaha" in page and "Siti Aminah" in page


# --- The signed statement download ------------------------------------------------


@pytest.fixture
def with_statement(client, regions, facilitator):
    statement = SimpleUploadedFile("surat", PDF_BYTES, content_type="image/jpeg")
    register(client, facilitator, method="signed_statement", statement=statement)
    client.logout()
    consent = FacilitationConsent.objects.get()
    return consent.business, consent


def statement_url(business, consent):
    return f"/usaha/{business.pk}/persetujuan/{consent.pk}/surat/"


def test_the_statement_downloads_as_an_attachment_typed_by_content(
    client, facilitator, officer, with_statement
):
    business, consent = with_statement
    for user in (facilitator, officer):
        client.force_login(user)
        response = client.get(statement_url(business, consent))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"  # sent as image/jpeg, but a PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_statement_is_not_for_others(
    client, other_owner, other_business, other_officer, desk, with_statement
):
    business, consent = with_statement
    url = statement_url(business, consent)
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    client.force_login(desk)  # sees the business, but not the personal statement
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_statement_is_not_for_the_trainer_nor_the_lab(
    client, make_user, agency, member, with_statement
):
    # docs/document-access.md: agency roles other than administrators never read it.
    from kriya.accounts.models import Role

    business, consent = with_statement
    for role in (Role.TRAINER, Role.ANALYST, Role.HEAD):
        client.force_login(member(make_user(f"{role}@agency.test"), agency, role))
        assert client.get(statement_url(business, consent)).status_code == 403
