import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import override_settings
from django.urls import include, path


def test_healthz_answers_ok_without_the_database(client):
    # No `db` fixture: any database access in this request would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_home_is_public_and_in_indonesian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="id"' in response.text
    assert "Lewati ke konten" in response.text
    assert "<main" in response.text and "<nav" in response.text


@pytest.mark.django_db
def test_language_switch_turns_the_page_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.text
    assert "Skip to content" in response.text


@pytest.mark.django_db
def test_404_page_is_friendly_in_both_languages(client):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    client.cookies["django_language"] = "en"
    response = client.get("/tidak-ada/")
    assert "Page not found" in response.text


@login_not_required
def boom(request):
    raise RuntimeError("secret internal detail")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("forbidden/", forbidden), path("", include("config.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_never_shows_a_traceback(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_in_english(client):
    client.raise_request_exception = False
    client.cookies["django_language"] = "en"
    response = client.get("/boom/")
    assert "Something went wrong" in response.text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_403_page_is_friendly(client, make_user):
    make_user("a@example.test")
    client.login(email="a@example.test", password="rahasia-kuat-123")
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.text
