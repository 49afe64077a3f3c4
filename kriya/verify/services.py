"""Writes on the register of signed documents and on the signing keys.

This is the interface the certification and laboratory apps call (docs/verify.md):

    issue_document(*, doc_type, number, holder_nib, holder_name, scheme, scope,
                   issued_on, expires_on=None, source=None, parent=None,
                   supersedes=None, reason="", by) -> IssuedDocument
    set_document_status(*, document, action, reason, by) -> IssuedDocument
        action: "suspend" | "reinstate" | "withdraw"
    rotate_signing_key(*, by) -> SigningKey
    revoke_signing_key(*, key, reason, compromised_at, by) -> SigningKey
    published_status_list(number) -> PublishedStatusList | None
    refresh_status_lists() -> int      (the scheduler calls it; see tasks.py)
    record_scans(*, scans, context, doc_types, by, numbers=None) -> ScanBatchResult
        (check-in scans of passes; checkin.py)

Each write runs in one transaction and leaves audit events.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit, pagecache

from . import keystore, statuslist
from .checkin import ScanBatchResult, record_scans  # noqa: F401 (part of this interface)
from .keyring import b64url, key_id, raw_public
from .models import (
    DocType,
    IssuedDocument,
    KeyStatus,
    SigningKey,
    StatusList,
    public_url,
)
from .payload import Claims, sign
from .queries import STATUS_LIST_TTL, STATUS_LIST_VALIDITY, build_status_list, status_list_url
from .workflow import DOCUMENT_LIFECYCLE, KEY_LIFECYCLE, is_administrator

# The published signed copy is signed again once half its validity is gone, so a
# download always has at least half its validity (queries.STATUS_LIST_VALIDITY) left.
STATUS_LIST_RESIGN_AFTER = STATUS_LIST_VALIDITY / 2

NIB_RE = re.compile(r"^\d{13}$")


# --- Signing keys ------------------------------------------------------------


@transaction.atomic
def create_signing_key(*, by) -> SigningKey:
    """A new active Ed25519 key, its private half encrypted. Fails (IntegrityError)
    while another key is active: use rotate_signing_key."""
    private_key = Ed25519PrivateKey.generate()
    public_key = private_key.public_key()
    key = SigningKey.objects.create(
        kid=key_id(public_key),
        public_key=b64url(raw_public(public_key)),
        private_key=keystore.seal(private_key),
        status=KeyStatus.ACTIVE,
    )
    audit.record(actor=by, verb="signing_key.created", obj=key, data={"kid": key.kid})
    return key


def active_signing_key() -> SigningKey:
    """The key new documents are signed with; made on first use so a fresh install works."""
    key = SigningKey.objects.filter(status=KeyStatus.ACTIVE).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return create_signing_key(by=None)
    except IntegrityError:  # another request created it at the same moment
        return SigningKey.objects.get(status=KeyStatus.ACTIVE)


@transaction.atomic
def rotate_signing_key(*, by) -> SigningKey:
    """Retire the active key (it stays published, so its documents keep verifying) and
    make a new active one. Administrators only, or the system (by=None)."""
    if not is_administrator(by, None):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    current = SigningKey.objects.select_for_update().filter(status=KeyStatus.ACTIVE).first()
    if current is not None:
        KEY_LIFECYCLE.transition(
            current, action="retire", by=by, changes={"retired_at": timezone.now()}
        )
    return create_signing_key(by=by)


@transaction.atomic
def revoke_signing_key(*, key: SigningKey, reason: str, compromised_at: datetime, by) -> SigningKey:
    """Revoke a compromised key: from `compromised_at` on, its signatures are not
    accepted (verdict key_revoked, on the page and offline); documents it signed before
    still verify. The key stays published, marked revoked with that time, so offline
    verifiers learn it from the keys file. When it was the active key a new active key
    is made in the same transaction, so issuing carries on. Published status lists it
    signed are signed again with the new key on their next request.

    Administrators only, or the system (by=None). A reason is required; the compromise
    time may not lie in the future. Audited as `signing_key.revoke` (with the number
    of register documents signed from the compromise on: they must be issued again)."""
    if not is_administrator(by, key):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    if compromised_at is None or timezone.is_naive(compromised_at):
        raise ValidationError({"compromised_at": _("Isi tanggal dan jam kebocoran.")})
    if compromised_at > timezone.now():
        raise ValidationError({"compromised_at": _("Tanggal kebocoran tidak boleh di masa depan.")})
    # The caller's instance may be stale (rotated since it was read): ask the locked row.
    locked = SigningKey.objects.select_for_update().get(pk=key.pk)
    was_active = locked.status == KeyStatus.ACTIVE
    affected = IssuedDocument.objects.filter(signed_with=key, created_at__gte=compromised_at)
    KEY_LIFECYCLE.transition(
        key,
        action="revoke",
        by=by,
        reason=reason,
        changes={
            "revoked_at": timezone.now(),
            "compromised_at": compromised_at,
            "revocation_reason": (reason or "").strip(),
            "retired_at": locked.retired_at or timezone.now(),
        },
        data={
            "kid": key.kid,
            "compromised_at": compromised_at.isoformat(),
            "documents_to_reissue": affected.count(),
        },
    )
    if was_active:
        create_signing_key(by=by)
    pagecache.bump("verification")  # verdicts of documents it signed change
    return key


# --- Status lists --------------------------------------------------------------


def allocate_status_slot() -> tuple[StatusList, int]:
    """The next free (list, index), under a row lock so concurrent issues never share
    one; the next list is opened when the current one is full. Call inside a transaction."""
    while True:
        status_list = (
            StatusList.objects.select_for_update()
            .filter(next_index__lt=F("length"))
            .order_by("pk")
            .first()
        )
        if status_list is None:
            status_list = _open_status_list()
        if status_list.next_index < status_list.length:
            break
    index = status_list.next_index
    StatusList.objects.filter(pk=status_list.pk).update(next_index=F("next_index") + 1)
    return status_list, index


def _open_status_list() -> StatusList:
    """The list to take entries from when no open list was seen, locked.

    A concurrent transaction may have opened (and committed) a list since that look, so
    the last list is locked and read again: while it has room it is the one. Only when
    it is full (or there is none) is list n+1 opened, so a list is never opened beside
    one with room (issue 13: two lists for the first documents). Two transactions
    opening number n+1 at once meet on the primary key: the second waits for the first
    and then takes entries from the same list. Numbers are chosen here, not by a
    sequence, for exactly that meeting."""
    last = StatusList.objects.select_for_update().order_by("-pk").first()
    if last is not None and last.next_index < last.length:
        return last
    number = last.pk + 1 if last else 1
    try:
        with transaction.atomic():
            StatusList.objects.create(pk=number)
    except IntegrityError:
        pass  # opened by a concurrent transaction
    return StatusList.objects.select_for_update().get(pk=number)


@dataclass(frozen=True)
class PublishedStatusList:
    """A status list as published: the list (with its signing and expiry times) and the
    signed token served at /verifikasi/status/<n>.cwt."""

    status_list: statuslist.StatusList
    token: bytes


def published_status_list(
    number: int, *, now: datetime | None = None
) -> PublishedStatusList | None:
    """Status list `number` with its signed copy (None if there is no such list).

    The stored copy is served while it holds the current statuses, was signed by the
    active key and is younger than STATUS_LIST_RESIGN_AFTER; otherwise the list is
    signed again (COSE_Sign1 with the active key, iat now, exp now + validity) and
    stored. So a status change or a revocation shows in the very next download, and a
    download always has at least half its validity left. Two requests signing at the
    same moment both publish a correct copy; the later one is kept."""
    return _publish(number, now=now)[0]


def _publish(number: int, *, now: datetime | None) -> tuple[PublishedStatusList | None, bool]:
    """published_status_list, and whether it had to sign."""
    current = build_status_list(number)
    if current is None:
        return None, False
    now = (now or timezone.now()).replace(microsecond=0)
    row = StatusList.objects.get(pk=number)
    digest = hashlib.sha256(current.bits).hexdigest()
    key = active_signing_key()
    stale = not (
        row.signed_token
        and row.signed_digest == digest
        and row.signed_kid == key.kid
        and row.signed_at is not None
        and now - row.signed_at < STATUS_LIST_RESIGN_AFTER
    )
    if stale:
        row.signed_at, row.signed_until = now, now + STATUS_LIST_VALIDITY
        row.signed_token = statuslist.sign(
            current,
            keystore.unseal(key.private_key, kid=key.kid),
            key.kid,
            issuer=settings.KRIYA_PUBLIC_URL,
            url=status_list_url(number, "cwt"),
            issued_at=row.signed_at,
            expires_at=row.signed_until,
            ttl=int(STATUS_LIST_TTL.total_seconds()),
        )
        row.signed_digest, row.signed_kid = digest, key.kid
        StatusList.objects.filter(pk=number).update(
            signed_token=row.signed_token,
            signed_digest=digest,
            signed_kid=key.kid,
            signed_at=row.signed_at,
            signed_until=row.signed_until,
        )
    published = statuslist.StatusList(
        number=number,
        bits=current.bits,
        length=current.length,
        valid_from=row.signed_at,
        valid_until=row.signed_until,
        ttl=current.ttl,
        kid=row.signed_kid,
    )
    return PublishedStatusList(published, bytes(row.signed_token)), stale


def refresh_status_lists(*, now: datetime | None = None) -> int:
    """Sign again every status list whose published copy is stale (statuses changed,
    key rotated or revoked, or half its validity gone); return how many were signed.
    Meant for the scheduler (hourly is plenty): pages would sign on request anyway,
    but then an offline verifier's cached copy could run out while nobody fetched."""
    return sum(
        _publish(number, now=now)[1] for number in StatusList.objects.values_list("pk", flat=True)
    )


# --- Documents -------------------------------------------------------------------


@transaction.atomic
def issue_document(
    *,
    doc_type: str,
    number: str,
    holder_nib: str,
    holder_name: str,
    scheme: str,
    scope: str,
    issued_on: date,
    expires_on: date | None = None,
    source=None,
    parent: IssuedDocument | None = None,
    supersedes: IssuedDocument | None = None,
    reason: str = "",
    is_demo: bool = False,
    by,
) -> IssuedDocument:
    """Register a document and sign its payload; return it with `payload` filled.

    Guarantees: the number is unique for its type; the document gets its own
    status-list entry (or shares its `parent`'s: a Batikmark label under its
    certificate, whose holder, scheme and expiry it takes unless given); with
    `supersedes`, the older document moves to "superseded" pointing at this one, with
    `reason`, in the same transaction. The caller has checked that `by` may issue it.
    Raises ValidationError (Indonesian messages per field) for bad input.
    """
    number = (number or "").strip()
    holder_nib = (holder_nib or "").strip()
    errors = {}
    if doc_type not in DocType.values:
        errors["doc_type"] = _("Jenis dokumen tidak dikenal.")
    if not number:
        errors["number"] = _("Nomor dokumen wajib diisi.")
    elif IssuedDocument.objects.filter(doc_type=doc_type, number=number).exists():
        errors["number"] = _("Nomor ini sudah terdaftar untuk jenis dokumen ini.")
    if holder_nib and not NIB_RE.match(holder_nib):
        errors["holder_nib"] = _("NIB terdiri atas 13 angka.")
    if not (holder_name or "").strip():
        errors["holder_name"] = _("Nama pemegang wajib diisi.")
    if not (scheme or "").strip():
        errors["scheme"] = _("Skema atau standar wajib diisi.")
    if expires_on is not None and expires_on < issued_on:
        errors["expires_on"] = _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.")
    if parent is not None and parent.parent_id is not None:
        errors["parent"] = _("Dokumen induk tidak boleh menjadi bagian dari dokumen lain.")
    if supersedes is not None and supersedes.doc_type != doc_type:
        errors["supersedes"] = _("Dokumen yang digantikan harus berjenis sama.")
    if supersedes is not None and not reason.strip():
        errors["reason"] = _("Alasan wajib diisi.")
    if errors:
        raise ValidationError(errors)

    if parent is not None:
        status_list, index = parent.status_list, parent.status_index
        if expires_on is None:
            expires_on = parent.expires_on
    else:
        status_list, index = allocate_status_slot()
    key = active_signing_key()
    claims = Claims(
        doc_type=doc_type,
        number=number,
        holder_nib=holder_nib,
        holder_name=holder_name.strip(),
        scheme=scheme.strip(),
        scope=(scope or "").strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        status_list=status_list.pk,
        status_index=index,
        url=public_url(doc_type, number),
        ref=parent.number if parent is not None else "",
        issuer=settings.KRIYA_PUBLIC_URL,
    )
    payload = sign(claims, keystore.unseal(key.private_key, kid=key.kid), key.kid)
    document = IssuedDocument(
        doc_type=doc_type,
        number=number,
        holder_nib=claims.holder_nib,
        holder_name=claims.holder_name,
        scheme=claims.scheme,
        scope=claims.scope,
        issued_on=issued_on,
        expires_on=expires_on,
        parent=parent,
        status_list=status_list,
        status_index=index,
        signed_with=key,
        payload=payload,
        is_demo=is_demo,
    )
    if source is not None:
        document.source_type = ContentType.objects.get_for_model(source)
        document.source_id = str(source.pk)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        if not IssuedDocument.objects.filter(doc_type=doc_type, number=number).exists():
            raise
        # The same number was issued by a concurrent transaction.
        raise ValidationError(
            {"number": _("Nomor ini sudah terdaftar untuk jenis dokumen ini.")}
        ) from None
    audit.record(
        actor=by,
        verb="document.issued",
        obj=document,
        data={
            "doc_type": doc_type,
            "number": number,
            "kid": key.kid,
            "status_list": status_list.pk,
            "status_index": index,
            "parent": parent.number if parent else None,
            "supersedes": supersedes.number if supersedes else None,
        },
    )
    if supersedes is not None:
        DOCUMENT_LIFECYCLE.transition(
            supersedes,
            action="supersede",
            by=by,
            reason=reason,
            changes={
                "superseded_by": document,
                "status_reason": reason.strip(),
                "status_changed_at": timezone.now(),
            },
            data={"superseded_by": document.number},
        )
    pagecache.bump("verification")
    return document


def set_document_status(
    *, document: IssuedDocument, action: str, reason: str, by
) -> IssuedDocument:
    """Suspend, reinstate or withdraw a document (with a reason, audited).

    The status list published at /verifikasi/status/<n>.json and .cwt reflects the
    change at once (the signed copy is signed again on its next download). Superseding goes through issue_document(supersedes=…), which also makes the
    successor. Raises InvalidTransition, PermissionDenied or ValidationError.
    """
    if action not in {"suspend", "reinstate", "withdraw"}:
        raise ValueError(f"unknown action {action!r}")
    pagecache.bump("verification")  # on commit: the /verifikasi/ pages show the status
    return DOCUMENT_LIFECYCLE.transition(
        document,
        action=action,
        by=by,
        reason=reason,
        changes={"status_reason": (reason or "").strip(), "status_changed_at": timezone.now()},
    )
