"""Writes on the register of signed documents and on the signing keys.

This is the interface the certification and laboratory apps call (docs/verify.md):

    issue_document(*, doc_type, number, holder_nib, holder_name, scheme, scope,
                   issued_on, expires_on=None, source=None, parent=None,
                   supersedes=None, reason="", by) -> IssuedDocument
    set_document_status(*, document, action, reason, by) -> IssuedDocument
        action: "suspend" | "reinstate" | "withdraw"
    rotate_signing_key(*, by) -> SigningKey

Each runs in one transaction and leaves audit events.
"""

from __future__ import annotations

import re
from datetime import date

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit

from . import keystore
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
from .workflow import DOCUMENT_LIFECYCLE, KEY_LIFECYCLE, is_administrator

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
    """Open list n+1 and lock it. Numbers are chosen here, not by a sequence, so two
    transactions opening a list at once meet on the primary key: the second waits for
    the first and then takes entries from the same list."""
    last = StatusList.objects.order_by("-pk").first()
    number = last.pk + 1 if last else 1
    try:
        with transaction.atomic():
            StatusList.objects.create(pk=number)
    except IntegrityError:
        pass  # opened by a concurrent transaction
    return StatusList.objects.select_for_update().get(pk=number)


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
    return document


def set_document_status(
    *, document: IssuedDocument, action: str, reason: str, by
) -> IssuedDocument:
    """Suspend, reinstate or withdraw a document (with a reason, audited).

    The status list published at /verifikasi/status/<n>.json reflects the change at
    once. Superseding goes through issue_document(supersedes=…), which also makes the
    successor. Raises InvalidTransition, PermissionDenied or ValidationError.
    """
    if action not in {"suspend", "reinstate", "withdraw"}:
        raise ValueError(f"unknown action {action!r}")
    return DOCUMENT_LIFECYCLE.transition(
        document,
        action=action,
        by=by,
        reason=reason,
        changes={"status_reason": (reason or "").strip(), "status_changed_at": timezone.now()},
    )
