"""Open Badges 3.0: the credential validates against 1EdTech's own schema (vendored in
tests/schemas/) and its VC-JWT verifies with an independent JOSE library (joserfc)
against the public JWKS."""

import json
from datetime import date
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet
from jsonschema import Draft201909Validator

from kriya.verify import badges, services

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text()
)

ACHIEVEMENT = {
    "id": "https://kriya.test/pelatihan/program/batik-tulis-pewarna-alam/",
    "name": "Batik tulis pewarna alam",
    "description": "Pelatihan 40 JP membatik tulis dengan pewarna alam.",
    "criteria_narrative": "Hadir minimal 80 %, nilai post-test minimal 70, praktik kompeten.",
}


@pytest.fixture
def certificate(issue):
    return issue(
        doc_type="training_certificate",
        number="SP/2026/0001",
        holder_nib="",
        holder_name="Siti Aminah",
        scheme="Pelatihan batik tulis pewarna alam",
        scope="Angkatan 1",
        issued_on=date(2026, 4, 30),
        expires_on=None,
    )


def build(document, recipient="siti@contoh.id", **extra):
    return badges.build_achievement_credential(
        document=document,
        recipient_name="Siti Aminah",
        recipient_email_or_id=recipient,
        achievement=ACHIEVEMENT,
        issued_on=document.issued_on,
        **extra,
    )


def schema_errors(credential):
    validator = Draft201909Validator(SCHEMA, format_checker=Draft201909Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(credential)]


@pytest.mark.parametrize("recipient", ["siti@contoh.id", "did:example:ebfeb1f712ebc6f1c276e12ec21"])
def test_the_credential_is_a_valid_open_badge_3(certificate, recipient):
    credential = build(certificate, recipient)
    assert schema_errors(credential) == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["id"] == certificate.url
    assert credential["issuer"]["id"].endswith("/verifikasi/penerbit.json")
    assert credential["issuer"]["type"] == ["Profile"] and credential["issuer"]["name"]
    subject = credential["credentialSubject"]
    assert subject["achievement"]["criteria"]["narrative"].startswith("Hadir minimal")
    status = credential["credentialStatus"]
    assert status["statusListIndex"] == str(certificate.status_index)
    assert status["statusListCredential"].endswith(
        f"/verifikasi/status/{certificate.status_list_id}.json"
    )
    assert "siti@contoh.id" not in json.dumps(credential)  # an e-mail is only published hashed


def test_the_schema_catches_a_broken_credential(certificate):
    """The vendored schema really checks: without an achievement or the VC type it fails."""
    credential = build(certificate)
    del credential["credentialSubject"]["achievement"]
    credential["type"] = ["OpenBadgeCredential"]
    assert len(schema_errors(credential)) >= 2


def test_the_signed_badge_verifies_with_joserfc_against_the_published_jwks(client, certificate):
    credential = build(certificate, "did:example:siti")
    token = badges.sign_credential(credential)
    jwks = client.get("/verifikasi/jwks.json").json()
    decoded = jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["EdDSA"])
    assert decoded.header["alg"] == "EdDSA"
    assert decoded.header["kid"] == services.active_signing_key().kid
    assert decoded.header["typ"] == "vc+jwt"
    claims = decoded.claims
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["jti"] == certificate.url and claims["sub"] == "did:example:siti"
    assert claims["credentialSubject"] == credential["credentialSubject"]
    payload = {k: v for k, v in claims.items() if k not in {"iss", "jti", "sub", "nbf", "exp"}}
    assert schema_errors(payload) == []


def test_an_altered_badge_or_another_key_fails(client, certificate):
    token = badges.sign_credential(build(certificate))
    header, payload, signature = token.split(".")
    claims = badges.read_unverified(token)[1]
    claims["credentialSubject"]["name"] = "Orang Lain"
    forged = ".".join([header, badges.b64url(json.dumps(claims).encode()), signature])
    jwks = KeySet.import_key_set(client.get("/verifikasi/jwks.json").json())
    with pytest.raises(BadSignatureError):
        jwt.decode(forged, jwks, algorithms=["EdDSA"])
    services.rotate_signing_key(by=None)
    newer = badges.sign_credential(build(certificate))
    jwks = KeySet.import_key_set(client.get("/verifikasi/jwks.json").json())
    assert len(jwks.keys) == 2  # the retired key still verifies what it signed
    jwt.decode(token, jwks, algorithms=["EdDSA"])
    jwt.decode(newer, jwks, algorithms=["EdDSA"])


def test_the_issuer_profile_and_jwks_are_public(client, certificate):
    profile = client.get("/verifikasi/penerbit.json")
    assert profile.status_code == 200 and profile["Access-Control-Allow-Origin"] == "*"
    body = profile.json()
    assert body["type"] == ["Profile"] and body["id"] == badges.profile_url()
    keys = client.get("/verifikasi/jwks.json").json()["keys"]
    assert [k["kid"] for k in keys] == [services.active_signing_key().kid]
    assert keys[0]["kty"] == "OKP" and keys[0]["crv"] == "Ed25519" and "d" not in keys[0]
