"""The integrations API: administrators only (403 for other staff, 401 anonymous)."""

import pytest

from kriya.hooks.models import Delivery, Subscriber

BASE = "/api/v1/integrations"


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/subscribers"), ("post", "/subscribers"), ("get", "/adapters")],
)
def test_anonymous_is_401(client, db, method, path):
    response = getattr(client, method)(BASE + path, content_type="application/json", data={})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path"), [("get", "/subscribers"), ("get", "/adapters")])
def test_other_staff_is_403(client, desk_officer, method, path):
    client.force_login(desk_officer)
    assert getattr(client, method)(BASE + path).status_code == 403


def test_an_administrator_registers_lists_and_redelivers(client, administrator, settings):
    client.force_login(administrator)
    response = client.post(
        BASE + "/subscribers",
        {
            "name": "E-katalog",
            "url": "https://e.example.test/hook",
            "events": ["certificate.granted"],
            "owner_email": "admin@agency.test",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"] and body["events"] == ["certificate.granted"]
    listed = client.get(BASE + "/subscribers").json()
    assert listed[0]["name"] == "E-katalog" and "secret" not in listed[0]

    subscriber = Subscriber.objects.get()
    sent = Delivery.objects.create(subscriber=subscriber, event="certificate.granted", payload={})
    deliveries = client.get(f"{BASE}/subscribers/{subscriber.pk}/deliveries").json()
    assert deliveries[0]["id"] == str(sent.pk)
    again = client.post(f"{BASE}/deliveries/{sent.pk}/redeliver")
    assert again.status_code == 200 and again.json()["event_id"] == str(sent.event_id)


def test_an_unknown_event_or_owner_is_refused(client, administrator):
    client.force_login(administrator)
    bad_event = client.post(
        BASE + "/subscribers",
        {
            "name": "X",
            "url": "https://x.test/",
            "events": ["nope"],
            "owner_email": "admin@agency.test",
        },
        content_type="application/json",
    )
    assert bad_event.status_code == 422
    bad_owner = client.post(
        BASE + "/subscribers",
        {
            "name": "X",
            "url": "https://x.test/",
            "events": ["certificate.granted"],
            "owner_email": "no@x.test",
        },
        content_type="application/json",
    )
    assert bad_owner.status_code == 422
    assert not Subscriber.objects.exists()


def test_the_adapters_are_listed(client, administrator):
    client.force_login(administrator)
    names = [a["name"] for a in client.get(BASE + "/adapters").json()]
    assert names == ["oss", "bpjph", "simponi", "whatsapp", "webhooks"]
