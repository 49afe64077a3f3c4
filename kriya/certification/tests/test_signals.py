"""Certification tells the layers above of a certificate granted, suspended, reinstated
or withdrawn by an explicit signal sent by its services (kriya/certification/signals.py);
the integrators' webhooks record a delivery from each."""

import pytest

from kriya.certification import services
from kriya.certification.signals import certificate_changed
from kriya.hooks import services as hooks
from kriya.hooks.models import Delivery


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append((kwargs["change"], kwargs["certificate"].pk, kwargs["reason"]))

    certificate_changed.connect(receiver, dispatch_uid="test.heard")
    yield calls
    certificate_changed.disconnect(dispatch_uid="test.heard")


def test_granted_suspended_reinstated_withdrawn_are_announced(flow, decision_maker, heard):
    certificate = flow.certificate(decision_maker)
    for action in ("suspend", "reinstate", "withdraw"):
        services.change_certificate_status(
            certificate=certificate, action=action, reason="Alasan", by=decision_maker
        )
    assert [c[0] for c in heard] == ["granted", "suspended", "reinstated", "withdrawn"]
    assert {c[1] for c in heard} == {certificate.pk}


def test_a_subscriber_of_withdrawals_gets_one(
    flow, decision_maker, administrator, settings, monkeypatch
):
    from kriya.hooks import delivery

    settings.KRIYA_WEBHOOKS = True
    monkeypatch.setattr(delivery, "post", lambda *a: delivery.Response(200))
    hooks.create_subscriber(
        name="E-katalog",
        url="https://e.example.test/",
        events=["certificate.withdrawn"],
        owner=administrator,
        by=administrator,
    )
    certificate = flow.certificate(decision_maker)
    assert not Delivery.objects.exists()  # granted: not subscribed
    services.change_certificate_status(
        certificate=certificate, action="withdraw", reason="Tidak diperbaiki", by=decision_maker
    )
    record = Delivery.objects.get()
    assert record.event == "certificate.withdrawn"
    assert record.payload["certificate"]["number"] == certificate.number
    assert record.payload["certificate"]["status"] == "withdrawn"
    assert record.payload["reason"] == "Tidak diperbaiki"
