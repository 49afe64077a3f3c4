"""/.well-known/kriya-keys.json and the status lists: public, cacheable, complete."""

import pytest

from kriya.verify import services
from kriya.verify.keyring import load_keys
from kriya.verify.statuslist import Code, StatusList


@pytest.fixture
def rotated(issue, settings):
    settings.KRIYA_PUBLIC_URL = "https://kriya.test"
    old = issue()
    services.rotate_signing_key(by=None)
    return old


def test_keys_json_lists_every_key_with_kid_alg_public_key_and_status(client, rotated):
    response = client.get("/.well-known/kriya-keys.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["issuer"] == "https://kriya.test"
    assert body["statusLists"] == "https://kriya.test/verifikasi/status/{list}.json"
    assert body["signedStatusLists"] == "https://kriya.test/verifikasi/status/{list}.cwt"
    statuses = {k["kid"]: k["status"] for k in body["keys"]}
    assert statuses[rotated.signed_with.kid] == "retired"
    assert sorted(statuses.values()) == ["active", "retired"]
    for entry in body["keys"]:
        assert (entry["kty"], entry["crv"], entry["alg"]) == ("OKP", "Ed25519", "EdDSA")
        assert set(entry) == {
            *("kid", "kty", "crv", "alg", "x", "status"),
            *("created", "retired", "revoked", "compromised"),
        }
    keys = load_keys(body)
    assert set(keys) == set(statuses)


def test_keys_json_reveals_no_private_key(client, rotated):
    from kriya.verify.models import SigningKey

    text = client.get("/.well-known/kriya-keys.json").content.decode()
    for key in SigningKey.objects.all():
        assert key.private_key not in text
    assert '"d"' not in text  # the JWK private member


def test_keys_and_status_lists_are_cacheable_and_open_to_other_origins(client, rotated):
    for url in [
        "/.well-known/kriya-keys.json",
        f"/verifikasi/status/{rotated.status_list_id}.json",
        f"/verifikasi/status/{rotated.status_list_id}.cwt",
    ]:
        response = client.get(url)
        assert response["Cache-Control"].startswith("public, max-age=")
        assert response["Access-Control-Allow-Origin"] == "*"


def test_the_status_list_shows_a_suspension_at_once(client, issue, settings):
    settings.KRIYA_PUBLIC_URL = "https://kriya.test"
    keep, suspend, withdraw = issue(), issue(), issue()
    services.set_document_status(document=suspend, action="suspend", reason="x", by=None)
    services.set_document_status(document=withdraw, action="withdraw", reason="x", by=None)
    response = client.get(f"/verifikasi/status/{keep.status_list_id}.json")
    body = response.json()
    assert body["id"] == f"https://kriya.test/verifikasi/status/{keep.status_list_id}.json"
    assert body["validFrom"] < body["validUntil"]
    assert body["ttl"] == 300000
    published = StatusList.from_json(body)
    assert published.status(keep.status_index) is Code.ACTIVE
    assert published.status(suspend.status_index) is Code.SUSPENDED
    assert published.status(withdraw.status_index) is Code.WITHDRAWN


def test_building_a_status_list_reads_only_its_inactive_documents(issue, django_assert_num_queries):
    from kriya.verify.queries import build_status_list

    documents = [issue() for _ in range(5)]
    services.set_document_status(document=documents[2], action="suspend", reason="x", by=None)
    with django_assert_num_queries(2):
        built = build_status_list(documents[0].status_list_id)
    assert built.status(documents[2].status_index) is Code.SUSPENDED


def test_an_unknown_status_list_is_404(client, db):
    assert client.get("/verifikasi/status/99.json").status_code == 404
    assert client.get("/verifikasi/status/99.cwt").status_code == 404
