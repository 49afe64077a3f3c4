"""Batikmark label batches ordered by a holder, and their serial-numbered labels.

Each label is registered in kriya.verify as a `batikmark_label` under its certificate,
so it carries its own signed QR and follows the certificate's status (a suspended or
withdrawn certificate suspends or withdraws every label at once, offline too).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_LABELS_PER_BATCH = 1000


class LabelBatchStatus(models.TextChoices):
    ORDERED = "ordered", _("Dipesan")
    ISSUED = "issued", _("Diterbitkan")
    REFUSED = "refused", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


class LabelBatch(models.Model):
    """A holder's order of Batikmark labels for one certificate."""

    certificate = models.ForeignKey(
        "certification.Certificate",
        on_delete=models.PROTECT,
        related_name="label_batches",
        verbose_name=_("sertifikat"),
    )
    quantity = models.PositiveIntegerField(_("jumlah label"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=LabelBatchStatus.choices,
        default=LabelBatchStatus.ORDERED,
        editable=False,
    )
    status_reason = models.TextField(_("alasan"), blank=True, editable=False)
    note = models.CharField(_("catatan pemesan"), max_length=300, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(_("dipesan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pesanan label Batikmark")
        verbose_name_plural = _("pesanan label Batikmark")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_LABELS_PER_BATCH),
                name="certification_label_batch_quantity",
            )
        ]

    def __str__(self):
        return f"{self.certificate.number} · {self.quantity} label"

    @property
    def business(self):
        return self.certificate.business


class Label(models.Model):
    """One Batikmark label: a serial issued to the certificate's holder."""

    batch = models.ForeignKey(LabelBatch, on_delete=models.PROTECT, related_name="labels")
    certificate = models.ForeignKey(
        "certification.Certificate", on_delete=models.PROTECT, related_name="labels"
    )
    serial = models.CharField(_("nomor seri"), max_length=30, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["serial"]
        verbose_name = _("label Batikmark")
        verbose_name_plural = _("label Batikmark")

    def __str__(self):
        return self.serial
