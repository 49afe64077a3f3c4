"""The notification pages and API: each person sees only their own notices, with the
unread count in the nav; opening one marks it read and leads to the request."""

import pytest

from kriya.desk.models import Notification

API = "/api/v1"


@pytest.fixture
def notice(owner, make_request, desk):
    request = make_request("accepted")
    return Notification.objects.create(
        recipient=owner,
        request=request,
        event="service_request.accept",
        actor=desk,
        url=f"/permohonan/{request.pk}/",
    )


def test_the_nav_counts_the_unread_notices(client, owner, notice):
    client.force_login(owner)
    page = client.get("/permohonan/").text
    assert 'class="badge warn unread-count">1<' in page


def test_the_unread_count_is_live_while_the_menu_is_stored(client, owner, notice):
    """The menu is kept between requests (kriya_menu); the count beside it is not."""
    client.force_login(owner)
    assert 'unread-count">1<' in client.get("/permohonan/").text
    Notification.objects.create(
        recipient=owner, request=notice.request, event="service_request.accept", url="/"
    )
    assert 'unread-count">2<' in client.get("/permohonan/").text
    client.post("/notifikasi/baca-semua/")
    assert "unread-count" not in client.get("/permohonan/").text


def test_the_list_shows_the_notice(client, owner, notice):
    client.force_login(owner)
    page = client.get("/notifikasi/").text
    assert "Diterima" in page and notice.request.number in page
    assert f"/notifikasi/{notice.pk}/buka/" in page


def test_opening_marks_read_and_leads_to_the_request(client, owner, notice):
    client.force_login(owner)
    response = client.get(f"/notifikasi/{notice.pk}/buka/")
    assert response.status_code == 302 and response["Location"] == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "unread-count" not in client.get("/permohonan/").text


def test_marking_all_read(client, owner, notice):
    client.force_login(owner)
    assert client.post("/notifikasi/baca-semua/").status_code == 302
    assert not Notification.objects.unread().exists()


def test_another_persons_notice_is_not_found(client, stranger, notice):
    client.force_login(stranger)
    assert client.get(f"/notifikasi/{notice.pk}/buka/").status_code == 404
    assert notice.request.number not in client.get("/notifikasi/").text
    client.post("/notifikasi/baca-semua/")
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("path", ["/notifikasi/", "/notifikasi/1/buka/"])
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_the_api_lists_counts_and_marks_read(client, owner, notice):
    client.force_login(owner)
    assert client.get(f"{API}/notifications/unread-count").json() == {"unread": 1}
    body = client.get(f"{API}/notifications?unread=true").json()
    assert body["count"] == 1
    assert body["items"][0]["label"] == "Diterima"
    assert body["items"][0]["request_number"] == notice.request.number
    response = client.post(f"{API}/notifications/{notice.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get(f"{API}/notifications/unread-count").json() == {"unread": 0}


def test_the_api_keeps_notices_private(client, stranger, notice):
    client.force_login(stranger)
    assert client.get(f"{API}/notifications").json()["count"] == 0
    assert client.post(f"{API}/notifications/{notice.pk}/read").status_code == 404
    client.logout()
    assert client.get(f"{API}/notifications").status_code == 401
    assert client.get(f"{API}/notifications/unread-count").status_code == 401
    assert client.post(f"{API}/notifications/read-all").status_code == 401
    assert client.post(f"{API}/notifications/{notice.pk}/read").status_code == 401


def test_reading_all_over_the_api(client, owner, notice):
    client.force_login(owner)
    assert client.post(f"{API}/notifications/read-all").json() == {"unread": 0}
    notice.refresh_from_db()
    assert notice.read_at is not None
