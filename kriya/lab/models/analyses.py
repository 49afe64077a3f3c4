"""Analyses (one parameter of one sample), their results and the verifications.

A result row is never changed once written: a retest or a correction is a new
result, and the earlier one stays with the reason it was replaced (`replaced_*`).
An analysis's status is assigned only by `kriya.lab.workflow.ANALYSIS`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..scales import Scale, format_value
from ..verdicts import Verdict


class AnalysisStatus(models.TextChoices):
    UNASSIGNED = "unassigned", _("Belum ditugaskan")
    ASSIGNED = "assigned", _("Dikerjakan analis")
    TO_VERIFY = "to_verify", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    CANCELLED = "cancelled", _("Dibatalkan")


OPEN_ANALYSIS = (AnalysisStatus.UNASSIGNED, AnalysisStatus.ASSIGNED, AnalysisStatus.TO_VERIFY)


class AnalysisQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ANALYSIS)

    def assigned_to(self, user):
        return self.filter(analyst=user, status=AnalysisStatus.ASSIGNED)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)


class Analysis(models.Model):
    """The measurement of one parameter on one sample."""

    sample = models.ForeignKey(
        "lab.Sample", on_delete=models.PROTECT, related_name="analyses", verbose_name=_("contoh")
    )
    parameter = models.ForeignKey(
        "lab.Parameter",
        on_delete=models.PROTECT,
        related_name="analyses",
        verbose_name=_("parameter"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AnalysisStatus.choices,
        default=AnalysisStatus.UNASSIGNED,
        editable=False,
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lab_analyses",
        verbose_name=_("analis"),
    )
    due_date = models.DateField(_("tenggat"))
    current_result = models.ForeignKey(
        "lab.Result",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnalysisQuerySet.as_manager()

    class Meta:
        ordering = ["sample", "parameter__position", "id"]
        verbose_name = _("analisis")
        verbose_name_plural = _("analisis")
        constraints = [
            models.UniqueConstraint(fields=["sample", "parameter"], name="lab_analysis_unique")
        ]
        indexes = [
            models.Index(fields=["analyst", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self):
        return (
            f"{self.sample_id and self.sample.code} · {self.parameter_id and self.parameter.name}"
        )


class Replacement(models.TextChoices):
    RETEST = "retest", _("Uji ulang")
    CORRECTION = "correction", _("Koreksi setelah verifikasi")


class Result(models.Model):
    """One reading of an analysis, on its parameter's scale, with the instrument used
    and the verdict against the limit in force when it was entered."""

    analysis = models.ForeignKey(
        Analysis, on_delete=models.PROTECT, related_name="results", verbose_name=_("analisis")
    )
    value_number = models.DecimalField(
        _("nilai"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    value_pass = models.BooleanField(_("lulus"), null=True, blank=True)
    observations = models.TextField(_("pengamatan"), blank=True)
    instrument = models.ForeignKey(
        "lab.Instrument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("instrumen"),
    )
    measured_on = models.DateField(_("tanggal pengujian"))
    specification = models.ForeignKey(
        "lab.Specification",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("spesifikasi"),
    )
    limit_text = models.CharField(_("batas"), max_length=100)
    verdict = models.CharField(_("kesimpulan"), max_length=20, choices=Verdict.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dimasukkan oleh"),
    )
    entered_at = models.DateTimeField(_("dimasukkan pada"), auto_now_add=True)
    verified_at = models.DateTimeField(_("terverifikasi pada"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
        verbose_name=_("digantikan oleh"),
    )
    replaced_kind = models.CharField(
        _("jenis penggantian"), max_length=20, choices=Replacement.choices, blank=True
    )
    replaced_reason = models.TextField(_("alasan penggantian"), blank=True)
    replaced_at = models.DateTimeField(_("diganti pada"), null=True, blank=True)

    class Meta:
        ordering = ["analysis", "entered_at", "id"]
        verbose_name = _("hasil uji")
        verbose_name_plural = _("hasil uji")
        constraints = [
            models.CheckConstraint(
                condition=(Q(value_number__isnull=False) & Q(value_pass__isnull=True))
                | (Q(value_number__isnull=True) & Q(value_pass__isnull=False)),
                name="lab_result_one_value",
            ),
            models.CheckConstraint(
                condition=Q(replaced_at__isnull=True) | ~Q(replaced_reason=""),
                name="lab_result_replacement_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.analysis} = {self.display_value}"

    @property
    def value(self):
        return self.value_pass if self.value_number is None else self.value_number

    @property
    def scale(self) -> str:
        return self.analysis.parameter.scale

    @property
    def display_value(self) -> str:
        return format_value(self.scale, self.value)

    @property
    def is_locked(self) -> bool:
        """Verified results are locked: only a correction (a new result) replaces them."""
        return self.verified_at is not None

    @property
    def is_replaced(self) -> bool:
        return self.replaced_at is not None

    @property
    def is_pass_fail(self) -> bool:
        return self.scale == Scale.PASS_FAIL


class Verification(models.Model):
    """One person's verification of a result. Never by the person who entered it."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="verifications")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diverifikasi oleh"),
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), auto_now_add=True)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["verified_at", "id"]
        verbose_name = _("verifikasi")
        verbose_name_plural = _("verifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "verified_by"], name="lab_verification_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.result_id} ✓ {self.verified_by}"
