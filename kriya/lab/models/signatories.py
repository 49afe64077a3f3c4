"""Who may authorise test reports (ISO/IEC 17025 §6.2.6 c, §7.8.2.1 o): a list kept by
the lab's administrator, per scope (test methods, or every method), each entry with the
name and function printed on the report and the period it is valid for."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportSignatoryQuerySet(models.QuerySet):
    def active_on(self, day: date):
        return self.filter(active_from__lte=day).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )


class ReportSignatory(models.Model):
    """A person authorised to sign test reports for a scope: the methods listed, or
    every method (`all_methods`, e.g. the technical manager). `full_name` and the
    function are printed as written (with titles), not the account's name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lab_signatory_entries",
        verbose_name=_("akun pengguna"),
    )
    full_name = models.CharField(_("nama lengkap (seperti dicetak)"), max_length=150)
    position_id = models.CharField(_("jabatan (Indonesia)"), max_length=150)
    position_en = models.CharField(_("jabatan (Inggris)"), max_length=150, blank=True)
    all_methods = models.BooleanField(
        _("semua metode uji"),
        default=False,
        help_text=_("Berwenang untuk laporan dengan metode uji apa pun."),
    )
    methods = models.ManyToManyField(
        "lab.TestMethod",
        blank=True,
        related_name="signatories",
        verbose_name=_("lingkup: metode uji"),
        help_text=_("Laporan hanya dapat disahkan bila semua metodenya ada di lingkup ini."),
    )
    active_from = models.DateField(_("berlaku sejak"))
    active_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = ReportSignatoryQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("penandatangan laporan hasil uji")
        verbose_name_plural = _("penandatangan laporan hasil uji")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="lab_signatory_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.full_name}, {self.position_id}"

    def clean(self):
        if self.active_until and self.active_from and self.active_until < self.active_from:
            raise ValidationError(
                {"active_until": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")}
            )

    def position(self, language: str = "id") -> str:
        return self.position_en if language == "en" and self.position_en else self.position_id

    def is_active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)

    def covers(self, method_ids) -> bool:
        if self.all_methods:
            return True
        own = set(self.methods.values_list("pk", flat=True))
        return set(method_ids) <= own
