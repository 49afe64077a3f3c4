"""The registry API: scoped as the pages, validated by the same forms, errors in the
one JSON format."""

import json

import pytest

from kriya.api.models import ApiToken
from kriya.core.models import AuditEvent
from kriya.registry.models import Business, Product

from .factories import make_business, next_nib


def call(client, method, url, body=None, user=None, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if user is not None:
        client.force_login(user)
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
    return getattr(client, method)(f"/api/v1{url}", **kwargs, **headers)


def body(**extra):
    data = {
        "nib": "9120 0012 3456 7",
        "name": "Batik Selowati",
        "owner_name": "Selowati",
        "phone": "0812-3456-7890",
        "village": "35.13.20.2001",
        "kbli": "13134",
        "sector": "batik",
        "annual_sales": "Rp 1.500.000",
    }
    data.update(extra)
    return data


def test_owner_creates_a_business_with_values_as_typed(client, regions, owner):
    response = call(client, "post", "/businesses", body(), user=owner)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["nib"], data["phone"], data["kbli"]) == (
        "9120001234567",
        "+6281234567890",
        ["13134"],
    )
    assert (data["district"], data["regency"], data["size_class"]) == ("35.13.20", "35.13", "mikro")
    assert [a["action"] for a in data["actions"]] == ["submit"]
    assert Business.objects.get().organisation.memberships.get().user == owner


def test_validation_errors_are_the_pages_messages_in_the_json_format(client, regions, owner):
    response = call(
        client, "post", "/businesses", body(nib="123", phone="telepon", village="99"), user=owner
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    fields = {d["field"]: d["message"] for d in error["details"]}
    assert fields["nib"] == "NIB harus 13 digit angka."
    assert "phone" in fields and "village" in fields
    assert not Business.objects.exists()


def test_a_twelve_digit_nib_with_a_zero_fraction_is_refused(client, regions, owner):
    response = call(client, "post", "/businesses", body(nib="912000000000.0"), user=owner)
    assert response.status_code == 422
    fields = {d["field"]: d["message"] for d in response.json()["error"]["details"]}
    assert fields["nib"] == "NIB harus 13 digit angka."
    assert not Business.objects.exists()


def test_duplicate_nib_is_named_only_to_who_may_see_it(client, regions, owner, other_owner):
    theirs = make_business(other_owner, name="Batik Rahasia")
    response = call(client, "post", "/businesses", body(nib=theirs.nib), user=owner)
    message = {d["field"]: d["message"] for d in response.json()["error"]["details"]}["nib"]
    assert "Batik Rahasia" not in message and "usaha lain" in message
    response = call(client, "post", "/businesses", body(nib=theirs.nib), user=other_owner)
    message = {d["field"]: d["message"] for d in response.json()["error"]["details"]}["nib"]
    assert "Batik Rahasia" in message


def test_owner_updates_only_the_fields_sent(client, owner, business):
    response = call(
        client, "patch", f"/businesses/{business.pk}", {"capital": "1,5 juta"}, user=owner
    )
    assert response.status_code == 200
    business.refresh_from_db()
    assert business.capital == 1_500_000 and business.name == "Batik Prabulinggih"


def test_key_field_update_of_a_verified_business_sends_it_back(client, regions, owner, officer):
    business = make_business(owner, status="verified", officer=officer)
    response = call(client, "patch", f"/businesses/{business.pk}", {"nib": next_nib()}, user=owner)
    assert response.json()["status"] == "submitted"


def test_lifecycle_actions_follow_the_table(client, owner, officer, other_officer, business):
    url = f"/businesses/{business.pk}/actions"
    assert call(client, "post", url, {"action": "submit"}, user=owner).json()["status"] == (
        "submitted"
    )
    response = call(client, "post", url, {"action": "submit"}, user=owner)
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert call(client, "post", url, {"action": "verify"}, user=owner).status_code == 403
    assert call(client, "post", url, {"action": "verify"}, user=other_officer).status_code == 404
    response = call(client, "post", url, {"action": "return"}, user=officer)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "reason"
    response = call(client, "post", url, {"action": "verify"}, user=officer)
    assert response.status_code == 200 and response.json()["status"] == "verified"


def test_list_is_scoped_and_filtered_like_the_workspace(
    client, regions, owner, other_owner, officer, other_officer, desk
):
    make_business(owner, name="Batik Paiton")
    make_business(owner, name="Tenun Sukapura", village_id="35.13.01.2001", sector="tenun")
    make_business(other_owner, name="Batik Kota", village_id="35.74.01.1001")

    def names(user, **params):
        client.force_login(user)
        response = client.get("/api/v1/businesses", params)
        assert response.status_code == 200
        return [b["name"] for b in response.json()["items"]]

    assert names(officer) == ["Batik Paiton", "Tenun Sukapura"]
    assert names(officer, district="35.13.01") == ["Tenun Sukapura"]
    assert names(officer, sector="batik") == ["Batik Paiton"]
    assert names(other_officer) == ["Batik Kota"]
    assert names(owner, q="tenun") == ["Tenun Sukapura"]
    assert names(other_owner) == ["Batik Kota"]
    assert names(desk, regency="35.74") == ["Batik Kota"]


def test_a_bad_filter_is_refused_not_ignored(client, regions, officer):
    client.force_login(officer)
    response = client.get("/api/v1/businesses", {"status": "hilang"})
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == (
        "status"
    )


def test_facilitator_registers_on_behalf_with_an_in_person_consent(
    client, regions, facilitator, owner
):
    consent = {
        "method": "in_person",
        "declared_by": "Selowati",
        "declared_at": "2026-01-05T09:30:00+07:00",
    }
    response = call(client, "post", "/businesses", {**body(), "consent": consent}, user=facilitator)
    assert response.status_code == 201, response.content
    business = Business.objects.get()
    assert not business.organisation.memberships.exists()
    assert business.consents.get().facilitator == facilitator
    response = call(
        client, "post", "/businesses", {**body(nib=next_nib()), "consent": consent}, user=owner
    )
    assert response.status_code == 403


def test_products_create_update_list(client, owner, other_owner, other_business, business):
    response = call(
        client,
        "post",
        f"/businesses/{business.pk}/products",
        {"name": "Kain cap Bromo", "technique": "cap", "price": "Rp 350.000"},
        user=owner,
    )
    assert response.status_code == 201, response.content
    product = Product.objects.get()
    assert product.price == 350_000 and product.sector == "batik"
    response = call(
        client, "patch", f"/products/{product.pk}", {"technique": "printing"}, user=owner
    )
    assert response.json()["is_batik"] is False
    response = call(client, "patch", f"/products/{product.pk}", {"sector": "kayu"}, user=owner)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "technique"
    assert AuditEvent.objects.for_object(product).filter(verb="product.updated").count() == 1
    client.force_login(owner)
    assert [p["name"] for p in client.get("/api/v1/products").json()["items"]] == ["Kain cap Bromo"]
    client.force_login(other_owner)
    assert client.get("/api/v1/products").json()["items"] == []


def test_token_authentication_works_like_the_session(client, regions, officer, owner):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="Dinas", user=officer, prefix=prefix, key_hash=key_hash)
    make_business(owner, name="Batik Paiton")
    response = call(client, "get", "/businesses", token=raw)
    assert [b["name"] for b in response.json()["items"]] == ["Batik Paiton"]


# --- Personas on every endpoint ----------------------------------------------------


@pytest.fixture
def endpoints(business, product):
    b, p = business.pk, product.pk
    return [
        ("get", f"/businesses/{b}", None),
        ("patch", f"/businesses/{b}", {"name": "Dirampas"}),
        ("post", f"/businesses/{b}/actions", {"action": "submit"}),
        ("get", f"/products/{p}", None),
        ("patch", f"/products/{p}", {"price": 1}),
        ("post", f"/businesses/{b}/products", {"name": "Titipan", "technique": "cap", "price": 1}),
    ]


def test_another_owner_gets_404_everywhere(client, other_owner, endpoints, business):
    for method, url, payload in endpoints:
        response = call(client, method, url, payload, user=other_owner)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    business.refresh_from_db()
    assert business.name == "Batik Prabulinggih" and business.status == "draft"


def test_an_officer_of_another_regency_gets_404_everywhere(client, other_officer, endpoints):
    for method, url, payload in endpoints:
        assert call(client, method, url, payload, user=other_officer).status_code == 404, url


def test_the_officer_of_the_regency_reads_but_does_not_edit(client, officer, endpoints):
    for method, url, payload in endpoints:
        expected = 200 if method == "get" else 403
        assert call(client, method, url, payload, user=officer).status_code == expected, url


def test_anonymous_gets_401_everywhere(client, endpoints):
    for method, url, payload in [
        *endpoints,
        ("get", "/businesses", None),
        ("get", "/products", None),
        ("post", "/businesses", body()),
    ]:
        response = call(client, method, url, payload)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "unauthenticated"


def test_the_owner_may_use_every_endpoint(client, owner, endpoints):
    for method, url, payload in endpoints:
        assert call(client, method, url, payload, user=owner).status_code in (200, 201), url


@pytest.mark.django_db
def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/businesses", "/api/v1/businesses/{pk}", "/api/v1/products"):
        assert path in paths
