"""Instruments and their calibration: an instrument whose calibration has expired
cannot be chosen for a result."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage

from ..files import validate_document
from .reference import random_name


def calibration_document_path(instance, filename: str) -> str:
    return random_name("lab/calibration", filename)


class InstrumentQuerySet(models.QuerySet):
    def with_calibration(self):
        """Annotate `calibrated_until`: the end of the latest calibration (None if never)."""
        return self.annotate(calibrated_until=Max("calibrations__valid_until"))

    def usable_on(self, day: date):
        """Active instruments that may be used on `day`: no calibration needed, or a
        calibration record covering the day."""
        covering = Calibration.objects.filter(
            instrument=OuterRef("pk"), calibrated_on__lte=day, valid_until__gte=day
        )
        return self.filter(is_active=True).filter(Q(needs_calibration=False) | Exists(covering))

    def expiring_within(self, days: int, today: date):
        """Active instruments whose calibration runs out in the next `days` days."""
        return (
            self.filter(is_active=True, needs_calibration=True)
            .with_calibration()
            .filter(calibrated_until__gte=today, calibrated_until__lte=today + timedelta(days=days))
            .order_by("calibrated_until", "code")
        )

    def expired(self, today: date):
        """Active instruments that need calibration and have none covering today."""
        return (
            self.filter(is_active=True, needs_calibration=True)
            .with_calibration()
            .filter(Q(calibrated_until__lt=today) | Q(calibrated_until__isnull=True))
            .order_by("code")
        )


class Instrument(models.Model):
    """A piece of lab equipment; while its calibration is expired no result may use it."""

    code = models.CharField(_("kode inventaris"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    model_name = models.CharField(_("merek/tipe"), max_length=200, blank=True)
    serial_number = models.CharField(_("nomor seri"), max_length=100, blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    needs_calibration = models.BooleanField(
        _("wajib kalibrasi"),
        default=True,
        help_text=_("Kosongkan untuk alat bantu yang tidak dikalibrasi (misalnya wadah)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("instrumen")
        verbose_name_plural = _("instrumen")

    def __str__(self):
        return f"{self.code} {self.name}"

    def is_usable_on(self, day: date) -> bool:
        return Instrument.objects.usable_on(day).filter(pk=self.pk).exists()


class Calibration(models.Model):
    """One calibration of an instrument and how long it holds."""

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="calibrations",
        verbose_name=_("instrumen"),
    )
    calibrated_on = models.DateField(_("tanggal kalibrasi"))
    valid_until = models.DateField(_("berlaku sampai"))
    certificate_number = models.CharField(_("nomor sertifikat kalibrasi"), max_length=100)
    calibrated_by = models.CharField(_("pelaksana kalibrasi"), max_length=200, blank=True)
    document = models.FileField(
        _("sertifikat (PDF)"),
        storage=private_storage,
        upload_to=calibration_document_path,
        blank=True,
        validators=[validate_document],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument", "-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("calibrated_on")),
                name="lab_calibration_valid_after_calibrated",
            )
        ]
        verbose_name = _("kalibrasi")
        verbose_name_plural = _("kalibrasi")

    def __str__(self):
        return f"{self.instrument.code} {self.certificate_number} ({self.valid_until:%Y-%m-%d})"

    def clean(self):
        if self.calibrated_on and self.valid_until and self.valid_until < self.calibrated_on:
            raise ValidationError(
                {"valid_until": _("Tanggal berlaku tidak boleh sebelum tanggal kalibrasi.")}
            )
