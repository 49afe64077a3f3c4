"""Revoking a compromised signing key: the service, the page's verdicts before and after
the compromise, the published keys, the admin page and the command."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.verify import keystore, payload, services
from kriya.verify.models import IssuedDocument, KeyStatus, SigningKey
from kriya.verify.queries import check

from .conftest import make_claims


def issued_an_hour_ago(issue, monkeypatch, **fields):
    an_hour_ago = time.time() - 3600
    with monkeypatch.context() as clock:
        clock.setattr(payload.time, "time", lambda: an_hour_ago)
        return issue(**fields)


def half_an_hour_ago():
    return timezone.now() - timedelta(minutes=30)


@pytest.fixture
def leaked(issue, monkeypatch):
    """The active key signed one document an hour ago and one just now; it leaked half
    an hour ago."""
    before = issued_an_hour_ago(issue, monkeypatch, number="C/BEFORE")
    IssuedDocument.objects.filter(pk=before.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    after = issue(number="C/AFTER")
    return before.signed_with, before, after


def verdict(text):
    return check(text).found[0].verdict


def test_revoking_the_active_key_makes_a_new_active_key(leaked, admin_user):
    key, _, _ = leaked
    services.revoke_signing_key(
        key=key, reason="Laptop hilang", compromised_at=half_an_hour_ago(), by=admin_user
    )
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED
    assert key.revoked_at and key.compromised_at and key.revocation_reason == "Laptop hilang"
    successor = SigningKey.objects.get(status=KeyStatus.ACTIVE)
    assert successor != key
    event = AuditEvent.objects.get(verb="signing_key.revoke")
    assert event.actor == admin_user
    assert event.data["reason"] == "Laptop hilang"
    assert event.data["documents_to_reissue"] == 1


def test_revoking_a_retired_key_leaves_the_active_key_alone(issue, admin_user):
    old = issue().signed_with
    current = services.rotate_signing_key(by=admin_user)
    services.revoke_signing_key(
        key=old, reason="Cadangan bocor", compromised_at=half_an_hour_ago(), by=admin_user
    )
    assert list(SigningKey.objects.filter(status=KeyStatus.ACTIVE)) == [current]


def test_documents_before_the_compromise_verify_and_after_it_are_key_revoked(leaked, client):
    key, before, after = leaked
    services.revoke_signing_key(key=key, reason="x", compromised_at=half_an_hour_ago(), by=None)
    assert verdict(before.payload) == "valid"
    assert verdict(after.payload) == "key_revoked"
    assert verdict(after.number) == "key_revoked"  # typed number: its stored payload
    page = client.get("/verifikasi/", {"q": after.payload})
    assert "Kunci penanda tangan dicabut" in page.text
    assert "Batik Sekar Jagad" not in page.text
    page = client.get("/verifikasi/", {"q": before.payload})
    assert "Sah" in page.text and "tetap sah" in page.text


def test_new_documents_are_signed_by_the_new_key_and_verify(leaked, issue):
    key, _, _ = leaked
    services.revoke_signing_key(key=key, reason="x", compromised_at=half_an_hour_ago(), by=None)
    fresh = issue(number="C/FRESH")
    assert fresh.signed_with.status == KeyStatus.ACTIVE and fresh.signed_with != key
    assert verdict(fresh.payload) == "valid"


def test_a_forgery_dated_before_the_compromise_is_refused_online(leaked):
    """Whoever stole the key can put any signing time in a payload: online the register
    tells a genuine older document from a forgery."""
    key, before, _ = leaked
    services.revoke_signing_key(key=key, reason="x", compromised_at=half_an_hour_ago(), by=None)
    stolen = keystore.unseal(key.private_key)
    two_hours_ago = int(time.time()) - 7200
    forged_new = payload.sign(
        make_claims(number="C/FORGED", issuer=""), stolen, key.kid, issued_at=two_hours_ago
    )
    forged_copy = payload.sign(
        make_claims(number=before.number, holder_name="Pemalsu", issuer=""),
        stolen,
        key.kid,
        issued_at=two_hours_ago,
    )
    assert verdict(forged_new) == "key_revoked"
    assert verdict(forged_copy) == "key_revoked"
    assert verdict(before.payload) == "valid"


def test_the_keys_file_says_which_key_is_revoked_and_since_when(leaked, client):
    key, _, _ = leaked
    compromised = half_an_hour_ago().replace(microsecond=0)
    services.revoke_signing_key(key=key, reason="rahasia", compromised_at=compromised, by=None)
    body = client.get("/.well-known/kriya-keys.json").json()
    entries = {entry["kid"]: entry for entry in body["keys"]}
    assert entries[key.kid]["status"] == "revoked"
    assert entries[key.kid]["compromised"] == compromised.isoformat()
    assert entries[key.kid]["revoked"]
    assert "rahasia" not in str(body)  # the reason stays internal
    assert sorted(e["status"] for e in body["keys"]) == ["active", "revoked"]


def test_only_administrators_revoke(leaked, decision_maker):
    key, _, _ = leaked
    with pytest.raises(PermissionDenied):
        services.revoke_signing_key(
            key=key, reason="x", compromised_at=half_an_hour_ago(), by=decision_maker
        )
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE


def test_a_revocation_needs_a_reason_and_a_compromise_time_not_in_the_future(leaked):
    key, _, _ = leaked
    with pytest.raises(ValidationError) as error:
        services.revoke_signing_key(key=key, reason=" ", compromised_at=half_an_hour_ago(), by=None)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.revoke_signing_key(
            key=key, reason="x", compromised_at=timezone.now() + timedelta(hours=1), by=None
        )
    assert "compromised_at" in error.value.message_dict
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE
    assert SigningKey.objects.count() == 1


def test_a_revoked_key_cannot_be_revoked_again(leaked):
    key, _, _ = leaked
    services.revoke_signing_key(key=key, reason="x", compromised_at=half_an_hour_ago(), by=None)
    with pytest.raises(InvalidTransition):
        services.revoke_signing_key(key=key, reason="y", compromised_at=half_an_hour_ago(), by=None)
    assert SigningKey.objects.filter(status=KeyStatus.ACTIVE).count() == 1


def test_the_management_command_revokes(leaked, capsys):
    key, before, after = leaked
    # The command reads a time without a zone as WIB, whatever zone an earlier test left active.
    when = half_an_hour_ago().astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%dT%H:%M:%S")
    call_command("signing_keys", "--revoke", key.kid, "--compromised-at", when, "--reason", "x")
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED
    assert "Revoked" in capsys.readouterr().out
    assert verdict(before.payload) == "valid" and verdict(after.payload) == "key_revoked"


# --- The admin page -------------------------------------------------------------------


def revoke_url(key):
    return f"/admin/verify/signingkey/{key.pk}/revoke/"


def form_data(**overrides):
    moment = timezone.localtime(half_an_hour_ago())
    return {"compromised_at": moment.strftime("%Y-%m-%dT%H:%M"), "reason": "Bocor", **overrides}


def test_an_administrator_revokes_from_the_admin(client, admin_user, leaked):
    key, before, after = leaked
    client.force_login(admin_user)
    listing = client.get("/admin/verify/signingkey/")
    assert revoke_url(key) in listing.text
    page = client.get(revoke_url(key))
    assert page.status_code == 200 and key.kid in page.text
    response = client.post(revoke_url(key), form_data(), follow=True)
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.status == KeyStatus.REVOKED and key.revocation_reason == "Bocor"
    assert "Dokumen yang harus diterbitkan ulang: 1" in response.text
    assert SigningKey.objects.filter(status=KeyStatus.ACTIVE).exclude(pk=key.pk).exists()


def test_the_admin_form_refuses_a_compromise_in_the_future(client, admin_user, leaked):
    key, _, _ = leaked
    client.force_login(admin_user)
    future = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(revoke_url(key), form_data(compromised_at=future))
    assert response.status_code == 200
    assert "masa depan" in response.text
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE


@pytest.fixture
def staff_desk(make_user, agency, member):
    from kriya.accounts.models import Role

    return member(make_user("staff@agency.test", is_staff=True), agency, Role.DESK)


@pytest.mark.parametrize("persona", ["decision_maker", "staff_desk"])
def test_other_roles_cannot_revoke_from_the_admin(client, request, leaked, persona):
    key, _, _ = leaked
    user = request.getfixturevalue(persona)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(revoke_url(key)).status_code == 403
    assert client.post(revoke_url(key), form_data()).status_code == 403
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE


def test_anonymous_is_sent_to_the_login_and_revokes_nothing(client, leaked):
    key, _, _ = leaked
    response = client.post(revoke_url(key), form_data())
    assert response.status_code == 302 and "login" in response["Location"]
    key.refresh_from_db()
    assert key.status == KeyStatus.ACTIVE
