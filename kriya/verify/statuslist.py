"""Status lists in the style of the W3C Bitstring Status List v1.0. Django-free.

Each list holds LENGTH entries of STATUS_SIZE bits; entry i is bits [i·2, i·2+1]
counted from the left-most bit of the first byte (as the W3C spec counts). The
bitstring is gzip-compressed and base64url-encoded with the multibase prefix "u".
A document's payload carries its list number and index; the list says whether it
is active, suspended, withdrawn or superseded. Expiry is not in the list: it follows
from the date in the payload.

The list is published twice: as JSON for web pages (below), and signed (`sign` and
`open_signed`): a COSE_Sign1 over a CWT with the issued-at time (iat), an expiry
(exp) and a time-to-live, signed with the issuer's current key, so an offline
verifier can trust a cached copy and knows when it is stale (docs/verify.md).

Published JSON (what `to_json` writes and `StatusList.from_json` reads):

    {"type": "BitstringStatusList", "id": "<url>", "list": 1, "issuer": "<url>",
     "statusPurpose": "message", "statusSize": 2, "length": 65536,
     "statusMessage": [{"status": "0x0", "message": "active"}, …],
     "encodedList": "uH4sI…", "validFrom": "…Z", "validUntil": "…Z", "ttl": 300000}
"""

from __future__ import annotations

import base64
import gzip
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum

import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .payload import (
    ALG_EDDSA,
    COSE_SIGN1_TAG,
    CWT_IAT,
    CWT_ISS,
    HEADER_ALG,
    HEADER_KID,
    HEADER_TYP,
    PayloadError,
    open_cose,
    sig_structure,
    signature_matches,
)

STATUS_SIZE = 2
# 65536 two-bit entries = 131072 bits, the W3C minimum for herd privacy (16 kB raw,
# a few hundred bytes compressed while most documents are active).
LENGTH = 65536
MAX_LENGTH = 1 << 22


class Code(IntEnum):
    ACTIVE = 0
    SUSPENDED = 1
    WITHDRAWN = 2
    SUPERSEDED = 3


MESSAGES = [{"status": hex(code), "message": code.name.lower()} for code in Code]


def pack(codes: Mapping[int, int], length: int = LENGTH) -> bytes:
    """The raw bitstring with `codes[index]` set for every listed index."""
    bits = bytearray(length * STATUS_SIZE // 8)
    for index, code in codes.items():
        if not 0 <= index < length:
            raise IndexError(f"status index {index} outside a list of {length}")
        if not 0 <= int(code) < (1 << STATUS_SIZE):
            raise ValueError(f"status code {code} does not fit in {STATUS_SIZE} bits")
        byte, slot = divmod(index, 8 // STATUS_SIZE)
        shift = 8 - STATUS_SIZE * (slot + 1)
        bits[byte] = (bits[byte] & ~(0b11 << shift)) | (int(code) << shift)
    return bytes(bits)


def read(bits: bytes, index: int) -> int:
    byte, slot = divmod(index, 8 // STATUS_SIZE)
    if not 0 <= byte < len(bits):
        raise IndexError(f"status index {index} outside the list")
    shift = 8 - STATUS_SIZE * (slot + 1)
    return (bits[byte] >> shift) & 0b11


def encode(bits: bytes) -> str:
    """gzip (fixed mtime, so equal lists encode equally) + base64url, multibase "u"."""
    compressed = gzip.compress(bits, compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str, *, expected_bytes: int) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix 'u')")
    body = encoded[1:]
    compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return _gunzip(compressed, expected_bytes=expected_bytes)


def _gunzip(compressed: bytes, *, expected_bytes: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as fh:
        bits = fh.read(expected_bytes + 1)  # never inflate more than the list's size
    if len(bits) != expected_bytes:
        raise ValueError("the list does not have the declared length")
    return bits


@dataclass(frozen=True)
class StatusList:
    number: int
    bits: bytes
    length: int = LENGTH
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    ttl: int = 0  # seconds a cached copy may be used before fetching again (0: not said)
    kid: str | None = None  # the key that signed it (signed lists only)

    @classmethod
    def build(cls, number: int, codes: Mapping[int, int], length: int = LENGTH, **times):
        return cls(number=number, bits=pack(codes, length), length=length, **times)

    def status(self, index: int) -> Code:
        if not 0 <= index < self.length:
            raise IndexError(f"status index {index} outside a list of {self.length}")
        return Code(read(self.bits, index))

    def is_stale(self, now: datetime) -> bool:
        return self.valid_until is not None and now > self.valid_until

    def to_json(self, *, url: str = "", issuer: str = "", ttl_ms: int = 0) -> dict:
        return {
            "type": "BitstringStatusList",
            "id": url,
            "list": self.number,
            "issuer": issuer,
            "statusPurpose": "message",
            "statusSize": STATUS_SIZE,
            "length": self.length,
            "statusMessage": MESSAGES,
            "encodedList": encode(self.bits),
            "validFrom": _iso(self.valid_from),
            "validUntil": _iso(self.valid_until),
            "ttl": ttl_ms,
        }

    @classmethod
    def from_json(cls, document: Mapping | str | bytes) -> StatusList:
        """Parse a published list; ValueError when it is not one Kriya can read."""
        if isinstance(document, str | bytes):
            document = json.loads(document)
        if not isinstance(document, Mapping) or document.get("type") != "BitstringStatusList":
            raise ValueError("not a BitstringStatusList document")
        if document.get("statusSize") != STATUS_SIZE:
            raise ValueError(f"statusSize must be {STATUS_SIZE}")
        length = document.get("length")
        number = document.get("list")
        if not isinstance(length, int) or not 0 < length <= MAX_LENGTH or length % 4:
            raise ValueError("length must be a positive multiple of 4")
        if not isinstance(number, int):
            raise ValueError("list must be an integer")
        bits = decode(str(document.get("encodedList", "")), expected_bytes=length // 4)
        return cls(
            number=number,
            bits=bits,
            length=length,
            valid_from=_parse_time(document.get("validFrom")),
            valid_until=_parse_time(document.get("validUntil")),
        )


# --- The signed list ------------------------------------------------------------

# COSE typ of a signed status list (RFC 9596). A document payload has no typ and no
# STATUS_CLAIM, and a status list has no document claim: neither passes for the other.
TYP = "application/kriya-statuslist+cwt"
CWT_SUB = 2
CWT_EXP = 4
# Private-use claim (RFC 8392 §9.1) with the list itself; the document claim is -65537.
STATUS_CLAIM = -65538
MAX_TOKEN = 1 << 20


class StatusListError(ValueError):
    """A signed status list that cannot be trusted (altered, unknown or revoked key, or
    not a Kriya status list)."""


def sign(
    status_list: StatusList,
    private_key: Ed25519PrivateKey,
    kid: str,
    *,
    issuer: str,
    url: str,
    issued_at: datetime,
    expires_at: datetime,
    ttl: int,
) -> bytes:
    """The list as COSE_Sign1 (CBOR bytes) over a CWT: iss, sub (the list's address),
    iat, exp and STATUS_CLAIM {"n": number, "bits": 2, "len": length, "lst": gzip of
    the bitstring, "ttl": seconds}."""
    protected = cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: kid.encode(), HEADER_TYP: TYP})
    claims = {
        CWT_ISS: issuer,
        CWT_SUB: url,
        CWT_IAT: int(issued_at.timestamp()),
        CWT_EXP: int(expires_at.timestamp()),
        STATUS_CLAIM: {
            "n": status_list.number,
            "bits": STATUS_SIZE,
            "len": status_list.length,
            "lst": gzip.compress(status_list.bits, compresslevel=9, mtime=0),
            "ttl": ttl,
        },
    }
    body = cbor2.dumps(claims)
    signature = private_key.sign(sig_structure(protected, body))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, body, signature]))


def open_signed(
    token: bytes,
    keys: Mapping[str, Ed25519PublicKey],
    revoked: Mapping[str, datetime] | None = None,
) -> StatusList:
    """The StatusList in a signed token, with `valid_from` = iat and `valid_until` = exp.

    Raises StatusListError when it is not a well-formed Kriya status list, when its key
    is not among `keys`, when the signature does not match (altered), or when its key
    was revoked (`revoked`: kid → compromise time) at or before the signing time.
    Whether it has expired is the caller's question (`is_stale`)."""
    if len(token) > MAX_TOKEN:
        raise StatusListError("status list too large")
    try:
        envelope = open_cose(bytes(token))
    except PayloadError as exc:
        raise StatusListError(f"not a signed status list: {exc}") from None
    if envelope.alg != ALG_EDDSA or envelope.typ != TYP or not envelope.kid:
        raise StatusListError("not a signed Kriya status list")
    public_key = keys.get(envelope.kid)
    if public_key is None:
        raise StatusListError(f"signed with key {envelope.kid}, not in the keys file")
    if not signature_matches(envelope, public_key):
        raise StatusListError("signature mismatch: the status list was altered")
    try:
        claims = cbor2.loads(envelope.payload)
        body = claims[STATUS_CLAIM]
        issued_at, expires_at = claims[CWT_IAT], claims[CWT_EXP]
        number, length, ttl = body["n"], body["len"], body.get("ttl", 0)
        if body["bits"] != STATUS_SIZE:
            raise ValueError(f"bits must be {STATUS_SIZE}")
        if not all(isinstance(v, int) for v in (issued_at, expires_at, number, length, ttl)):
            raise ValueError("iat, exp, n, len and ttl must be integers")
        if not 0 < length <= MAX_LENGTH or length % 4:
            raise ValueError("len must be a positive multiple of 4")
        bits = _gunzip(body["lst"], expected_bytes=length // 4)
    except Exception as exc:  # signed but not a list this verifier can read
        raise StatusListError(f"unreadable status list: {exc}") from None
    signed_at = datetime.fromtimestamp(issued_at, UTC)
    compromised = (revoked or {}).get(envelope.kid)
    if compromised is not None and signed_at >= compromised:
        raise StatusListError(f"signed with key {envelope.kid} after it was revoked")
    return StatusList(
        number=number,
        bits=bits,
        length=length,
        valid_from=signed_at,
        valid_until=datetime.fromtimestamp(expires_at, UTC),
        ttl=ttl,
        kid=envelope.kid,
    )


def by_number(lists: Iterable[StatusList]) -> dict[int, StatusList]:
    return {status_list.number: status_list for status_list in lists}


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def _parse_time(value) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
