"""Signing keys: made on first use, stored encrypted, rotated without breaking old documents."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction

from kriya.core.models import AuditEvent
from kriya.verify import keystore, services
from kriya.verify.keyring import b64url, raw_public
from kriya.verify.models import KeyStatus, SigningKey
from kriya.verify.queries import check


def test_the_first_document_creates_the_first_key(issue):
    assert not SigningKey.objects.exists()
    document = issue()
    key = SigningKey.objects.get()
    assert key.status == KeyStatus.ACTIVE
    assert document.signed_with == key
    assert AuditEvent.objects.filter(verb="signing_key.created").count() == 1


def test_the_private_key_is_stored_encrypted(db):
    key = services.active_signing_key()
    private = keystore.unseal(key.private_key)
    raw = private.private_bytes_raw()
    assert b64url(raw) not in key.private_key
    assert raw.hex() not in key.private_key
    assert b64url(raw_public(private.public_key())) == key.public_key


def test_the_dedicated_secret_is_used_before_the_secret_key(db, settings):
    settings.KRIYA_SIGNING_KEY_SECRET = "a-separate-secret"
    key = services.active_signing_key()
    settings.SECRET_KEY = "rotated-django-secret"
    assert keystore.unseal(key.private_key)  # still opens
    settings.KRIYA_SIGNING_KEY_SECRET = "another-secret"
    with pytest.raises(ImproperlyConfigured, match="rotate"):
        keystore.unseal(key.private_key, kid=key.kid)


def test_only_one_key_can_be_active(db):
    services.active_signing_key()
    with pytest.raises(IntegrityError), transaction.atomic():
        services.create_signing_key(by=None)


def test_rotation_retires_the_old_key_and_old_documents_still_verify(issue, admin_user):
    old_document = issue()
    old_key = old_document.signed_with
    new_key = services.rotate_signing_key(by=admin_user)
    old_key.refresh_from_db()
    assert old_key.status == KeyStatus.RETIRED and old_key.retired_at
    assert new_key.status == KeyStatus.ACTIVE and new_key.kid != old_key.kid
    new_document = issue()
    assert new_document.signed_with == new_key
    assert check(old_document.payload).found[0].verdict == "valid"
    assert check(new_document.payload).found[0].verdict == "valid"
    assert AuditEvent.objects.filter(verb="signing_key.retire", actor=admin_user).exists()


def test_only_administrators_rotate(db, decision_maker):
    services.active_signing_key()
    with pytest.raises(PermissionDenied):
        services.rotate_signing_key(by=decision_maker)
    assert SigningKey.objects.filter(status=KeyStatus.ACTIVE).count() == 1
    assert SigningKey.objects.count() == 1


def test_the_management_command_creates_and_rotates(db, capsys):
    call_command("signing_keys")
    first = SigningKey.objects.get()
    call_command("signing_keys")
    assert SigningKey.objects.count() == 1
    call_command("signing_keys", "--rotate")
    out = capsys.readouterr().out
    assert SigningKey.objects.count() == 2
    assert first.kid in out and "retired" in out
    assert SigningKey.objects.get(status=KeyStatus.ACTIVE).kid in out
