"""Reference data: standards with their editions, test methods, parameters and the
limits (specifications) an edition sets.

Reference data is editable by an administrator and seeded from reference.yaml.
Values the public sources did not confirm carry `verified=False` and are shown to
administrators as "perlu dikonfirmasi" (to be confirmed); limits the sources do
not give stay unset and read "batas belum ditetapkan".
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import verdicts
from ..scales import Scale, parse_value
from ..verdicts import LimitKind

VERIFIED_HELP = _(
    "Kosongkan bila nilai ini belum dikonfirmasi dari sumber resmi; "
    "administrator melihatnya sebagai “perlu dikonfirmasi”."
)


def random_name(folder: str, filename: str) -> str:
    """Uploads are stored under random names, keeping only a short lower-case suffix."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class ReferenceQuerySet(models.QuerySet):
    def to_confirm(self):
        return self.filter(verified=False)


class Standard(models.Model):
    """A standard by its number, e.g. "SNI 8302" or "SNI ISO 105-C06"."""

    code = models.CharField(_("nomor standar"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=300, blank=True)
    verified = models.BooleanField(_("terkonfirmasi"), default=True, help_text=VERIFIED_HELP)
    note = models.TextField(_("catatan"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("standar")
        verbose_name_plural = _("standar")

    def __str__(self):
        return self.code


class StandardVersion(models.Model):
    """One edition of a standard ("2016/Amd.1:2019"); limits belong to an edition."""

    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="versions", verbose_name=_("standar")
    )
    version = models.CharField(_("edisi"), max_length=60)
    title = models.CharField(_("judul"), max_length=300)
    is_current = models.BooleanField(_("edisi berlaku"), default=True)
    verified = models.BooleanField(_("terkonfirmasi"), default=True, help_text=VERIFIED_HELP)
    note = models.TextField(_("catatan"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["standard__code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "version"], name="lab_standard_version_unique"
            )
        ]
        verbose_name = _("edisi standar")
        verbose_name_plural = _("edisi standar")

    def __str__(self):
        return self.code

    @property
    def code(self) -> str:
        return f"{self.standard.code}:{self.version}" if self.version else self.standard.code


class TestMethod(models.Model):
    """How parameters are measured: a test method standard or a documented procedure."""

    __test__ = False  # not a pytest test class despite its name

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    standard_version = models.ForeignKey(
        StandardVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="methods",
        verbose_name=_("standar metode"),
    )
    reference = models.CharField(
        _("acuan"), max_length=200, blank=True, help_text=_("Acuan metode seperti tertulis.")
    )
    required_verifications = models.PositiveSmallIntegerField(
        _("jumlah verifikasi"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Berapa orang berbeda (selain analis) yang harus memverifikasi hasilnya."),
    )
    turnaround_days = models.PositiveSmallIntegerField(
        _("waktu uji (hari kerja)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Batas waktu analisis sejak contoh diterima, bila permohonan tidak menetapkan lain."
        ),
    )
    reports_uncertainty = models.BooleanField(
        _("cetak ketidakpastian pengukuran"),
        default=False,
        help_text=_(
            "Laporan hasil uji mencetak ketidakpastian setiap hasil metode ini "
            "(juga bila pelanggan memintanya pada penerimaan contoh)."
        ),
    )
    conditioning = models.CharField(
        _("kondisi pengujian"),
        max_length=200,
        blank=True,
        help_text=_(
            "Atmosfer pengkondisian yang ditetapkan metode, misalnya “20 ± 2 °C, "
            "RH 65 ± 4 %”. Dicetak pada laporan hasil uji bila diisi."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    verified = models.BooleanField(_("terkonfirmasi"), default=True, help_text=VERIFIED_HELP)
    note = models.TextField(_("catatan"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("metode uji")
        verbose_name_plural = _("metode uji")

    def __str__(self):
        return self.name


class Parameter(models.Model):
    """A property measured by a method and read on one scale."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    method = models.ForeignKey(
        TestMethod, on_delete=models.PROTECT, related_name="parameters", verbose_name=_("metode")
    )
    scale = models.CharField(_("skala"), max_length=20, choices=Scale.choices)
    unit = models.CharField(_("satuan"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # Measurement uncertainty (ISO/IEC 17025 §7.6, §7.8.3.1 c): the expanded
    # uncertainty U of this parameter by this method; empty = not yet evaluated.
    uncertainty = models.DecimalField(
        _("ketidakpastian diperluas (U)"),
        max_digits=9,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Kosongkan bila belum dievaluasi; laporan menulis “belum dievaluasi”."),
    )
    uncertainty_relative = models.BooleanField(
        _("U relatif (%)"),
        default=False,
        help_text=_("Centang bila U dinyatakan dalam persen hasil, bukan dalam satuan parameter."),
    )
    coverage_factor = models.DecimalField(
        _("faktor cakupan (k)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    verified = models.BooleanField(_("terkonfirmasi"), default=True, help_text=VERIFIED_HELP)
    note = models.TextField(_("catatan"), blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("parameter uji")
        verbose_name_plural = _("parameter uji")
        constraints = [
            models.CheckConstraint(
                condition=Q(uncertainty__isnull=True) | Q(coverage_factor__isnull=False),
                name="lab_parameter_uncertainty_has_a_coverage_factor",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.uncertainty is not None and self.coverage_factor is None:
            raise ValidationError({"coverage_factor": _("Isi faktor cakupan k untuk U.")})

    @property
    def uncertainty_evaluated(self) -> bool:
        return self.uncertainty is not None


class SpecificationQuerySet(ReferenceQuerySet):
    def unset(self):
        return self.filter(kind=LimitKind.UNSET)

    def lookup(self, standard_version_id, parameter_ids) -> dict[int, Specification]:
        """{parameter id: specification} for one edition, in one query."""
        if standard_version_id is None:
            return {}
        rows = self.filter(standard_version_id=standard_version_id, parameter_id__in=parameter_ids)
        return {s.parameter_id: s for s in rows}


class Specification(models.Model):
    """The limit a standard edition sets for a parameter — or "batas belum ditetapkan"."""

    standard_version = models.ForeignKey(
        StandardVersion,
        on_delete=models.PROTECT,
        related_name="specifications",
        verbose_name=_("edisi standar"),
    )
    parameter = models.ForeignKey(
        Parameter,
        on_delete=models.PROTECT,
        related_name="specifications",
        verbose_name=_("parameter"),
    )
    kind = models.CharField(
        _("jenis batas"), max_length=20, choices=LimitKind.choices, default=LimitKind.UNSET
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    min_inclusive = models.BooleanField(_("minimum termasuk"), default=True)
    max_value = models.DecimalField(
        _("maksimum"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    max_inclusive = models.BooleanField(_("maksimum termasuk"), default=True)
    source = models.CharField(
        _("sumber"),
        max_length=200,
        blank=True,
        help_text=_("Pasal/tabel standar yang memuat batas."),
    )
    verified = models.BooleanField(_("terkonfirmasi"), default=True, help_text=VERIFIED_HELP)
    note = models.TextField(_("catatan"), blank=True)

    objects = SpecificationQuerySet.as_manager()

    class Meta:
        ordering = ["standard_version", "parameter"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard_version", "parameter"], name="lab_specification_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind=LimitKind.RANGE)
                | Q(min_value__isnull=False)
                | Q(max_value__isnull=False),
                name="lab_specification_range_has_a_bound",
            ),
            models.CheckConstraint(
                condition=Q(kind=LimitKind.RANGE)
                | (Q(min_value__isnull=True) & Q(max_value__isnull=True)),
                name="lab_specification_bounds_only_for_ranges",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="lab_specification_min_not_above_max",
            ),
        ]
        verbose_name = _("spesifikasi")
        verbose_name_plural = _("spesifikasi")

    def __str__(self):
        return f"{self.standard_version} · {self.parameter}"

    @property
    def is_set(self) -> bool:
        return verdicts.has_limit(self)

    def describe(self) -> str:
        return verdicts.describe(self, self.parameter.scale)

    def clean(self):
        errors = {}
        if self.kind == LimitKind.RANGE:
            if self.min_value is None and self.max_value is None:
                errors["min_value"] = _("Isi minimum, maksimum, atau keduanya.")
        elif self.min_value is not None or self.max_value is not None:
            errors["kind"] = _("Minimum dan maksimum hanya untuk batas berupa rentang nilai.")
        if self.parameter_id:
            scale = self.parameter.scale
            if scale == Scale.PASS_FAIL and self.kind == LimitKind.RANGE:
                errors["kind"] = _("Parameter lulus/tidak lulus tidak memakai rentang nilai.")
            if scale != Scale.PASS_FAIL and self.kind == LimitKind.PASS_FAIL:
                errors["kind"] = _("Parameter berskala angka memakai rentang nilai.")
            if scale != Scale.PASS_FAIL:
                for name in ("min_value", "max_value"):
                    value = getattr(self, name)
                    if value is not None and name not in errors:
                        try:
                            parse_value(scale, value)
                        except ValidationError as exc:
                            errors[name] = exc.messages
        if (
            not errors
            and self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            errors["max_value"] = _("Maksimum tidak boleh lebih kecil dari minimum.")
        if errors:
            raise ValidationError(errors)
