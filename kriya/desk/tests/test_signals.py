"""The desk tells the layers above of each move of a request by an explicit signal sent
by its service inside the transaction (kriya/desk/signals.py); the integrators'
webhooks (kriya.hooks) record a delivery from it."""

import pytest
from django.db import transaction

from kriya.accounts.models import Role
from kriya.core.workflow import InvalidTransition
from kriya.desk import services
from kriya.desk.signals import request_status_changed
from kriya.hooks import services as hooks
from kriya.hooks.events import Event
from kriya.hooks.models import Delivery


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    request_status_changed.connect(receiver, dispatch_uid="test.heard")
    yield calls
    request_status_changed.disconnect(dispatch_uid="test.heard")


def test_each_move_is_announced_with_both_statuses(make_request, desk, heard):
    request = make_request("submitted")
    services.transition_request(request=request, action="review", by=desk)
    [call] = heard
    assert call["request"].pk == request.pk and call["action"] == "review"
    assert (call["from_status"], call["to_status"]) == ("submitted", "in_review")
    assert call["by"] == desk


def test_a_refused_move_announces_nothing(make_request, owner, heard):
    request = make_request("submitted")
    with pytest.raises(InvalidTransition):
        services.transition_request(request=request, action="accept", by=owner)
    assert heard == []


def test_a_subscriber_gets_a_delivery_after_commit(
    make_request,
    desk,
    make_user,
    agency,
    member,
    settings,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from kriya.hooks import delivery

    settings.KRIYA_WEBHOOKS = True
    admin = member(make_user("admin@agency.test"), agency, Role.ADMINISTRATOR)
    hooks.create_subscriber(
        name="Dinas",
        url="https://dinas.example.test/",
        events=[Event.REQUEST_STATUS_CHANGED],
        owner=admin,
        by=admin,
    )
    sent = []
    monkeypatch.setattr(
        delivery, "post", lambda url, body, headers: sent.append(body) or delivery.Response(200)
    )
    request = make_request("submitted")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.transition_request(request=request, action="review", by=desk)
        assert sent == []  # not before commit
    record = Delivery.objects.get()
    assert record.payload["request"]["status"] == "in_review"
    assert record.payload["request"]["business_nib"] == request.business.nib
    assert len(sent) == 1
    record.refresh_from_db()
    assert record.status == "delivered"
