"""The offline verifier: a scanned or pasted text → one verdict. Django-free.

The server's /verifikasi/ page, the API and `python -m kriya.verify` all call
`verify()`; the server passes its live keys and status lists, the command line the
files a verifier downloaded. The order of the checks decides the verdict:

1. no `KRY1:` payload in the text                      → not_registered
2. not decodable / not COSE_Sign1 / not EdDSA / no kid → signature_invalid
3. kid not among the known keys                        → unknown_key
4. Ed25519 signature does not match                    → signature_invalid
5. claims unreadable (not a Kriya document we know)    → not_registered
6. the key is revoked and the payload was signed at or
   after its compromise time (or says no time)         → key_revoked
7. a signed status list given is not to be trusted     → status_list_invalid
8. the document's status list has expired              → status_list_expired
9. the status list says withdrawn/superseded/suspended → that status
10. today is after the expiry date                     → expired
11. otherwise                                          → valid

A deliberate status (9) wins over the date (10): a withdrawn certificate is shown as
withdrawn even after it would have expired. Without the document's status list the
status is not checked and `status_checked` is False (a verdict from signature and
date alone). A document signed by a revoked key before its compromise time still
verifies; `key_revoked_since` says that the key has been revoked since then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .payload import (
    ALG_EDDSA,
    Claims,
    PayloadError,
    extract,
    named_document,
    open_envelope,
    read_claims,
    signature_matches,
)
from .statuslist import Code, StatusList, StatusListError, by_number, open_signed


class Verdict(StrEnum):
    VALID = "valid"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    SIGNATURE_INVALID = "signature_invalid"
    UNKNOWN_KEY = "unknown_key"
    NOT_REGISTERED = "not_registered"
    KEY_REVOKED = "key_revoked"
    STATUS_LIST_INVALID = "status_list_invalid"
    STATUS_LIST_EXPIRED = "status_list_expired"


# Verdicts about the verifier's own downloaded status list: the server builds its lists
# itself, so only an offline verifier reaches them.
OFFLINE_ONLY = {Verdict.STATUS_LIST_INVALID, Verdict.STATUS_LIST_EXPIRED}


STATUS_VERDICTS = {
    Code.SUSPENDED: Verdict.SUSPENDED,
    Code.WITHDRAWN: Verdict.WITHDRAWN,
    Code.SUPERSEDED: Verdict.SUPERSEDED,
}


@dataclass(frozen=True)
class Result:
    """A verdict and, only when the signature checked out, the document's claims."""

    verdict: Verdict
    claims: Claims | None = None
    kid: str | None = None
    status_checked: bool = False
    status_stale: bool = False
    detail: str = ""
    key_revoked_since: datetime | None = None

    @property
    def is_valid(self) -> bool:
        return self.verdict is Verdict.VALID

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict.value,
            "kid": self.kid,
            "status_checked": self.status_checked,
            "status_stale": self.status_stale,
            "detail": self.detail,
            "key_revoked_since": (
                self.key_revoked_since.isoformat().replace("+00:00", "Z")
                if self.key_revoked_since
                else None
            ),
            "claims": self.claims.as_dict() if self.claims else None,
        }


def verify(
    text: str,
    keys: Mapping[str, Ed25519PublicKey],
    status_lists: Mapping[int, StatusList] | Iterable[StatusList | bytes] | None = None,
    today: date | None = None,
    now: datetime | None = None,
    revoked: Mapping[str, datetime] | None = None,
) -> Result:
    """The verdict on `text` (the bare `KRY1:` payload or the QR's URL form).

    `keys` maps kid → Ed25519 public key (see keyring.load_keys), `revoked` kid → the
    compromise time of each revoked key (keyring.load_revocations). `status_lists`
    maps a list number to its StatusList, or is an iterable of StatusLists (trusted as
    given) and signed lists (bytes, as downloaded: checked here against `keys`); a
    Mapping may build lists lazily, only the document's own list is looked up. `today`
    decides the document's expiry (default: the local date); `now` whether its status
    list has expired (default: the clock).
    """
    revoked = revoked or {}
    now = now or datetime.now(UTC)
    payload_text = extract(text)
    if payload_text is None:
        if named_document(text) is not None:
            # The URL fallback names a number; only the register (online) knows it.
            return Result(Verdict.NOT_REGISTERED, detail="a page address without a payload")
        return Result(Verdict.NOT_REGISTERED, detail="not a Kriya payload")
    try:
        envelope = open_envelope(payload_text)
    except PayloadError as exc:
        return Result(Verdict.SIGNATURE_INVALID, detail=str(exc))
    if envelope.alg != ALG_EDDSA or not envelope.kid:
        return Result(Verdict.SIGNATURE_INVALID, detail="unexpected algorithm or missing kid")
    public_key = keys.get(envelope.kid)
    if public_key is None:
        return Result(Verdict.UNKNOWN_KEY, kid=envelope.kid, detail="key id not known")
    if not signature_matches(envelope, public_key):
        return Result(Verdict.SIGNATURE_INVALID, kid=envelope.kid, detail="signature mismatch")
    try:
        claims = read_claims(envelope)
    except PayloadError as exc:
        return Result(Verdict.NOT_REGISTERED, kid=envelope.kid, detail=str(exc))

    compromised = revoked.get(envelope.kid)
    if compromised is not None and (
        claims.signed_at is None or claims.signed_at >= compromised.timestamp()
    ):
        # Whoever holds the stolen key can sign anything: nothing in it is shown.
        return Result(
            Verdict.KEY_REVOKED,
            kid=envelope.kid,
            key_revoked_since=compromised,
            detail="signed with a revoked key at or after its compromise",
        )
    facts = {"claims": claims, "kid": envelope.kid, "key_revoked_since": compromised}

    if isinstance(status_lists, Mapping):
        lists = status_lists
    else:
        opened = []
        for item in status_lists or []:
            if isinstance(item, StatusList):
                opened.append(item)
                continue
            try:
                opened.append(open_signed(item, keys, revoked))
            except StatusListError as exc:
                return Result(Verdict.STATUS_LIST_INVALID, detail=str(exc), **facts)
        lists = by_number(opened)
    status_list = lists.get(claims.status_list)
    status_checked, code, detail = False, Code.ACTIVE, ""
    if status_list is None:
        detail = f"status list {claims.status_list} not available"
    elif status_list.is_stale(now):
        return Result(
            Verdict.STATUS_LIST_EXPIRED,
            status_stale=True,
            detail=f"status list {claims.status_list} expired at {status_list.valid_until}",
            **facts,
        )
    else:
        try:
            code = status_list.status(claims.status_index)
            status_checked = True
        except IndexError:
            detail = f"status index {claims.status_index} outside list {claims.status_list}"

    today = today or date.today()
    if code in STATUS_VERDICTS:
        verdict = STATUS_VERDICTS[code]
    elif claims.expires_on is not None and today > claims.expires_on:
        verdict = Verdict.EXPIRED
    else:
        verdict = Verdict.VALID
    return Result(verdict, status_checked=status_checked, detail=detail, **facts)
