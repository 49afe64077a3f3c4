"""Batikmark label batches: the holder orders, the body issues serial-numbered labels,
each registered in kriya.verify under its certificate (its own signed QR)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit

from .. import notifications, register
from ..models import Certificate, Label, LabelBatch
from ..models.labels import MAX_LABELS_PER_BATCH
from ..workflow import LABEL_BATCH, is_holder
from .common import next_number, notify_on_commit

SERIAL_FORMAT = "BM-{year}-{seq:06d}"


def label_serial(year: int) -> str:
    """The next label serial: BM-<year>-<6-digit sequence> (docs/certification.md)."""
    return SERIAL_FORMAT.format(year=year, seq=next_number("label", year))


def _check_labelable(certificate: Certificate) -> None:
    if not certificate.scheme.is_batikmark:
        raise ValidationError(_("Label hanya untuk sertifikat Batikmark."))
    if not certificate.is_valid():
        raise ValidationError(_("Label hanya untuk sertifikat yang masih berlaku dan aktif."))


@transaction.atomic
def order_labels(*, certificate: Certificate, quantity, by, note: str = "") -> LabelBatch:
    """The holder orders a batch of labels for an active, unexpired Batikmark certificate."""
    if not is_holder(by, certificate):
        raise PermissionDenied(_("Hanya pemegang sertifikat yang dapat memesan label."))
    _check_labelable(certificate)
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        quantity = 0
    if not 1 <= quantity <= MAX_LABELS_PER_BATCH:
        raise ValidationError(
            {
                "quantity": _("Jumlah label antara 1 dan %(max)d per pesanan.")
                % {"max": MAX_LABELS_PER_BATCH}
            }
        )
    batch = LabelBatch.objects.create(
        certificate=certificate,
        quantity=quantity,
        note=(note or "").strip()[:300],
        ordered_by=by,
        is_demo=certificate.is_demo,
    )
    audit.record(actor=by, verb="label_batch.ordered", obj=batch, data={"quantity": quantity})
    notify_on_commit(
        event="label_batch.ordered",
        business=certificate.business,
        obj=batch,
        by=by,
        audience=notifications.BODY,
    )
    return batch


def issue_labels(*, batch: LabelBatch, by) -> LabelBatch:
    """Issue an ordered batch: one serial per label, each entered in kriya.verify as a
    `batikmark_label` under the certificate (sharing its status). All or nothing."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = LabelBatch.objects.select_for_update().get(pk=batch.pk)
        certificate = locked.certificate
        _check_labelable(certificate)
        certificate_document = register.document_of(certificate)
        if certificate_document is None:
            raise ValidationError(_("Sertifikat ini belum terdaftar untuk verifikasi."))
        updated = LABEL_BATCH.transition(
            locked,
            action="issue",
            by=by,
            changes={"issued_by": by, "issued_at": timezone.now()},
        )
        serials = []
        for _i in range(updated.quantity):
            label = Label.objects.create(
                batch=updated, certificate=certificate, serial=label_serial(today.year)
            )
            register.register_label(
                label, certificate_document=certificate_document, issued_on=today, by=by
            )
            serials.append(label.serial)
        audit.record(
            actor=by,
            verb="label_batch.labels_issued",
            obj=updated,
            data={"first": serials[0], "last": serials[-1], "count": len(serials)},
        )
        notify_on_commit(
            event="label_batch.issue", business=certificate.business, obj=updated, by=by
        )
    for f in updated._meta.concrete_fields:
        setattr(batch, f.attname, getattr(updated, f.attname))
    return batch


def refuse_labels(*, batch: LabelBatch, reason: str, by) -> LabelBatch:
    with transaction.atomic():
        updated = LABEL_BATCH.transition(
            batch,
            action="refuse",
            by=by,
            reason=reason,
            changes={"status_reason": (reason or "").strip()},
        )
        notify_on_commit(event="label_batch.refuse", business=updated.business, obj=updated, by=by)
    return updated


def cancel_labels(*, batch: LabelBatch, by) -> LabelBatch:
    return LABEL_BATCH.transition(batch, action="cancel", by=by)
