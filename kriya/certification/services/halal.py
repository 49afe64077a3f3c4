"""External halal certificates (BPJPH) recorded on a business's products."""

from __future__ import annotations

import os
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit
from kriya.core.adapters import observed
from kriya.core.uploads import check_document
from kriya.registry.access import has_consent, is_owner_of

from .. import notifications
from ..adapters import bpjph
from ..models import BpjphCheck, HalalCertificate, HalalStatus
from ..models.halal import SH_NUMBER
from ..workflow import HALAL, is_desk
from .common import notify_on_commit, showcase_changed


def normalise_sh(number: str) -> str:
    return "".join((number or "").split()).upper()


def _same_holder(record: bpjph.HalalRecord, business) -> bool:
    if record.holder_nib:
        return record.holder_nib == business.nib
    return (
        " ".join(record.holder_name.split()).casefold()
        == " ".join(business.name.split()).casefold()
    )


def ask_bpjph(number: str, business) -> tuple[str, dict]:
    """What BPJPH says of `number` for `business`: (BpjphCheck value, what it gave).
    With the adapter off: not checked, and the desk checks by hand as before."""
    adapter = bpjph.get_adapter()
    if adapter is None:
        return BpjphCheck.NOT_CHECKED, {}
    try:
        with observed(bpjph.NAME, answers=(bpjph.BpjphNotFound,)):
            record = adapter.lookup(number)
    except bpjph.BpjphNotFound:
        return BpjphCheck.UNKNOWN, {}
    except Exception:
        return BpjphCheck.UNREACHABLE, {}
    data = {
        "holder_name": record.holder_name,
        "holder_nib": record.holder_nib,
        "products": list(record.products),
        "issued_on": record.issued_on.isoformat(),
    }
    if not _same_holder(record, business):
        return BpjphCheck.OTHER_HOLDER, data
    return BpjphCheck.CONFIRMED, data


def record_halal_certificate(
    *,
    business,
    products,
    number: str,
    issued_on: date | None,
    by,
    evidence=None,
    evaluation=None,
) -> HalalCertificate:
    """Record a BPJPH halal certificate on products of `business` (by its owner or a
    consented facilitator, or the desk). It counts once the desk has checked it."""
    if not (is_owner_of(by, business) or has_consent(by, business) or is_desk(by)):
        raise PermissionDenied(_("Anda tidak dapat mencatat sertifikat halal untuk usaha ini."))
    number = normalise_sh(number)
    products = list(products or [])
    errors = {}
    if not SH_NUMBER.match(number):
        errors["number"] = _("Nomor sertifikat halal BPJPH diawali SH, misalnya SH2026-0001234.")
    if issued_on is None:
        errors["issued_on"] = _("Isi tanggal terbit sertifikat halal.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("Tanggal terbit tidak boleh di masa depan.")
    if not products:
        errors["products"] = _("Pilih produk yang tercakup sertifikat halal.")
    elif any(p.business_id != business.pk for p in products):
        errors["products"] = _("Produk bukan milik usaha ini.")
    info = None
    if evidence is not None:
        try:
            info = check_document(evidence)
        except ValidationError as error:
            errors["evidence"] = error.messages
    if not errors and (
        HalalCertificate.objects.filter(number=number)
        .filter(status__in=[HalalStatus.SUBMITTED, HalalStatus.ACCEPTED])
        .exists()
    ):
        errors["number"] = _("Nomor sertifikat halal ini sudah tercatat.")
    if errors:
        raise ValidationError(errors)
    # Asked before the transaction: a slow BPJPH holds no lock.
    bpjph_check, bpjph_data = ask_bpjph(number, business)
    try:
        with transaction.atomic():
            certificate = HalalCertificate(
                business=business,
                number=number,
                issued_on=issued_on,
                evaluation=evaluation,
                submitted_by=by,
                is_demo=business.is_demo,
                bpjph_check=bpjph_check,
                bpjph_data=bpjph_data,
            )
            if evidence is not None:
                evidence.seek(0)
                certificate.evidence_name = os.path.basename(evidence.name or "")[:255]
                certificate.evidence_type = info.content_type
                certificate.evidence.save(f"sh.{info.extension}", evidence, save=False)
            certificate.save()
            certificate.products.set(products)
            audit.record(
                actor=by,
                verb="halal_certificate.recorded",
                obj=certificate,
                data={
                    "number": number,
                    "products": [p.pk for p in products],
                    "bpjph_check": bpjph_check,
                },
            )
            notify_on_commit(
                event="halal_certificate.recorded",
                business=business,
                obj=certificate,
                by=by,
                audience=notifications.BODY,
            )
            if certificate.is_flagged:
                # Not silently accepted: the desk hears of it, and the record says so.
                notify_on_commit(
                    event="halal_certificate.flagged",
                    business=business,
                    obj=certificate,
                    by=by,
                    audience=notifications.DESK,
                    data={"note": str(certificate.get_bpjph_check_display())},
                )
    except IntegrityError:
        raise ValidationError({"number": _("Nomor sertifikat halal ini sudah tercatat.")}) from None
    return certificate


def accept_recorded(*, halal: HalalCertificate, by) -> HalalCertificate:
    return check_halal_certificate(halal=halal, accept=True, by=by)


def check_halal_certificate(
    *, halal: HalalCertificate, accept: bool, by, reason: str = ""
) -> HalalCertificate:
    """The desk checks a recorded halal certificate (SIHALAL or the paper): accepted, it
    shows on the products; rejected, the holder is told why."""
    with transaction.atomic():
        updated = HALAL.transition(
            halal,
            action="accept" if accept else "reject",
            by=by,
            reason=reason,
            changes={
                "status_reason": (reason or "").strip(),
                "checked_by": by,
                "checked_at": timezone.now(),
            },
        )
        notify_on_commit(
            event=f"halal_certificate.{'accept' if accept else 'reject'}",
            business=updated.business,
            obj=updated,
            by=by,
        )
        showcase_changed(updated.business)
    return updated


def lapse_halal_certificate(*, halal: HalalCertificate, reason: str, by) -> HalalCertificate:
    """A halal certificate no longer holds: composition or process changed (reason)."""
    with transaction.atomic():
        updated = HALAL.transition(
            halal,
            action="lapse",
            by=by,
            reason=reason,
            changes={"status_reason": (reason or "").strip()},
        )
        showcase_changed(updated.business)
    return updated
