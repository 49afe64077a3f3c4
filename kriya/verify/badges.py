"""Open Badges 3.0 credentials for documents in the register (docs/verify.md, "Open Badges").

    build_achievement_credential(*, document, recipient_name, recipient_email_or_id,
                                 achievement, issued_on, issuer=None) -> dict
    sign_credential(credential) -> str          # VC-JWT (JOSE compact, EdDSA, kid)
    issuer_profile() -> dict                    # served at /verifikasi/penerbit.json
    jwks() -> dict                              # served at /verifikasi/jwks.json

The credential is an OB 3.0 `AchievementCredential` in the W3C VC Data Model 2.0
(contexts credentials/v2 and ob/v3p0/context-3.0.3), typed
["VerifiableCredential", "OpenBadgeCredential"]; its id is the document's public page,
its `credentialStatus` the document's entry in Kriya's status list, so withdrawing the
training certificate withdraws the badge. It is secured as a VC-JWT (VC-JOSE-COSE): the
JWT payload is the credential itself plus the registered claims iss, sub, jti, nbf (and
exp when the document expires), signed with the agency's active Ed25519 key — the same
key that signs the QR — and the header names that key (`kid`), published as a JSON Web
Key at /verifikasi/jwks.json (and with its status at /.well-known/kriya-keys.json).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, time

from django.conf import settings
from django.urls import reverse

from . import keystore
from .keyring import b64url, b64url_decode
from .models import IssuedDocument, KeyStatus, SigningKey
from .queries import status_list_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
JWT_TYPE = "vc+jwt"


def profile_url() -> str:
    return settings.KRIYA_PUBLIC_URL + reverse("verify:issuer_profile")


def jwks_url() -> str:
    return settings.KRIYA_PUBLIC_URL + reverse("verify:jwks")


def issuer_profile(issuer: dict | None = None) -> dict:
    """The agency as an OB 3.0 issuer `Profile` (id = its public profile URL)."""
    issuer = issuer or {}
    profile = {
        "id": issuer.get("id") or profile_url(),
        "type": ["Profile"],
        "name": issuer.get("name") or settings.KRIYA_AGENCY_FULL_NAME,
        "url": issuer.get("url") or settings.KRIYA_AGENCY_WEBSITE or settings.KRIYA_PUBLIC_URL,
    }
    for extra in ("email", "phone", "description"):
        if issuer.get(extra):
            profile[extra] = issuer[extra]
    return profile


def _datetime(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _subject_identity(recipient: str) -> dict:
    """`id` for a URI recipient, else a salted SHA-256 `identifier` (an e-mail address is
    never published in clear; OB 3.0 IdentityObject)."""
    recipient = (recipient or "").strip()
    if ":" in recipient and "@" not in recipient.split(":", 1)[0]:
        return {"id": recipient}
    salt = hashlib.sha256(f"kriya-badge:{recipient}".encode()).hexdigest()[:16]
    identity = "sha256$" + hashlib.sha256((recipient.lower() + salt).encode()).hexdigest()
    return {
        "identifier": [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": identity,
                "identityType": "emailAddress" if "@" in recipient else "identifier",
                "salt": salt,
            }
        ]
    }


def build_achievement_credential(
    *,
    document: IssuedDocument,
    recipient_name: str,
    recipient_email_or_id: str,
    achievement: dict,
    issued_on: date | datetime,
    issuer: dict | None = None,
) -> dict:
    """An OB 3.0 AchievementCredential for `document` (a training certificate, usually).

    `achievement` = {"id": URL (the programme page), "name", "description",
    "criteria": {"narrative": …} or "criteria_narrative": …, optional "achievementType"
    (default "Certificate"), "image", "inLanguage"}. `issuer` = {"name", "url", …} or
    None for the agency (KRIYA_AGENCY_FULL_NAME, KRIYA_AGENCY_WEBSITE). The recipient
    is a URI (`did:…`, `urn:…`, `https://…`) or an e-mail/identifier, published only
    hashed and salted; `recipient_name` is shown by wallets."""
    criteria = achievement.get("criteria") or {
        "narrative": achievement.get("criteria_narrative", "")
    }
    achievement_out = {
        "id": achievement["id"],
        "type": ["Achievement"],
        "achievementType": achievement.get("achievementType", "Certificate"),
        "name": achievement["name"],
        "description": achievement["description"],
        "criteria": criteria,
        "creator": issuer_profile(issuer),
    }
    for extra in ("image", "inLanguage", "humanCode", "fieldOfStudy", "tag"):
        if achievement.get(extra):
            achievement_out[extra] = achievement[extra]
    status_list = document.status_list_id
    index = document.status_index
    list_url = status_list_url(status_list)
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": document.url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement["name"],
        "description": f"{achievement['name']} — {recipient_name}",
        "issuer": issuer_profile(issuer),
        "validFrom": _datetime(issued_on),
        "awardedDate": _datetime(issued_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            **_subject_identity(recipient_email_or_id),
            "name": recipient_name,
            "achievement": achievement_out,
        },
        "credentialStatus": {
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "message",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
            "statusSize": 2,
            "statusMessage": [
                {"status": "0x0", "message": "active"},
                {"status": "0x1", "message": "suspended"},
                {"status": "0x2", "message": "withdrawn"},
                {"status": "0x3", "message": "superseded"},
            ],
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if document.expires_on:
        credential["validUntil"] = _datetime(
            datetime.combine(document.expires_on, time.max.replace(microsecond=0), tzinfo=UTC)
        )
    return credential


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def sign_credential(credential: dict) -> str:
    """The credential as a VC-JWT: JOSE compact serialisation, header
    {"alg": "EdDSA", "kid": <active key's kid>, "typ": "vc+jwt", "cty": "vc"}, payload
    the credential plus iss, sub, jti, nbf (and exp), signed with the active key."""
    from .services import active_signing_key

    key = active_signing_key()
    header = {"alg": "EdDSA", "kid": key.kid, "typ": JWT_TYPE, "cty": "vc"}
    issuer = credential["issuer"]
    claims = dict(credential)
    claims["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    claims["jti"] = credential["id"]
    subject = credential["credentialSubject"]
    if subject.get("id"):
        claims["sub"] = subject["id"]
    claims["nbf"] = int(datetime.fromisoformat(credential["validFrom"]).timestamp())
    if credential.get("validUntil"):
        claims["exp"] = int(datetime.fromisoformat(credential["validUntil"]).timestamp())
    signing_input = b64url(_json(header)) + "." + b64url(_json(claims))
    signature = keystore.unseal(key.private_key, kid=key.kid).sign(signing_input.encode("ascii"))
    return signing_input + "." + b64url(signature)


def read_unverified(token: str) -> tuple[dict, dict]:
    """(header, payload) of a VC-JWT, without checking it (for display and tests)."""
    header, payload, _signature = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


def jwks() -> dict:
    """The public signing keys as a JSON Web Key Set (RFC 7517/8037), for JOSE
    libraries: active and retired keys; revoked keys are left out (their status and
    compromise time are in /.well-known/kriya-keys.json)."""
    keys = SigningKey.objects.exclude(status=KeyStatus.REVOKED).order_by("created_at", "id")
    return {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": key.public_key,
                "kid": key.kid,
                "alg": "EdDSA",
                "use": "sig",
            }
            for key in keys
        ]
    }
