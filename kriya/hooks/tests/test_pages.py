"""Administrators' pages: the adapters' status with "Uji koneksi", subscribers and
their deliveries. Only administrators; others 403, anonymous to the login page."""

import pytest
from django.utils import timezone

from kriya.core import adapters as marks
from kriya.core.models import AuditEvent
from kriya.hooks.events import Event
from kriya.hooks.models import Delivery, Subscriber

PAGES = ["/integrasi/", "/integrasi/webhook/", "/integrasi/webhook/baru/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_other_staff_may_not(client, desk_officer, url):
    client.force_login(desk_officer)
    assert client.get(url).status_code == 403


def test_an_owner_may_not_see_a_subscriber(client, make_user, administrator):
    subscriber = Subscriber.objects.create(
        name="X", url="https://x.test/", events=[], owner=administrator
    )
    client.force_login(make_user("owner@batik.test"))
    assert client.get(f"/integrasi/webhook/{subscriber.pk}/").status_code == 403


def test_the_status_page_lists_every_adapter_off_by_default(client, administrator):
    client.force_login(administrator)
    page = client.get("/integrasi/").text
    for label in ("OSS", "BPJPH", "SIMPONI", "WhatsApp", "Webhook"):
        assert label in page
    assert "Uji koneksi" not in page  # all off
    assert page.count("tidak aktif") == 5


def test_test_connection_calls_the_harmless_read_and_records_it(client, administrator, settings):
    settings.KRIYA_OSS_ADAPTER = "kriya.registry.adapters.oss.FakeOss"
    client.force_login(administrator)
    page = client.get("/integrasi/").text
    assert page.count("Uji koneksi") == 1
    response = client.post("/integrasi/uji/oss/", follow=True)
    assert "koneksi berhasil" in response.text
    assert marks.status("oss")["last_success"] is not None


def test_a_failing_connection_is_shown_with_its_error(client, administrator, settings, monkeypatch):
    from kriya.registry.adapters import oss

    settings.KRIYA_OSS_ADAPTER = "kriya.registry.adapters.oss.FakeOss"

    def broken(self):
        raise oss.OssError("timeout")

    monkeypatch.setattr(oss.FakeOss, "check", broken)
    client.force_login(administrator)
    response = client.post("/integrasi/uji/oss/", follow=True)
    assert "koneksi gagal" in response.text and "timeout" in response.text
    assert "OssError: timeout" in client.get("/integrasi/").text


def test_test_connection_is_a_post_for_administrators_only(client, desk_officer, administrator):
    client.force_login(desk_officer)
    assert client.post("/integrasi/uji/oss/").status_code == 403
    client.force_login(administrator)
    assert client.get("/integrasi/uji/oss/").status_code == 405
    assert client.post("/integrasi/uji/nothing/").status_code == 404


def test_an_administrator_registers_a_subscriber(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/integrasi/webhook/baru/",
        {
            "name": "E-katalog",
            "url": "https://ekatalog.example.test/kriya",
            "events": [Event.CERTIFICATE_GRANTED, Event.CERTIFICATE_WITHDRAWN],
            "owner_email": "admin@agency.test",
            "is_active": "on",
        },
    )
    subscriber = Subscriber.objects.get()
    assert response["Location"] == f"/integrasi/webhook/{subscriber.pk}/"
    assert subscriber.owner == administrator and len(subscriber.secret) > 30
    assert AuditEvent.objects.filter(verb="webhook.subscriber_created").exists()
    page = client.get(response["Location"]).text
    assert subscriber.secret in page and "Sertifikat dicabut" in page


def test_bad_input_is_said_at_the_field_and_nothing_saved(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/integrasi/webhook/baru/",
        {"name": "", "url": "ftp://x", "events": ["nope"], "owner_email": "nobody@x.test"},
    )
    assert response.status_code == 200
    assert "Tidak ada akun aktif dengan e-mail ini." in response.text
    assert not Subscriber.objects.exists()


def test_deliveries_are_listed_and_can_be_sent_again(client, administrator, settings):
    settings.KRIYA_WEBHOOKS = True
    subscriber = Subscriber.objects.create(
        name="X", url="http://127.0.0.1:9/", events=[Event.CERTIFICATE_GRANTED], owner=administrator
    )
    sent = Delivery.objects.create(
        subscriber=subscriber,
        event=Event.CERTIFICATE_GRANTED,
        payload={},
        status="given_up",
        attempts=11,
        last_error="HTTP 500",
    )
    client.force_login(administrator)
    page = client.get(f"/integrasi/webhook/{subscriber.pk}/").text
    assert "Gagal, tidak dicoba lagi" in page and "HTTP 500" in page
    response = client.post(f"/integrasi/webhook/pengiriman/{sent.pk}/kirim-ulang/")
    assert response.status_code == 302
    assert Delivery.objects.filter(redelivery_of=sent).exists()


def test_the_administrators_home_links_to_integrations(client, administrator):
    Subscriber.objects.create(
        name="Macet",
        url="https://x.test/",
        events=[],
        owner=administrator,
        paused_at=timezone.now(),
    )
    client.force_login(administrator)
    page = client.get("/beranda/").text
    assert 'href="/integrasi/"' in page and "Macet" in page
