import json

import pytest
from django.test import Client

from kriya.api.models import ApiToken
from kriya.core.models import AuditEvent


@pytest.fixture
def token(officer):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="OSS", user=officer, prefix=prefix, key_hash=key_hash)
    return raw


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/me" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn." not in docs.text


@pytest.mark.django_db
def test_anonymous_gets_401_in_the_json_error_format(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_token_authenticates_as_its_user(client, token, officer):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == officer.email
    assert body["memberships"][0]["regency"] == "35.13"


def test_tokens_are_stored_hashed(token):
    stored = ApiToken.objects.get()
    assert token not in (stored.key_hash, stored.prefix)
    assert stored.key_hash != token and len(stored.key_hash) == 64


def test_wrong_or_revoked_token_gets_401(client, token):
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer kry_wrong").status_code == 401
    ApiToken.objects.get().revoke()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_session_writes_need_the_csrf_token(officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = browser.patch(
        "/api/v1/me", json.dumps({"full_name": "X"}), content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert "error" in response.json()
    browser.get("/profil/")  # sets the csrftoken cookie
    csrf = browser.cookies["csrftoken"].value
    response = browser.patch(
        "/api/v1/me",
        json.dumps({"full_name": "Oki Baru"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Oki Baru"
    assert AuditEvent.objects.filter(verb="account.profile_updated").exists()


def test_validation_errors_use_the_same_format(client, token):
    response = client.patch(
        "/api/v1/me",
        json.dumps({"language": "fr"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["field"].endswith("language")
