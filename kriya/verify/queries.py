"""Reads for the public verification: published keys and status lists, and `check()`,
which the page and the API both call. `check()` runs the offline verifier
(offline.verify) over the server's live keys and status lists, so the server and
`python -m kriya.verify` reach the same verdict on the same input."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import statuslist
from .keyring import key_entry
from .models import (
    STATUS_CODES,
    DocumentStatus,
    IssuedDocument,
    KeyStatus,
    SigningKey,
    StatusList,
)
from .offline import Result, Verdict, verify
from .payload import extract, named_document

# How long a signed status list is valid (its exp), and how soon a verifier should
# fetch it again (its ttl; also the HTTP max-age).
STATUS_LIST_VALIDITY = timedelta(days=1)
STATUS_LIST_TTL = timedelta(minutes=5)


def status_list_url(number: int, suffix: str = "json") -> str:
    """The public address of status list `number`: `json` (for pages) or `cwt` (signed)."""
    url = settings.KRIYA_PUBLIC_URL + reverse("verify:status_list", args=[number])
    return url.removesuffix(".json") + "." + suffix


def keyring() -> dict:
    return {key.kid: key.public() for key in SigningKey.objects.all()}


def revocations() -> dict:
    """kid → compromise time of every revoked key (as keyring.load_revocations reads it)."""
    return dict(
        SigningKey.objects.filter(status=KeyStatus.REVOKED).values_list("kid", "compromised_at")
    )


def _iso(moment):
    return moment.isoformat() if moment else None


def keys_document() -> dict:
    """The JSON published at /.well-known/kriya-keys.json."""
    return {
        "issuer": settings.KRIYA_PUBLIC_URL,
        "statusLists": status_list_url(1).replace("/1.json", "/{list}.json"),
        "signedStatusLists": status_list_url(1, "cwt").replace("/1.cwt", "/{list}.cwt"),
        "keys": [
            key_entry(
                kid=key.kid,
                public_key=key.public(),
                status=key.status,
                created=key.created_at.isoformat(),
                retired=_iso(key.retired_at),
                revoked=_iso(key.revoked_at),
                compromised=_iso(key.compromised_at),
            )
            for key in SigningKey.objects.order_by("created_at", "id")
        ],
    }


def build_status_list(number: int) -> statuslist.StatusList | None:
    """The current status list `number`, from the register (None if there is none).

    Only documents that are not active are read, so the work grows with the number
    of suspensions and withdrawals in one list, never with the register."""
    row = StatusList.objects.filter(pk=number).first()
    if row is None:
        return None
    inactive = (
        IssuedDocument.objects.slot_owners()
        .filter(status_list_id=number)
        .exclude(status=DocumentStatus.ACTIVE)
        .values_list("status_index", "status")
    )
    codes = {index: STATUS_CODES[status] for index, status in inactive}
    now = timezone.now().replace(microsecond=0)
    return statuslist.StatusList.build(
        number,
        codes,
        row.length,
        valid_from=now,
        valid_until=now + STATUS_LIST_VALIDITY,
        ttl=int(STATUS_LIST_TTL.total_seconds()),
    )


class LiveStatusLists(Mapping):
    """Status lists built from the register when the verifier asks for one."""

    def __init__(self):
        self._built: dict[int, statuslist.StatusList | None] = {}

    def __getitem__(self, number):
        if number not in self._built:
            self._built[number] = build_status_list(number)
        if self._built[number] is None:
            raise KeyError(number)
        return self._built[number]

    def __iter__(self) -> Iterator[int]:
        return iter(StatusList.objects.values_list("pk", flat=True))

    def __len__(self) -> int:
        return StatusList.objects.count()


@dataclass
class Found:
    """One verdict, with the register's entry when the document is known."""

    result: Result
    document: IssuedDocument | None = None

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict


@dataclass
class Check:
    query: str
    found: list[Found] = field(default_factory=list)


def verify_payload(text: str, *, today: date | None = None) -> Found:
    """The verdict of offline.verify over the live keys, revocations and status lists.

    One thing only the server can add: a payload signed by a revoked key before its
    compromise time is accepted only when it is the very payload the register stored
    for that document. Whoever stole the key could sign a false document dated before
    the compromise; offline that cannot be told apart, online it is `key_revoked`."""
    revoked = revocations()
    result = verify(
        text,
        keyring(),
        LiveStatusLists(),
        today=today or timezone.localdate(),
        now=timezone.now(),
        revoked=revoked,
    )
    document = None
    if result.claims is not None:
        document = (
            IssuedDocument.objects.select_related("superseded_by", "parent")
            .filter(doc_type=result.claims.doc_type, number=result.claims.number)
            .first()
        )
        if result.kid in revoked and (document is None or document.payload != extract(text)):
            result = Result(
                Verdict.KEY_REVOKED,
                kid=result.kid,
                key_revoked_since=revoked[result.kid],
                detail="signed with a revoked key and not the register's payload",
            )
            document = None
    return Found(result, document)


def check(query: str, *, doc_type: str = "", today: date | None = None) -> Check:
    """The verdict(s) for what a visitor scanned, pasted or typed.

    A payload (or the QR's URL) is verified as it is. Anything else is taken as a
    document number (a Batikmark label's serial is its number) — also when it comes
    inside a verification page's address: the URL fallback `…/verifikasi/<type>/<number>/`
    or `…/verifikasi/?q=<number>`. Each matching document's stored payload is verified;
    no match is `not_registered`. A number used by two document types gives one verdict
    per type unless `doc_type` (or the address) says which.
    """
    query = (query or "").strip()
    outcome = Check(query=query)
    if not query:
        return outcome
    if extract(query) is not None:
        outcome.found.append(verify_payload(query, today=today))
        return outcome
    number, types = query, {doc_type} - {""}
    named = named_document(query)
    if named is not None:
        named_type, number = named
        types |= {named_type} - {""}
    documents = IssuedDocument.objects.with_number(number)
    for one_type in types:
        documents = documents.filter(doc_type=one_type)
    for document in documents.order_by("doc_type")[:10]:
        outcome.found.append(verify_payload(document.payload, today=today))
    if not outcome.found:
        outcome.found.append(Found(Result(Verdict.NOT_REGISTERED, detail="number not found")))
    return outcome
