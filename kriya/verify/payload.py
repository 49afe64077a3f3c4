"""The compact signed payload printed in every Kriya QR code. Django-free.

    KRY1:<Base45( zlib( COSE_Sign1( CWT claims ) ) )>

- COSE_Sign1 (RFC 9052 §4.2): CBOR tag 18 around [protected, unprotected, payload,
  signature]. The protected header is {1: -8 (EdDSA), 4: kid}; the signature is
  Ed25519 over the Sig_structure ["Signature1", protected, b"", payload].
- The payload is a CWT claims set (RFC 8392): 1 (iss) the issuer's public URL,
  6 (iat) the signing time, and one private-use claim (KRIYA_CLAIM) holding the
  document as a small map with short text keys (see CLAIM_KEYS and docs/verify.md).
- zlib and Base45 (RFC 9285) as in the EU digital COVID certificate: Base45's
  alphabet is exactly QR's alphanumeric mode, so the text makes the smallest QR.

This module only builds and opens the envelope; `offline.verify` turns a text into
a verdict.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import base45
import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "KRY1:"
DOC_TYPES = (
    "certificate",
    "test_report",
    "batikmark_label",
    "training_certificate",
    "training_pass",
    "exhibitor_pass",
)

COSE_SIGN1_TAG = 18
HEADER_ALG = 1
HEADER_KID = 4
HEADER_TYP = 16  # RFC 9596: what the signed content is (a status list says so; a document does not)
ALG_EDDSA = -8
CWT_ISS = 1
CWT_IAT = 6
# RFC 8392 §9.1: claim keys below -65536 are for private use.
KRIYA_CLAIM = -65537

# Guards for untrusted input: a real payload is well under 1 kB.
MAX_TEXT = 4096
MAX_DECOMPRESSED = 16384

# Claims field -> key inside the KRIYA_CLAIM map (short, to keep the QR small).
CLAIM_KEYS = {
    "doc_type": "t",
    "number": "n",
    "holder_nib": "nib",
    "holder_name": "h",
    "scheme": "s",
    "scope": "sc",
    "issued_on": "i",
    "expires_on": "e",
    "status_list": "sl",
    "status_index": "si",
    "url": "u",
    "ref": "r",
}


def _is_array(value) -> bool:
    """A decoded CBOR array: cbor2 5 gives a list, cbor2 6 a tuple (any non-text sequence)."""
    return isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray)


def _is_map(value) -> bool:
    """A decoded CBOR map: cbor2 5 gives a dict, cbor2 6 a frozen mapping."""
    return isinstance(value, Mapping)


class PayloadError(ValueError):
    """The text is not a well-formed Kriya payload (or could not be opened)."""


@dataclass(frozen=True)
class Claims:
    """What a Kriya document says about itself, as signed into its QR.

    `expires_on` None means the document does not expire. `ref` is the number of the
    document this one belongs to (a Batikmark label's certificate), else "".
    `signed_at` is the signing time (CWT iat, seconds since the epoch, UTC) when the
    payload has one: it decides whether a revoked key's signature still counts.
    """

    doc_type: str
    number: str
    holder_nib: str
    holder_name: str
    scheme: str
    scope: str
    issued_on: date
    expires_on: date | None
    status_list: int
    status_index: int
    url: str
    ref: str = ""
    issuer: str = field(default="", compare=False)
    signed_at: int | None = field(default=None, compare=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat()
        data["expires_on"] = self.expires_on.isoformat() if self.expires_on else None
        data["signed_at"] = (
            datetime.fromtimestamp(self.signed_at, UTC).isoformat().replace("+00:00", "Z")
            if self.signed_at is not None
            else None
        )
        return data


@dataclass(frozen=True)
class Envelope:
    """An opened but not yet verified COSE_Sign1."""

    protected: bytes
    payload: bytes
    signature: bytes
    alg: object
    kid: str | None
    typ: object = None

    def to_be_signed(self) -> bytes:
        return sig_structure(self.protected, self.payload)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """RFC 9052 §4.4: the bytes Ed25519 signs."""
    return cbor2.dumps(["Signature1", protected, b"", payload])


def claims_to_cwt(claims: Claims, *, issued_at: int) -> dict:
    doc = {
        "t": claims.doc_type,
        "n": claims.number,
        "nib": claims.holder_nib,
        "h": claims.holder_name,
        "s": claims.scheme,
        "sc": claims.scope,
        "i": claims.issued_on.isoformat(),
        "sl": claims.status_list,
        "si": claims.status_index,
        "u": claims.url,
    }
    if claims.expires_on is not None:
        doc["e"] = claims.expires_on.isoformat()
    if claims.ref:
        doc["r"] = claims.ref
    return {CWT_ISS: claims.issuer, CWT_IAT: issued_at, KRIYA_CLAIM: doc}


def claims_from_cwt(cwt) -> Claims:
    """Read the claims map; PayloadError when a field is missing or of the wrong type."""
    if not _is_map(cwt) or not _is_map(cwt.get(KRIYA_CLAIM)):
        raise PayloadError("no Kriya claim in the CWT")
    doc = cwt[KRIYA_CLAIM]

    def text(key, *, optional=False):
        value = doc.get(key, "" if optional else None)
        if not isinstance(value, str):
            raise PayloadError(f"claim {key!r} must be text")
        return value

    def integer(key):
        value = doc.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise PayloadError(f"claim {key!r} must be a non-negative integer")
        return value

    def day(key, *, optional=False):
        if optional and key not in doc:
            return None
        try:
            return date.fromisoformat(text(key))
        except ValueError as exc:
            raise PayloadError(f"claim {key!r} must be a date") from exc

    doc_type = text("t")
    if doc_type not in DOC_TYPES:
        raise PayloadError(f"unknown document type {doc_type!r}")
    issuer = cwt.get(CWT_ISS, "")
    signed_at = cwt.get(CWT_IAT)
    if not isinstance(signed_at, int) or isinstance(signed_at, bool):
        signed_at = None
    return Claims(
        doc_type=doc_type,
        number=text("n"),
        holder_nib=text("nib"),
        holder_name=text("h"),
        scheme=text("s"),
        scope=text("sc"),
        issued_on=day("i"),
        expires_on=day("e", optional=True),
        status_list=integer("sl"),
        status_index=integer("si"),
        url=text("u"),
        ref=text("r", optional=True),
        issuer=issuer if isinstance(issuer, str) else "",
        signed_at=signed_at,
    )


def sign(
    claims: Claims, private_key: Ed25519PrivateKey, kid: str, *, issued_at: int | None = None
) -> str:
    """Sign `claims` with Ed25519 and return the `KRY1:` text for the QR."""
    if claims.doc_type not in DOC_TYPES:
        raise ValueError(f"unknown document type {claims.doc_type!r}")
    if not kid:
        raise ValueError("a key id is required")
    issued_at = int(time.time()) if issued_at is None else issued_at
    protected = cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: kid.encode()})
    payload = cbor2.dumps(claims_to_cwt(claims, issued_at=issued_at))
    signature = private_key.sign(sig_structure(protected, payload))
    return seal(protected, payload, signature)


def seal(protected: bytes, payload: bytes, signature: bytes) -> str:
    """Wrap the three byte strings as COSE_Sign1 and encode them as `KRY1:` text."""
    cose = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + base45.b45encode(zlib.compress(cose, 9)).decode("ascii")


# A verification page's address pasted without its scheme ("kriya.example/verifikasi/…")
# or as a path ("/verifikasi/…").
_SCHEMELESS_PAGE = re.compile(r"^(?:[\w.-]+(?::\d+)?)?/verifikasi/", re.IGNORECASE)


def _as_url(text: str):
    """The URL in `text`, split, or None when `text` is not a URL."""
    if text.lower().startswith(("http://", "https://")):
        return urlsplit(text)
    if _SCHEMELESS_PAGE.match(text):
        return urlsplit(text if text.startswith("/") else "//" + text)
    return None


def _query_value(text: str) -> str | None:
    """The `q` of a pasted URL ("" when it has none), or None when `text` is no URL."""
    url = _as_url(text)
    if url is None:
        return None
    values = parse_qs(url.query).get("q", [])
    return values[0].strip() if values else ""


def extract(text: str) -> str | None:
    """The `KRY1:` text inside what was scanned or pasted, or None when there is none.

    Accepts the bare payload and the QR's URL form `https://…/verifikasi/?q=KRY1%3A…`,
    also without its scheme (`kriya.example/verifikasi/?q=…`).
    """
    text = (text or "").strip()
    value = _query_value(text)
    if value is not None:
        text = value
    return text if text.startswith(PREFIX) else None


def named_document(text: str) -> tuple[str, str] | None:
    """(doc_type, number) of a verification page address that carries no payload, or
    None: the URL fallback printed under a QR (`…/verifikasi/<doc_type>/<number>/`,
    percent-encoded) or the page asked about a number (`…/verifikasi/?q=<number>`,
    doc_type ""). Only the register (the server) can verify these; the payload is
    what verifies offline."""
    text = (text or "").strip()
    url = _as_url(text)
    if url is None:
        return None
    value = _query_value(text)
    if value and not value.startswith(PREFIX):
        return "", value
    _, marker, rest = unquote(url.path).partition("/verifikasi/")
    doc_type, _, number = rest.partition("/")
    number = number.removesuffix("/").strip()
    if marker and doc_type in DOC_TYPES and number:
        return doc_type, number
    return None


def open_envelope(text: str) -> Envelope:
    """Base45 → zlib → COSE_Sign1, without checking the signature.

    Raises PayloadError for anything that is not a well-formed envelope.
    """
    if not text.startswith(PREFIX):
        raise PayloadError("missing the KRY1: prefix")
    if len(text) > MAX_TEXT:
        raise PayloadError("payload too long")
    try:
        compressed = base45.b45decode(text[len(PREFIX) :])
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, MAX_DECOMPRESSED)
        if inflater.unconsumed_tail or not inflater.eof:
            raise PayloadError("compressed data too long or truncated")
    except PayloadError:
        raise
    except Exception as exc:  # base45/zlib raise many kinds of errors
        raise PayloadError(f"cannot decode: {exc}") from exc
    return open_cose(raw)


def open_cose(raw: bytes) -> Envelope:
    """CBOR → COSE_Sign1 (tag 18) with its protected header read, signature unchecked.

    Shared by document payloads and signed status lists. Raises PayloadError."""
    try:
        cose = cbor2.loads(raw)
    except Exception as exc:  # cbor2 raises many kinds of errors
        raise PayloadError(f"cannot decode: {exc}") from exc
    if not isinstance(cose, cbor2.CBORTag) or cose.tag != COSE_SIGN1_TAG:
        raise PayloadError("not a COSE_Sign1 structure")
    parts = cose.value
    if not (
        _is_array(parts)
        and len(parts) == 4
        and isinstance(parts[0], bytes)
        and _is_map(parts[1])
        and isinstance(parts[2], bytes)
        and isinstance(parts[3], bytes)
    ):
        raise PayloadError("malformed COSE_Sign1 structure")
    protected, _unprotected, payload, signature = parts
    try:
        header = cbor2.loads(protected)
    except Exception as exc:
        raise PayloadError("malformed protected header") from exc
    if not _is_map(header):
        raise PayloadError("malformed protected header")
    kid = header.get(HEADER_KID)
    try:
        kid_text = kid.decode("utf-8") if isinstance(kid, bytes) else None
    except UnicodeDecodeError:
        kid_text = None
    return Envelope(
        protected=protected,
        payload=payload,
        signature=signature,
        alg=header.get(HEADER_ALG),
        kid=kid_text,
        typ=header.get(HEADER_TYP),
    )


def read_claims(envelope: Envelope) -> Claims:
    """The claims of an envelope (whose signature the caller has checked)."""
    try:
        cwt = cbor2.loads(envelope.payload)
    except Exception as exc:
        raise PayloadError("malformed CWT claims") from exc
    return claims_from_cwt(cwt)


def signature_matches(envelope: Envelope, public_key: Ed25519PublicKey) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(envelope.signature, envelope.to_be_signed())
    except InvalidSignature:
        return False
    return True
