"""Public keys as published at /.well-known/kriya-keys.json. Django-free.

    {"issuer": "https://…",
     "keys": [{"kid": "…", "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA",
               "x": "<base64url raw public key>", "status": "active" | "retired" | "revoked",
               "created": "…", "retired": "…" | null,
               "revoked": "…" | null, "compromised": "…" | null}]}

Each entry is a JSON Web Key (RFC 8037) with Kriya's status fields. Retired keys stay
in the list for ever, so documents they signed keep verifying. A revoked key stays
too, with the time it was compromised: what it signed from then on is not accepted
(`load_revocations`), what it signed before still verifies.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable key id: base64url of the first 6 bytes of SHA-256(raw key)."""
    return b64url(hashlib.sha256(raw_public(public_key)).digest()[:6])


REVOKED = "revoked"


def key_entry(
    *,
    kid: str,
    public_key: Ed25519PublicKey,
    status: str,
    created: str = "",
    retired=None,
    revoked=None,
    compromised=None,
) -> dict:
    return {
        "kid": kid,
        "kty": "OKP",
        "crv": "Ed25519",
        "alg": "EdDSA",
        "x": b64url(raw_public(public_key)),
        "status": status,
        "created": created,
        "retired": retired,
        "revoked": revoked,
        "compromised": compromised,
    }


def load_keys(document: Mapping | str | bytes) -> dict[str, Ed25519PublicKey]:
    """kid → public key from a keys document (parsed JSON or its text).

    Raises ValueError for a document that is not a Kriya keys list.
    """
    if isinstance(document, str | bytes):
        document = json.loads(document)
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("not a Kriya keys document (no 'keys' list)")
    keys = {}
    for entry in document["keys"]:
        if not isinstance(entry, Mapping):
            raise ValueError("a key entry must be an object")
        if entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
            continue  # a key type this verifier does not know
        raw = b64url_decode(str(entry.get("x", "")))
        if len(raw) != 32:
            raise ValueError(f"key {entry.get('kid')!r} is not a 32-byte Ed25519 key")
        keys[str(entry["kid"])] = Ed25519PublicKey.from_public_bytes(raw)
    return keys


def load_revocations(document: Mapping | str | bytes) -> dict[str, datetime]:
    """kid → the time from which the key's signatures are not accepted (its compromise),
    for every revoked key in a keys document. A revoked key without a readable time is
    distrusted for everything it ever signed."""
    if isinstance(document, str | bytes):
        document = json.loads(document)
    revoked = {}
    for entry in document.get("keys", []) if isinstance(document, Mapping) else []:
        if isinstance(entry, Mapping) and entry.get("status") == REVOKED:
            revoked[str(entry.get("kid"))] = _parse_time(entry.get("compromised"))
    return revoked


def _parse_time(value) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
