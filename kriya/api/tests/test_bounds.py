"""Integers the database cannot hold are refused with a 422, never a 500.

Found by schemathesis before the API's integers were bounded (issue 12): an offset or
an id larger than a bigint reached the database, which failed ("Python int too large
to convert to SQLite INTEGER", "bigint out of range").
"""

import json

import pytest

TOO_LARGE = 99999999999999999999999
API = "/api/v1"


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.parametrize("path", ["/notifications", "/businesses", "/products", "/complaints"])
def test_an_offset_too_large_for_the_database_is_a_422(signed_in, path):
    response = signed_in.get(f"{API}{path}?offset={TOO_LARGE}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"][0]["field"].endswith("offset")


@pytest.mark.parametrize("path", ["/notifications", "/businesses", "/products"])
def test_a_page_as_large_as_allowed_is_an_empty_page(signed_in, path):
    response = signed_in.get(f"{API}{path}?offset={2**31 - 1}&limit=1")
    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/certification/evaluations/1/decision", {"outcome": "grant", "products": [TOO_LARGE]}),
        (
            "/certification/evaluations/1/recommendation",
            {"outcome": "grant", "products": [TOO_LARGE]},
        ),
        (
            "/certification/evaluations/1/samplings",
            {"description": "x", "place": "x", "taken_on": "2026-01-05", "product": TOO_LARGE},
        ),
    ],
)
def test_a_product_id_too_large_for_the_database_is_a_422(signed_in, path, body):
    response = signed_in.post(f"{API}{path}", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert "products" in response.content.decode() or "product" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/businesses/{}", "/products/{}", "/service-requests/{}", "/complaints/{}"]
)
def test_an_id_too_large_for_the_database_is_a_422(signed_in, path):
    response = signed_in.get(API + path.format(TOO_LARGE))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_an_id_as_large_as_the_database_holds_is_a_plain_404(signed_in):
    response = signed_in.get(f"{API}/businesses/{2**63 - 1}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_business_id_that_is_not_a_number_is_a_422_in_the_error_format(signed_in):
    response = signed_in.get(f"{API}/businesses/abc")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_an_outcome_outside_the_fixed_set_is_a_422(signed_in):
    response = signed_in.post(
        f"{API}/certification/evaluations/1/decision",
        json.dumps({"outcome": "maybe"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"].endswith("outcome")
