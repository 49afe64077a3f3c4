"""Test reports (Sertifikat Hasil Uji, SHU): one numbered PDF per issue for a
request's verified results. A corrected report gets a new number and the earlier one
is marked superseded by it; nothing is deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage

from ..verdicts import Verdict
from .reference import random_name


class ReportStatus(models.TextChoices):
    ISSUED = "issued", _("Berlaku")
    SUPERSEDED = "superseded", _("Digantikan")


def report_pdf_path(instance, filename: str) -> str:
    return random_name("lab/report", filename)


class TestReportQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(status=ReportStatus.ISSUED)


class TestReport(models.Model):
    """A numbered test report. `content` is the snapshot printed in the PDF and shown
    (in part) on the public verification page, so later edits of reference data never
    change an issued report."""

    __test__ = False  # not a pytest test class despite its name

    number = models.CharField(_("nomor"), max_length=40, unique=True, editable=False)
    request = models.ForeignKey(
        "desk.ServiceRequest",
        on_delete=models.PROTECT,
        related_name="lab_reports",
        verbose_name=_("permohonan"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.ISSUED,
        editable=False,
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("menggantikan"),
    )
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    overall_verdict = models.CharField(_("kesimpulan"), max_length=20, choices=Verdict.choices)
    content = models.JSONField(_("isi laporan"), default=dict)
    document = models.OneToOneField(
        "verify.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("dokumen terdaftar"),
        help_text=_("Pendaftaran di kriya.verify: muatan bertanda tangan untuk QR."),
    )
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=report_pdf_path, blank=True)
    page_count = models.PositiveSmallIntegerField(_("jumlah halaman"), null=True, blank=True)
    issued_at = models.DateTimeField(_("diterbitkan pada"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    pdf_en = models.FileField(
        _("PDF (Inggris)"), storage=private_storage, upload_to=report_pdf_path, blank=True
    )
    signatory = models.ForeignKey(
        "lab.ReportSignatory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        editable=False,
        verbose_name=_("penandatangan"),
        help_text=_("Kosong pada laporan yang terbit sebelum ada langkah pengesahan."),
    )
    authorised_at = models.DateTimeField(_("disahkan pada"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)

    objects = TestReportQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("laporan hasil uji")
        verbose_name_plural = _("laporan hasil uji")

    def __str__(self):
        return self.number

    @property
    def is_current(self) -> bool:
        return self.status == ReportStatus.ISSUED
