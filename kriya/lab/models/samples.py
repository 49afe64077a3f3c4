"""Samples received for a testing request: their code and label, condition on
receipt, photos, storage, chain of custody, retention and disposal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage

from ..files import validate_photo
from ..verdicts import DecisionRule
from .reference import random_name

RETENTION_DAYS = 60  # default days a sample is kept after receipt (docs/lab.md)


class Counter(models.Model):
    """Yearly number sequences (sample codes, report numbers), taken under a row lock."""

    name = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="lab_counter_unique")]

    def __str__(self):
        return f"{self.name} {self.year}: {self.value}"


class Condition(models.TextChoices):
    GOOD = "good", _("Baik, sesuai permohonan")
    DAMAGED = "damaged", _("Rusak atau cacat")
    INSUFFICIENT = "insufficient", _("Jumlah kurang")
    OTHER = "other", _("Lainnya (lihat catatan)")


class Disposal(models.TextChoices):
    RETURNED = "returned", _("Dikembalikan kepada pemohon")
    DESTROYED = "destroyed", _("Dimusnahkan")


class SampleQuerySet(models.QuerySet):
    def held(self):
        """Samples still in the lab (not disposed of)."""
        return self.filter(disposed_at__isnull=True)

    def past_retention(self, today):
        return self.held().filter(retain_until__lt=today)


class Sample(models.Model):
    """A sample (contoh uji) received for a testing request, judged against a
    standard edition's specifications (or none: results are then "no limit")."""

    code = models.CharField(_("kode contoh"), max_length=20, unique=True, editable=False)
    request = models.ForeignKey(
        "desk.ServiceRequest",
        on_delete=models.PROTECT,
        related_name="lab_samples",
        verbose_name=_("permohonan"),
    )
    description = models.CharField(
        _("uraian contoh"),
        max_length=300,
        help_text=_("Misalnya: kain batik tulis, motif anggur, pewarna alam."),
    )
    quantity = models.CharField(_("jumlah/ukuran"), max_length=100, blank=True)
    standard_version = models.ForeignKey(
        "lab.StandardVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samples",
        verbose_name=_("dinilai terhadap standar"),
    )
    methods = models.ManyToManyField(
        "lab.TestMethod", related_name="samples", verbose_name=_("metode uji yang diminta")
    )
    condition = models.CharField(
        _("kondisi saat diterima"), max_length=20, choices=Condition.choices
    )
    condition_note = models.TextField(_("catatan kondisi"), blank=True)
    storage_location = models.CharField(_("tempat penyimpanan"), max_length=200)
    received_at = models.DateTimeField(_("diterima pada"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterima oleh"),
    )
    retain_until = models.DateField(_("disimpan sampai"))
    disposed_at = models.DateTimeField(_("dilepas pada"), null=True, blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dilepas oleh"),
    )
    disposal = models.CharField(
        _("cara pelepasan"), max_length=20, choices=Disposal.choices, blank=True
    )
    disposal_note = models.TextField(_("catatan pelepasan"), blank=True)
    # Who took the sample (ISO/IEC 17025 §7.8.5): the agency, when a certification
    # sampling sent it to the lab (kriya.certification.lab_link), else the customer.
    sampled_by_agency = models.BooleanField(_("diambil oleh lembaga"), default=False)
    sampled_by = models.CharField(_("pengambil contoh"), max_length=200, blank=True)
    sampled_on = models.DateField(_("tanggal pengambilan"), null=True, blank=True)
    sampling_place = models.CharField(_("tempat pengambilan"), max_length=300, blank=True)
    sampling_plan = models.CharField(_("rencana pengambilan contoh"), max_length=300, blank=True)
    report_uncertainty = models.BooleanField(
        _("pelanggan meminta ketidakpastian pengukuran"),
        default=False,
        help_text=_("Laporan mencetak ketidakpastian setiap hasil contoh ini."),
    )
    # The decision rule agreed at contract review, which the lab does when it receives
    # the sample (docs/lab.md): it judges every result of the sample.
    decision_rule = models.CharField(
        _("aturan keputusan"),
        max_length=10,
        choices=DecisionRule.choices,
        default=DecisionRule.SIMPLE,
    )
    guard_band = models.DecimalField(
        _("pita pengaman"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Lebar pita pengaman (w) dalam satuan parameter, untuk penerimaan berpengaman."
        ),
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SampleQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("contoh uji")
        verbose_name_plural = _("contoh uji")
        constraints = [
            models.CheckConstraint(
                condition=Q(disposed_at__isnull=True) | ~Q(disposal=""),
                name="lab_sample_disposal_has_a_method",
            ),
            models.CheckConstraint(
                condition=(Q(decision_rule=DecisionRule.SIMPLE) & Q(guard_band__isnull=True))
                | (
                    Q(decision_rule=DecisionRule.GUARDED)
                    & Q(guard_band__isnull=False)
                    & Q(guard_band__gte=0)
                ),
                name="lab_sample_guard_band_for_guarded_acceptance",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def is_disposed(self) -> bool:
        return self.disposed_at is not None


def sample_photo_path(instance, filename: str) -> str:
    return random_name("lab/sample", filename)


class SamplePhoto(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(
        _("foto"),
        storage=private_storage,
        upload_to=sample_photo_path,
        validators=[validate_photo],
    )
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("foto contoh")
        verbose_name_plural = _("foto contoh")

    def __str__(self):
        return f"{self.sample.code} · {self.caption or self.pk}"


class CustodyAction(models.TextChoices):
    RECEIVED = "received", _("Diterima dari pemohon")
    STORED = "stored", _("Disimpan")
    HANDED_OVER = "handed_over", _("Diserahkan")
    RETURNED = "returned", _("Dikembalikan kepada pemohon")
    DESTROYED = "destroyed", _("Dimusnahkan")


class CustodyEvent(models.Model):
    """One link of the chain of custody: who held the sample, where, from when.
    Append-only; a mistake is corrected by a later event."""

    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField(_("kejadian"), max_length=20, choices=CustodyAction.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pemegang"),
    )
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    at = models.DateTimeField(_("waktu"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("riwayat penguasaan contoh")
        verbose_name_plural = _("riwayat penguasaan contoh")

    def __str__(self):
        return f"{self.sample.code} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
