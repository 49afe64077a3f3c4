"""External halal certificates (BPJPH) recorded on a business's products."""

from __future__ import annotations

import os
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit
from kriya.core.uploads import check_document
from kriya.registry.access import has_consent, is_owner_of

from .. import notifications
from ..models import HalalCertificate, HalalStatus
from ..models.halal import SH_NUMBER
from ..workflow import HALAL, is_desk
from .common import notify_on_commit, showcase_changed


def normalise_sh(number: str) -> str:
    return "".join((number or "").split()).upper()


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
    try:
        with transaction.atomic():
            certificate = HalalCertificate(
                business=business,
                number=number,
                issued_on=issued_on,
                evaluation=evaluation,
                submitted_by=by,
                is_demo=business.is_demo,
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
                data={"number": number, "products": [p.pk for p in products]},
            )
            notify_on_commit(
                event="halal_certificate.recorded",
                business=business,
                obj=certificate,
                by=by,
                audience=notifications.BODY,
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
