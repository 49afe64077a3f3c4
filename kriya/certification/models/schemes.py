"""Certification schemes and their requirements, editable by an administrator.

Seeded from reference.yaml (`kriya.certification.schemes.seed_schemes`). A value the
public sources did not confirm is seeded with its `*_verified` flag off and shown to
administrators as "belum dikonfirmasi"; it is never presented as authoritative.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kriya.core.i18n import in_active_language
from kriya.desk.models import Body
from kriya.registry.models import Technique

UNCONFIRMED = _("belum dikonfirmasi")


class SchemeKind(models.TextChoices):
    SPPT_SNI = "sppt_sni", _("SPPT SNI")
    BATIKMARK = "batikmark", _("Batikmark")
    INDUSTRI_HIJAU = "industri_hijau", _("Industri hijau")
    HALAL = "halal", _("Pemeriksaan halal")


class CertificationType(models.TextChoices):
    """Product certification scheme types of ISO/IEC 17067 used by SPPT SNI."""

    TYPE_1B = "1b", _("Tipe 1b (pengujian per lot/partai)")
    TYPE_3 = "3", _("Tipe 3 (pengujian dan penilaian proses produksi)")
    TYPE_5 = "5", _("Tipe 5 (pengujian, proses produksi dan sistem mutu)")


# Batikmark label colour per technique (Permenperin 74/M-IND/PER/9/2007). Printing is
# not batik (SNI 0239:2019) and has no colour: it is never eligible.
LABEL_COLOURS = {
    Technique.TULIS: ("gold", _("emas")),
    Technique.CAP: ("white", _("putih")),
    Technique.KOMBINASI: ("silver", _("perak")),
}

NUMBER_FIELDS = {"seq": 1, "year": 2026, "type": "5", "code": "X"}


def validate_number_format(value: str) -> None:
    if "{seq" not in value or "{year" not in value:
        raise ValidationError(_("Format nomor wajib memuat {seq} dan {year}."))
    try:
        value.format(**NUMBER_FIELDS)
    except (KeyError, ValueError, IndexError):
        raise ValidationError(
            _("Format nomor tidak valid. Gunakan {seq}, {seq:04d}, {year}, {type} atau {code}.")
        ) from None


class SchemeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_service(self, service):
        return self.active().filter(service=service)


class Scheme(models.Model):
    """One certification scheme: what is evaluated (requirements), what is issued
    (a certificate, or for halal an inspection report), for how long, and how often
    the holder is surveyed."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    kind = models.CharField(_("jenis skema"), max_length=20, choices=SchemeKind.choices)
    certification_type = models.CharField(
        _("tipe skema (ISO/IEC 17067)"),
        max_length=2,
        choices=CertificationType.choices,
        blank=True,
    )
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    description_id = models.TextField(_("uraian (Indonesia)"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    service = models.ForeignKey(
        "desk.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certification_schemes",
        verbose_name=_("layanan"),
        help_text=_("Permohonan untuk layanan ini dievaluasi menurut skema ini."),
    )
    body = models.CharField(_("lembaga"), max_length=8, choices=Body.choices)
    standard = models.CharField(
        _("standar acuan"),
        max_length=200,
        blank=True,
        help_text=_("Untuk Batikmark standar mengikuti teknik (lihat standar per teknik)."),
    )
    technique_standards = models.JSONField(
        _("standar per teknik batik"),
        default=dict,
        blank=True,
        help_text=_('Misalnya {"tulis": "SNI 8302:2016/Amd.1:2019"}.'),
    )
    issues_certificate = models.BooleanField(
        _("menerbitkan sertifikat"),
        default=True,
        help_text=_(
            "Matikan untuk pemeriksaan halal: Kriya menerbitkan laporan hasil pemeriksaan; "
            "fatwa dan sertifikat halal diterbitkan di luar (MUI/Komite Fatwa, BPJPH)."
        ),
    )
    number_format = models.CharField(
        _("format nomor"),
        max_length=80,
        validators=[validate_number_format],
        help_text=_("Contoh: LSPro/BM/{seq:04d}/{year}. Tersedia {seq}, {year}, {type}, {code}."),
    )
    validity_years = models.PositiveSmallIntegerField(
        _("masa berlaku (tahun)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila dokumen tidak memiliki masa berlaku."),
    )
    validity_verified = models.BooleanField(_("masa berlaku terkonfirmasi"), default=False)
    validity_note = models.CharField(_("catatan masa berlaku"), max_length=300, blank=True)
    surveillance_months = models.PositiveSmallIntegerField(
        _("survailen setiap (bulan)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila skema tidak memiliki survailen atau belum ditetapkan."),
    )
    surveillance_audit = models.BooleanField(_("survailen dengan audit"), default=False)
    surveillance_sampling = models.BooleanField(
        _("survailen dengan pengambilan contoh"), default=False
    )
    surveillance_verified = models.BooleanField(_("survailen terkonfirmasi"), default=False)
    surveillance_note = models.CharField(_("catatan survailen"), max_length=300, blank=True)
    source = models.CharField(_("sumber"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("skema sertifikasi")
        verbose_name_plural = _("skema sertifikasi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="sppt_sni") | models.Q(certification_type=""),
                name="certification_type_only_for_sppt_sni",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self, "name")

    @property
    def description(self) -> str:
        return in_active_language(self, "description")

    @property
    def is_batikmark(self) -> bool:
        return self.kind == SchemeKind.BATIKMARK

    @property
    def is_halal(self) -> bool:
        return self.kind == SchemeKind.HALAL

    @property
    def has_surveillance(self) -> bool:
        return bool(self.surveillance_months) and (
            self.surveillance_audit or self.surveillance_sampling
        )

    @property
    def unconfirmed(self) -> list[str]:
        """What an administrator still has to confirm (empty when all is confirmed)."""
        notes = []
        if not self.validity_verified:
            notes.append(_("masa berlaku"))
        if not self.surveillance_verified:
            notes.append(_("survailen"))
        return notes

    def standard_for(self, technique: str = "") -> str:
        if technique and self.technique_standards.get(technique):
            return self.technique_standards[technique]
        return self.standard

    def valid_until(self, issued_on: date) -> date | None:
        """The last day of validity: `validity_years` after the issue date, less a day
        (issued 5 January 2026 for 3 years → valid through 4 January 2029)."""
        if not self.validity_years:
            return None
        year = issued_on.year + self.validity_years
        try:
            anniversary = issued_on.replace(year=year)
        except ValueError:  # 29 February in a year without it
            anniversary = issued_on.replace(year=year, day=28)
        return anniversary - timedelta(days=1)

    def clean(self):
        errors = {}
        if self.kind == SchemeKind.SPPT_SNI and not self.certification_type:
            errors["certification_type"] = _("Skema SPPT SNI wajib memiliki tipe (1b, 3 atau 5).")
        if self.kind != SchemeKind.SPPT_SNI and self.certification_type:
            errors["certification_type"] = _("Tipe skema hanya untuk SPPT SNI.")
        for technique in self.technique_standards or {}:
            if technique not in LABEL_COLOURS:
                errors["technique_standards"] = _(
                    "Teknik tidak dikenal atau tidak dapat disertifikasi: %(t)s."
                ) % {"t": technique}
        if self.surveillance_months and not (self.surveillance_audit or self.surveillance_sampling):
            errors["surveillance_audit"] = _(
                "Pilih kegiatan survailen: audit dan/atau pengambilan contoh."
            )
        if errors:
            raise ValidationError(errors)


class RequirementKind(models.TextChoices):
    DOCUMENT = "document", _("Dokumen")
    TEST = "test", _("Pengujian")
    AUDIT = "audit", _("Audit/pemeriksaan")


class Requirement(models.Model):
    """One requirement of a scheme. A document requirement's code is the slot of the
    matching application document on the request (the service's required documents)."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("skema")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=RequirementKind.choices)
    code = models.SlugField(_("kode"), max_length=60)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=250)
    name_en = models.CharField(_("nama (Inggris)"), max_length=250, blank=True)
    is_mandatory = models.BooleanField(_("wajib"), default=True)
    is_verified = models.BooleanField(
        _("terkonfirmasi"),
        default=False,
        help_text=_("Matikan bila persyaratan ini belum dikonfirmasi dari sumber resmi."),
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["scheme", "kind", "position", "id"]
        verbose_name = _("persyaratan skema")
        verbose_name_plural = _("persyaratan skema")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], name="certification_requirement_code"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return in_active_language(self, "name")
