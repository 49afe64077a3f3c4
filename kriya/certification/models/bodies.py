"""The certification bodies as the certificate names them (ISO/IEC 17065 7.7.1): name,
address, accreditation, and the people authorised to sign for each.

Loaded from reference.yaml (`first_deployment.agency`) by `reference.load_bodies`;
an administrator edits them. What the reference data does not give (an accreditation
mark, the signatories) stays empty until an administrator enters it — nothing is
invented.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kriya.desk.models import Body


class CertificationBody(models.Model):
    code = models.CharField(_("kode lembaga"), max_length=8, choices=Body.choices, unique=True)
    name = models.CharField(_("nama lembaga"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    accreditation_number = models.CharField(
        _("nomor akreditasi"),
        max_length=60,
        blank=True,
        help_text=_("Mis. nomor akreditasi KAN. Kosong: tidak dicetak."),
    )
    accreditation_mark = models.FileField(
        _("tanda akreditasi (PNG/SVG)"),
        upload_to="sertifikasi/akreditasi/",
        blank=True,
        validators=[FileExtensionValidator(["png", "svg"])],
        help_text=_("Dicetak hanya bila diisi dan nomor akreditasi diisi."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("lembaga sertifikasi")
        verbose_name_plural = _("lembaga sertifikasi")

    def __str__(self):
        return self.name


class AuthorisedSignatory(models.Model):
    """A person authorised to sign the certificates of a body: the name and position
    printed on the certificate (not a user name). `user`, when set, is the account of
    that person."""

    body = models.ForeignKey(
        CertificationBody,
        on_delete=models.PROTECT,
        related_name="signatories",
        verbose_name=_("lembaga"),
    )
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    position_id = models.CharField(_("jabatan (Indonesia)"), max_length=150)
    position_en = models.CharField(_("jabatan (Inggris)"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("akun pengguna"),
    )
    is_active = models.BooleanField(_("berwenang"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["body", "order", "id"]
        verbose_name = _("penandatangan berwenang")
        verbose_name_plural = _("penandatangan berwenang")

    def __str__(self):
        return f"{self.full_name}, {self.position_id}"

    def position(self, language: str = "id") -> str:
        return self.position_en if language == "en" and self.position_en else self.position_id
