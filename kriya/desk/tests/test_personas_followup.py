"""Every page and endpoint of items 5–9 refuses an anonymous visitor (pages: the login
page; API: 401), and a request's pages and endpoints answer 404 to a person of another
business or regency."""

import pytest

from kriya.desk import sponsorship
from kriya.desk.models import Notification

PAGES = [
    ("get", "/program-fasilitasi/"),
    ("get", "/program-fasilitasi/baru/"),
    ("post", "/program-fasilitasi/baru/"),
    ("get", "/program-fasilitasi/{programme}/"),
    ("post", "/permohonan/{request}/rekomendasi/"),
    ("post", "/permohonan/{request}/danai/"),
    ("post", "/permohonan/{request}/danai/{sponsorship}/tarik/"),
    ("get", "/permohonan/{completed}/survei/"),
    ("post", "/permohonan/{completed}/survei/"),
    ("post", "/permohonan/{request}/pengaduan/"),
    ("get", "/pengaduan/"),
    ("get", "/pengaduan/{complaint}/"),
    ("post", "/pengaduan/{complaint}/tindakan/handle/"),
    ("get", "/notifikasi/"),
    ("get", "/notifikasi/{notification}/buka/"),
    ("post", "/notifikasi/baca-semua/"),
]
API = [
    ("get", "/api/v1/programmes"),
    ("post", "/api/v1/programmes"),
    ("get", "/api/v1/programmes/{programme}"),
    ("get", "/api/v1/service-requests/{request}/sponsorship"),
    ("post", "/api/v1/service-requests/{request}/recommendations"),
    ("post", "/api/v1/service-requests/{request}/sponsorship"),
    ("post", "/api/v1/service-requests/{request}/sponsorship/withdraw"),
    ("get", "/api/v1/service-requests/{completed}/survey"),
    ("post", "/api/v1/service-requests/{completed}/survey"),
    ("get", "/api/v1/satisfaction-index"),
    ("get", "/api/v1/complaints"),
    ("post", "/api/v1/service-requests/{request}/complaints"),
    ("get", "/api/v1/complaints/{complaint}"),
    ("post", "/api/v1/complaints/{complaint}/actions/handle"),
    ("get", "/api/v1/notifications"),
    ("get", "/api/v1/notifications/unread-count"),
    ("post", "/api/v1/notifications/read-all"),
    ("post", "/api/v1/notifications/{notification}/read"),
]
# Pages and endpoints about one request: another business or regency gets 404.
OF_A_REQUEST = [
    (m, p) for m, p in PAGES + API if "{request}" in p or "{completed}" in p or "{complaint}" in p
]


@pytest.fixture
def ids(officer, owner, desk, make_request, make_complaint, programme):
    request = make_request("submitted")
    sponsored = sponsorship.sponsor_request(
        request=make_request("in_review"), programme=programme, by=officer
    )
    notification = Notification.objects.create(
        recipient=owner, request=request, event="service_request.accept", url="/"
    )
    return {
        "request": request.pk,
        "completed": make_request("completed").pk,
        "programme": programme.pk,
        "sponsorship": sponsored.pk,
        "complaint": make_complaint(request=request).pk,
        "notification": notification.pk,
    }


# Valid bodies, so that the API's checks of the payload do not answer first.
BODIES = {
    "/api/v1/programmes": {
        "unit": 1,
        "name": "P",
        "services": ["pengujian"],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "quota": 1,
    },
    "/recommendations": {"note": "Layak."},
    "/sponsorship": {"programme": 1},
    "/survey": {"scores": {f"u{i}": 4 for i in range(1, 10)}},
    "/complaints": {"subject": "a", "body": "b"},
}


def call(client, method, path):
    if method == "get":
        return client.get(path)
    if path.startswith("/api/"):
        body = next((b for end, b in BODIES.items() if path.endswith(end)), {})
        return client.post(path, body, content_type="application/json")
    return client.post(path, {})


@pytest.mark.parametrize(("method", "path"), PAGES, ids=[f"{m} {p}" for m, p in PAGES])
def test_pages_send_anonymous_to_log_in(method, path, client, ids):
    response = call(client, method, path.format(**ids))
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


@pytest.mark.parametrize(("method", "path"), API, ids=[f"{m} {p}" for m, p in API])
def test_the_api_answers_401_to_anonymous(method, path, client, ids):
    assert call(client, method, path.format(**ids)).status_code == 401


@pytest.mark.parametrize(
    ("method", "path"), OF_A_REQUEST, ids=[f"{m} {p}" for m, p in OF_A_REQUEST]
)
def test_another_business_or_regency_gets_not_found(method, path, client, personas, ids):
    for name in ("stranger", "other_officer"):
        client.force_login(personas[name])
        assert call(client, method, path.format(**ids)).status_code == 404, name
