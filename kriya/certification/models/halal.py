"""External halal certificates (BPJPH, numbers SH…) recorded on a business's products.

Halal certificates are issued by BPJPH after the fatwa (MUI/Komite Fatwa), outside
Kriya. A holder records one; the desk checks it against SIHALAL or the paper before it
counts. It has no expiry: it stays valid while composition and production process stay
unchanged (UU 6/2023, PP 42/2024); a change lapses it.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage

SH_NUMBER = re.compile(r"^SH[0-9A-Z./-]{4,40}$")


class HalalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu pemeriksaan petugas")
    ACCEPTED = "accepted", _("Tercatat")
    REJECTED = "rejected", _("Ditolak")
    LAPSED = "lapsed", _("Tidak berlaku (komposisi/proses berubah)")


def halal_evidence_path(instance, filename):
    return f"sertifikasi/halal/{uuid.uuid4().hex}"


class BpjphCheck(models.TextChoices):
    """What BPJPH said of the number when it was recorded (adapters/bpjph.py)."""

    NOT_CHECKED = "", _("Tidak diperiksa otomatis")
    CONFIRMED = "confirmed", _("Cocok dengan data BPJPH")
    UNKNOWN = "unknown", _("Nomor tidak dikenal BPJPH")
    OTHER_HOLDER = "other_holder", _("Pemegang berbeda di BPJPH")
    UNREACHABLE = "unreachable", _("BPJPH tidak dapat dihubungi")


FLAGGED_CHECKS = ("unknown", "other_holder")


class HalalCertificateQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=HalalStatus.ACCEPTED)


class HalalCertificate(models.Model):
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.PROTECT,
        related_name="halal_certificates",
        verbose_name=_("usaha"),
    )
    products = models.ManyToManyField(
        "registry.Product", related_name="halal_certificates", verbose_name=_("produk")
    )
    number = models.CharField(
        _("nomor sertifikat halal"),
        max_length=42,
        help_text=_("Nomor sertifikat halal dari BPJPH, diawali SH."),
    )
    issued_on = models.DateField(_("tanggal terbit"))
    evidence = models.FileField(
        _("salinan sertifikat"),
        storage=private_storage,
        upload_to=halal_evidence_path,
        blank=True,
    )
    evidence_name = models.CharField(max_length=255, blank=True, editable=False)
    evidence_type = models.CharField(max_length=60, blank=True, editable=False)
    evaluation = models.ForeignKey(
        "certification.Evaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="halal_certificates",
        help_text=_("Pemeriksaan halal oleh LPH balai yang mendahului sertifikat ini."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=HalalStatus.choices,
        default=HalalStatus.SUBMITTED,
        editable=False,
    )
    status_reason = models.TextField(_("alasan"), blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    bpjph_check = models.CharField(
        _("pemeriksaan BPJPH"),
        max_length=12,
        choices=BpjphCheck.choices,
        default=BpjphCheck.NOT_CHECKED,
        blank=True,
        editable=False,
    )
    # What BPJPH gave: holder_name, holder_nib, products, issued_on (ISO).
    bpjph_data = models.JSONField(default=dict, blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HalalCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sertifikat halal (BPJPH)")
        verbose_name_plural = _("sertifikat halal (BPJPH)")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(status__in=["submitted", "accepted"]),
                name="certification_halal_number_once",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def is_flagged(self) -> bool:
        return self.bpjph_check in FLAGGED_CHECKS
