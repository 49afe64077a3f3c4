"""Status lists in the style of the W3C Bitstring Status List v1.0. Django-free.

Each list holds LENGTH entries of STATUS_SIZE bits; entry i is bits [i·2, i·2+1]
counted from the left-most bit of the first byte (as the W3C spec counts). The
bitstring is gzip-compressed and base64url-encoded with the multibase prefix "u".
A document's payload carries its list number and index; the list says whether it
is active, suspended, withdrawn or superseded. Expiry is not in the list: it follows
from the date in the payload.

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
from datetime import datetime
from enum import IntEnum

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
    with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as fh:
        bits = fh.read(expected_bytes + 1)  # never inflate more than the list's size
    if len(bits) != expected_bytes:
        raise ValueError("encodedList does not have the declared length")
    return bits


@dataclass(frozen=True)
class StatusList:
    number: int
    bits: bytes
    length: int = LENGTH
    valid_from: datetime | None = None
    valid_until: datetime | None = None

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
