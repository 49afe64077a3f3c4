"""Every response carries the Content-Security-Policy and the Permissions-Policy."""

import pytest

from kriya.accounts.models import Role
from kriya.core.permissions_policy import header_value

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"][:2] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_a_public_page_has_the_strict_policy(client):
    response = client.get("/")

    assert response.status_code == 200
    assert_strict_policy(response)


def test_a_logged_in_page_has_the_strict_policy(client, desk):
    client.force_login(desk)

    response = client.get("/permohonan/antrean/")

    assert response.status_code == 200
    assert_strict_policy(response)


def test_the_admin_has_the_strict_policy(client, make_user, agency, member):
    admin = member(make_user("admin@agency.test", is_staff=True), agency, Role.ADMINISTRATOR)
    client.force_login(admin)

    response = client.get("/admin/ops/jobrun/")

    assert response.status_code == 200
    assert_strict_policy(response)


def test_an_api_response_has_the_strict_policy(client):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert_strict_policy(response)


def test_the_api_docs_have_the_strict_policy(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert_strict_policy(response)


def test_media_from_object_storage_is_allowed_by_its_origin():
    from config.settings import _origin

    assert _origin("https://files.kriya.example/media/") == "https://files.kriya.example"
    assert _origin("/media/") is None


def features(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


def test_a_normal_page_allows_no_camera_microphone_or_location(client):
    policy = features(client.get("/"))

    assert policy["camera"] == "()"
    assert policy["microphone"] == "()"
    assert policy["geolocation"] == "()"


def test_the_scanner_page_allows_the_camera_for_this_origin_only(client):
    policy = features(client.get("/verifikasi/"))

    assert policy["camera"] == "(self)"
    assert policy["microphone"] == "()"
    assert policy["geolocation"] == "()"


def test_the_lab_sample_lookup_scans_too(client, make_user, agency, member):
    analyst = member(make_user("analis@agency.test"), agency, Role.ANALYST)
    client.force_login(analyst)

    response = client.get("/lab/contoh/")

    assert response.status_code == 200
    assert features(response)["camera"] == "(self)"


def test_the_header_denies_every_listed_feature_by_default():
    assert "camera=()" in header_value()
    assert "camera=(self)" in header_value(camera=True)
