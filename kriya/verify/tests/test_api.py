"""The verification API: public, and the same verdicts as the page."""

import json

import pytest

from kriya.verify.services import set_document_status


@pytest.fixture
def suspended(issue):
    document = issue(number="C/1")
    set_document_status(document=document, action="suspend", reason="x", by=None)
    return document


def test_anonymous_verifies_a_payload_by_get_and_post(client, suspended):
    got = client.get("/api/v1/verify", {"q": suspended.payload})
    posted = client.post(
        "/api/v1/verify", json.dumps({"q": suspended.payload}), content_type="application/json"
    )
    for response in (got, posted):
        assert response.status_code == 200
        result = response.json()["results"][0]
        assert result["verdict"] == "suspended"
        assert result["title"] == "Dibekukan"
        assert result["document"]["number"] == "C/1"
        assert result["status_checked"] is True


def test_a_number_and_its_type_are_verified(client, issue):
    issue(number="2026/1")
    issue(number="2026/1", doc_type="test_report")
    both = client.get("/api/v1/verify", {"q": "2026/1"}).json()["results"]
    assert [r["document"]["doc_type"] for r in both] == ["certificate", "test_report"]
    one = client.get("/api/v1/verify", {"q": "2026/1", "doc_type": "test_report"}).json()
    assert [r["document"]["doc_type"] for r in one["results"]] == ["test_report"]


def test_unknown_input_is_not_registered_without_details(client, db):
    result = client.get("/api/v1/verify", {"q": "nothing"}).json()["results"][0]
    assert result == {
        "verdict": "not_registered",
        "title": "Tidak terdaftar",
        "message": "Kode atau nomor ini tidak terdaftar di Kriya.",
        "status_checked": False,
        "key_revoked_since": None,
        "document": None,
        "superseded_by": None,
    }


def test_a_superseded_document_names_its_successor(client, issue):
    old = issue(number="SHU/1", doc_type="test_report")
    new = issue(number="SHU/2", doc_type="test_report", supersedes=old, reason="Koreksi")
    result = client.get("/api/v1/verify", {"q": old.payload}).json()["results"][0]
    assert result["verdict"] == "superseded"
    assert result["superseded_by"] == new.url


def test_an_empty_query_gets_the_json_error_format(client, db):
    response = client.get("/api/v1/verify", {"q": " "})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
