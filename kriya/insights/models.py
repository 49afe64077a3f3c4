"""The cooperation programme: an agreement between a regency unit and the agency, and
its yearly targets per indicator (`kriya.insights.indicators`). The actuals are never
stored: the programme page computes them live from the other apps' data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage


class CooperationAgreement(models.Model):
    number = models.CharField(_("nomor perjanjian"), max_length=100, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    regency_unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="cooperation_agreements",
        limit_choices_to={"kind": "regency_unit"},
        verbose_name=_("perangkat daerah kabupaten/kota"),
    )
    agency = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "agency"},
        verbose_name=_("balai"),
    )
    regency = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("kabupaten/kota"),
    )
    signed_on = models.DateField(_("tanggal penandatanganan"))
    starts_on = models.DateField(_("berlaku mulai"))
    ends_on = models.DateField(_("berlaku sampai"))
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "number"]
        verbose_name = _("perjanjian kerja sama")
        verbose_name_plural = _("perjanjian kerja sama")

    def __str__(self):
        return f"{self.number} — {self.title}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Tanggal berakhir sebelum tanggal mulai.")})

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


class Target(models.Model):
    """A yearly target of one indicator, with an optional split per quarter."""

    agreement = models.ForeignKey(
        CooperationAgreement, on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    indicator = models.CharField(_("indikator"), max_length=40)
    value = models.DecimalField(_("target setahun"), max_digits=14, decimal_places=2)
    q1 = models.DecimalField(
        _("target triwulan I"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    q2 = models.DecimalField(
        _("target triwulan II"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    q3 = models.DecimalField(
        _("target triwulan III"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    q4 = models.DecimalField(
        _("target triwulan IV"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year", "indicator"], name="insights_target_once"
            )
        ]
        verbose_name = _("target")
        verbose_name_plural = _("target")

    def __str__(self):
        return f"{self.indicator} {self.year}"

    @property
    def quarters(self) -> list:
        return [self.q1, self.q2, self.q3, self.q4]


def export_path(instance, filename: str) -> str:
    import secrets

    return f"insights/exports/{secrets.token_hex(16)}-{filename}"


class ExportJob(models.Model):
    """An export of an officer's scope, produced by the worker. Its progress is
    `rows_done` of `rows_total`; it is finished when `finished_at` is set (with the file,
    or with `error`)."""

    KINDS = [
        ("usaha", _("Data usaha")),
        ("permohonan", _("Permohonan layanan")),
        ("sertifikat", _("Sertifikat")),
        ("peserta", _("Peserta pelatihan")),
        ("penjualan", _("Penjualan pameran")),
    ]
    FORMATS = [("csv", "CSV"), ("xlsx", "XLSX")]

    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", editable=False
    )
    kind = models.CharField(_("jenis data"), max_length=20, choices=KINDS)
    regency = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kabupaten/kota"),
    )
    file_format = models.CharField(_("format"), max_length=4, choices=FORMATS, default="csv")
    rows_total = models.PositiveIntegerField(default=0, editable=False)
    rows_done = models.PositiveIntegerField(default=0, editable=False)
    file = models.FileField(_("berkas"), storage=private_storage, upload_to=export_path, blank=True)
    error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ekspor data")
        verbose_name_plural = _("ekspor data")

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d}"

    @property
    def percent(self) -> int:
        if self.finished_at and not self.error:
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(self.rows_done * 100 / self.rows_total))


class MaterialOrigin(models.TextChoices):
    LOCAL = "lokal", _("Lokal (kabupaten/provinsi sendiri)")
    DOMESTIC = "domestik", _("Dalam negeri, provinsi lain")
    IMPORT = "impor", _("Impor")
    MIXED = "campuran", _("Campuran dalam negeri dan impor")


class SemesterReport(models.Model):
    """A business's confirmation of its semester industry report (issue 18, item 5): the
    short form prefilled from Kriya. One current confirmation per business and semester;
    a correction adds a new row and keeps the older one (`is_current=False`) as history."""

    business = models.ForeignKey(
        "registry.Business", on_delete=models.PROTECT, related_name="+", editable=False
    )
    period = models.CharField(_("semester"), max_length=7, editable=False)  # 2026-S1
    products = models.TextField(_("produk utama"))
    workforce_men = models.PositiveIntegerField(_("tenaga kerja laki-laki"))
    workforce_women = models.PositiveIntegerField(_("tenaga kerja perempuan"))
    capacity = models.PositiveBigIntegerField(
        _("kapasitas produksi per tahun"), null=True, blank=True
    )
    capacity_unit = models.CharField(_("satuan kapasitas"), max_length=30, blank=True)
    annual_turnover = models.PositiveBigIntegerField(_("nilai produksi/omzet per tahun (Rp)"))
    raw_materials = models.TextField(_("bahan baku utama"))
    raw_material_origin = models.CharField(
        _("asal bahan baku"), max_length=10, choices=MaterialOrigin.choices
    )
    export_value_usd = models.PositiveBigIntegerField(
        _("nilai ekspor per tahun (USD)"), null=True, blank=True
    )
    export_countries = models.CharField(_("negara tujuan ekspor"), max_length=200, blank=True)
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    is_current = models.BooleanField(default=True, editable=False)
    confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business", "period", "-created_at"]
        verbose_name = _("laporan semester industri")
        verbose_name_plural = _("laporan semester industri")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "period"],
                condition=models.Q(is_current=True),
                name="insights_semester_report_one_current",
            )
        ]
        indexes = [models.Index(fields=["period", "is_current"], name="insights_semester_period")]

    def __str__(self):
        return f"{self.business_id} {self.period}"


class SemesterReminder(models.Model):
    """A reminder sent to a business to confirm its semester report: one per business,
    semester and round (`industry.remind_unreported`), so the job is idempotent."""

    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="+", editable=False
    )
    period = models.CharField(_("semester"), max_length=7, editable=False)  # 2026-S1
    round = models.PositiveSmallIntegerField(_("putaran"), editable=False)  # 1, 2
    recipients = models.PositiveSmallIntegerField(default=0, editable=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("pengingat laporan semester")
        verbose_name_plural = _("pengingat laporan semester")
        constraints = [
            models.UniqueConstraint(
                fields=["business", "period", "round"],
                name="insights_semester_reminder_once",
            )
        ]

    def __str__(self):
        return f"{self.business_id} {self.period}/{self.round}"


class OpenDataSnapshot(models.Model):
    """The stored files of one open dataset as the latest refresh wrote them
    (`snapshots.refresh`). `modified_at` is when the published data last changed (the
    refresh that found it different), `checked_at` the latest refresh. `files` maps a
    format to {"name": storage name, "size": bytes, "sha256": hex}; `checksum` is the
    CSV's sha256, the fingerprint of the data. The pages, the DCAT catalogue and the
    CKAN API read these rows; only the refresh computes the data."""

    slug = models.SlugField(max_length=100, unique=True, editable=False)
    checksum = models.CharField(max_length=64, editable=False)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0, editable=False)
    files = models.JSONField(default=dict, editable=False)
    period_start = models.DateField(_("data mulai"), null=True, blank=True, editable=False)
    period_end = models.DateField(_("data sampai"), null=True, blank=True, editable=False)
    modified_at = models.DateTimeField(_("diperbarui"), editable=False)
    checked_at = models.DateTimeField(_("diperiksa"), editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("cuplikan data terbuka")
        verbose_name_plural = _("cuplikan data terbuka")

    def __str__(self):
        return self.slug

    def file(self, fmt: str) -> dict:
        return self.files.get(fmt) or {"name": "", "size": 0, "sha256": ""}


class Rollup(models.Model):
    """A count (and a sum) of one source's rows in one place, month and key, kept by
    `kriya.insights.rollups.rebuild()` (the scheduler's `insights_rollups` job and
    `manage.py rebuild_insights_rollups`) so that a dashboard reads a few hundred of these
    instead of scanning the registry or the desk (docs/insights.md, "Summaries").

    Each source is stored at three levels: `p` the whole province (no place), `r` per
    regency, `d` per district; a dashboard reads the level of its filters. `month` is the
    first day of the month (WIB) of the row's date, empty for a state counted now."""

    source = models.CharField(max_length=30)
    level = models.CharField(max_length=1)
    regency = models.CharField(max_length=13, blank=True)
    district = models.CharField(max_length=13, blank=True)
    month = models.DateField(null=True, blank=True)
    key = models.CharField(max_length=60, blank=True)
    n = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["source", "level", "regency", "district", "month"],
                name="insights_rollup_read",
            )
        ]

    def __str__(self):
        return f"{self.source} {self.level} {self.regency}{self.district} {self.month} {self.key}"


class RollupBuild(models.Model):
    """When the summaries were last rebuilt (the dashboards say "as of")."""

    built_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-built_at"]

    def __str__(self):
        return f"{self.built_at:%Y-%m-%d %H:%M} ({self.rows} rows)"
