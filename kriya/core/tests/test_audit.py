import pytest

from kriya.core import audit
from kriya.core.models import AppendOnlyError, AuditEvent


def test_record_stores_actor_verb_object_and_data(make_user):
    alice = make_user("alice@example.test")
    event = audit.record(actor=alice, verb="thing.done", obj=alice, data={"n": 1})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.verb, stored.object_id, stored.data) == (
        alice,
        "thing.done",
        str(alice.pk),
        {"n": 1},
    )
    assert list(AuditEvent.objects.for_object(alice)) == [stored]


def test_audit_event_cannot_be_changed(make_user):
    event = audit.record(actor=None, verb="x", data={})
    event.verb = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).verb == "x"


def test_audit_event_cannot_be_deleted_one_by_one_or_in_bulk(db):
    event = audit.record(actor=None, verb="x")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(verb="z")
    assert AuditEvent.objects.filter(verb="x").count() == 1


def test_request_id_from_header_reaches_the_audit_event(client, make_user):
    make_user("alice@example.test")
    client.login(email="alice@example.test", password="rahasia-kuat-123")
    response = client.post(
        "/profil/",
        {"full_name": "Alice", "phone": "", "language": "id"},
        HTTP_X_REQUEST_ID="req-12345",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-12345"
    assert AuditEvent.objects.get(verb="account.profile_updated").request_id == "req-12345"


def test_anonymous_actor_is_stored_as_system(db):
    from django.contrib.auth.models import AnonymousUser

    event = audit.record(actor=AnonymousUser(), verb="x")
    assert event.actor is None
