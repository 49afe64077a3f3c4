"""Certificates, their surveillance, number counters and the reminders log.

A certificate's stored status is active, suspended or withdrawn. *Expired* is not
stored: an active certificate past `valid_until` is expired (`state_on`, and the
queryset's `with_state`), so no job is needed for it to be correct. A suspension or
withdrawal outranks the date, as in kriya.verify's verdicts.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage

from .schemes import LABEL_COLOURS


class Counter(models.Model):
    """Yearly number sequences (certificate numbers per scheme, label serials), taken
    under a row lock so two issues never share a number."""

    name = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="certification_counter_name_year")
        ]

    def __str__(self):
        return f"{self.name} {self.year}: {self.value}"


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    SUSPENDED = "suspended", _("Dibekukan")
    WITHDRAWN = "withdrawn", _("Dicabut")


class CertificateState(models.TextChoices):
    """What a certificate is on a given day: its status, or expired."""

    ACTIVE = "active", _("Aktif")
    SUSPENDED = "suspended", _("Dibekukan")
    WITHDRAWN = "withdrawn", _("Dicabut")
    EXPIRED = "expired", _("Kedaluwarsa")


class CertificateQuerySet(models.QuerySet):
    def with_state(self, today: date | None = None):
        """Annotate `state`: expired when active past `valid_until`, otherwise the stored
        status (a suspension or withdrawal outranks the date, as in kriya.verify)."""
        today = today or timezone.localdate()
        return self.annotate(
            state=Case(
                When(status=CertificateStatus.ACTIVE, valid_until__lt=today, then=Value("expired")),
                default="status",
                output_field=models.CharField(),
            )
        )

    def valid(self, today: date | None = None):
        """Active and not expired today: what may carry a badge or a label."""
        today = today or timezone.localdate()
        return self.filter(status=CertificateStatus.ACTIVE).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )

    def in_state(self, state: str, today: date | None = None):
        return self.with_state(today).filter(state=state)

    def for_business(self, business):
        return self.filter(business=business)


def certificate_pdf_path(instance, filename):
    return f"sertifikasi/sertifikat/{uuid.uuid4().hex}.pdf"


class Certificate(models.Model):
    """A certificate issued after a grant decision. Holder name and NIB are kept as
    they were on the day of issue (what the certificate and its QR say)."""

    number = models.CharField(_("nomor sertifikat"), max_length=100, unique=True)
    scheme = models.ForeignKey(
        "certification.Scheme",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("skema"),
    )
    evaluation = models.OneToOneField(
        "certification.Evaluation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("evaluasi"),
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("pemegang"),
    )
    holder_name = models.CharField(_("nama pemegang"), max_length=200)
    holder_nib = models.CharField(_("NIB pemegang"), max_length=13)
    products = models.ManyToManyField(
        "registry.Product", related_name="certificates", verbose_name=_("produk")
    )
    scope = models.CharField(_("lingkup"), max_length=300)
    technique = models.CharField(_("teknik batik"), max_length=12, blank=True)
    motif = models.CharField(_("motif"), max_length=200, blank=True)
    standard = models.CharField(_("standar"), max_length=200, blank=True)
    issued_on = models.DateField(_("tanggal terbit"))
    valid_until = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosong: tanpa masa berlaku.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
        editable=False,
    )
    status_reason = models.TextField(_("alasan status"), blank=True, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    # What the certificate states (ISO/IEC 17065 7.7), as of the decision: later edits
    # of the body, the holder or the signatory do not change an issued certificate.
    body_name = models.CharField(_("nama lembaga"), max_length=200, blank=True)
    body_address = models.CharField(_("alamat lembaga"), max_length=300, blank=True)
    accreditation_number = models.CharField(_("nomor akreditasi"), max_length=60, blank=True)
    holder_address = models.CharField(_("alamat pemegang"), max_length=300, blank=True)
    trademark_number = models.CharField(_("nomor merek (DJKI)"), max_length=60, blank=True)
    signatory = models.ForeignKey(
        "certification.AuthorisedSignatory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("penandatangan"),
    )
    signatory_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    signatory_position_id = models.CharField(_("jabatan penandatangan"), max_length=150, blank=True)
    signatory_position_en = models.CharField(
        _("jabatan penandatangan (Inggris)"), max_length=150, blank=True
    )
    pdf = models.FileField(
        storage=private_storage, upload_to=certificate_pdf_path, blank=True, editable=False
    )
    pdf_en = models.FileField(
        storage=private_storage, upload_to=certificate_pdf_path, blank=True, editable=False
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["business", "status"]),
            models.Index(fields=["holder_nib"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            )
        ]

    def __str__(self):
        return self.number

    def state_on(self, today: date | None = None) -> str:
        """active, suspended, withdrawn or expired on `today` (default: today in WIB)."""
        today = today or timezone.localdate()
        if self.status != CertificateStatus.ACTIVE:
            return self.status  # a deliberate status outranks the date
        if self.valid_until is not None and today > self.valid_until:
            return CertificateState.EXPIRED
        return CertificateState.ACTIVE

    @property
    def state(self) -> str:
        """The state today, or as annotated by `with_state(day)`."""
        annotated = self.__dict__.get("_annotated_state")
        return annotated if annotated is not None else self.state_on()

    @state.setter
    def state(self, value: str) -> None:  # set by the `with_state` annotation
        self.__dict__["_annotated_state"] = value

    @property
    def state_label(self) -> str:
        return CertificateState(self.state).label

    def is_valid(self, today: date | None = None) -> bool:
        return self.state_on(today) == CertificateState.ACTIVE

    @property
    def technique_label(self) -> str:
        from kriya.registry.models import Technique

        return Technique(self.technique).label if self.technique else ""

    @property
    def label_colour(self) -> tuple[str, str] | None:
        """(code, Indonesian name) of the Batikmark label colour, for Batikmark only."""
        if self.scheme.is_batikmark and self.technique in LABEL_COLOURS:
            return LABEL_COLOURS[self.technique]
        return None


class SurveillanceStatus(models.TextChoices):
    PLANNED = "planned", _("Terjadwal")
    IN_PROGRESS = "in_progress", _("Sedang dilaksanakan")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


OPEN_SURVEILLANCE = (SurveillanceStatus.PLANNED, SurveillanceStatus.IN_PROGRESS)


class SurveillanceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_SURVEILLANCE)

    def overdue(self, today: date | None = None):
        """Open surveillance past its due date, of certificates still in force."""
        today = today or timezone.localdate()
        return self.open().filter(
            due_on__lt=today,
            certificate__status__in=(CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED),
        )


class Surveillance(models.Model):
    """One scheduled surveillance of a certificate (audit and/or sampling)."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="surveillances"
    )
    sequence = models.PositiveSmallIntegerField(_("survailen ke-"))
    due_on = models.DateField(_("jatuh tempo"))
    with_audit = models.BooleanField(_("dengan audit"), default=False)
    with_sampling = models.BooleanField(_("dengan pengambilan contoh"), default=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SurveillanceStatus.choices,
        default=SurveillanceStatus.PLANNED,
        editable=False,
    )
    conforms = models.BooleanField(_("hasil sesuai"), null=True, blank=True, editable=False)
    outcome_note = models.TextField(_("catatan hasil"), blank=True, editable=False)
    completed_on = models.DateField(_("selesai tanggal"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveillanceQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("survailen")
        verbose_name_plural = _("survailen")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "sequence"], name="certification_surveillance_sequence"
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.certificate.number} · survailen {self.sequence}"

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in OPEN_SURVEILLANCE and self.due_on < today

    @property
    def business(self):
        return self.certificate.business


class Reminder(models.Model):
    """A reminder or alert sent once: its `key` makes sending idempotent
    (e.g. "expiry-90:12", "surveillance-overdue:4", "halal-2026-10-17-30:7")."""

    key = models.CharField(max_length=80, unique=True)
    event = models.CharField(max_length=60)
    business = models.ForeignKey(
        "registry.Business", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")

    def __str__(self):
        return self.key
