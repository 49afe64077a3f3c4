"""The evaluation of one certification request (ISO/IEC 17065 clauses 7.2–7.5):
document review, audits with findings and corrective actions, sampling, the
evaluator's recommendation and the independent decision.

Audits and samplings belong either to an evaluation or to a surveillance of an issued
certificate (exactly one of the two).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage


class EvaluationStatus(models.TextChoices):
    REVIEW = "review", _("Kaji ulang dokumen")
    EVALUATION = "evaluation", _("Evaluasi (audit dan pengambilan contoh)")
    RECOMMENDED = "recommended", _("Menunggu keputusan")
    GRANTED = "granted", _("Diberikan")
    REFUSED = "refused", _("Ditolak")


OPEN_EVALUATION = (
    EvaluationStatus.REVIEW,
    EvaluationStatus.EVALUATION,
    EvaluationStatus.RECOMMENDED,
)


class Outcome(models.TextChoices):
    """A recommendation and a decision use the same three outcomes."""

    GRANT = "grant", _("Berikan sertifikasi")
    GRANT_REDUCED = "grant_reduced", _("Berikan dengan lingkup dikurangi")
    REFUSE = "refuse", _("Tolak")


class EvaluationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_EVALUATION)

    def awaiting_decision(self):
        return self.filter(status=EvaluationStatus.RECOMMENDED)


class Evaluation(models.Model):
    """The certification body's work on one request, from document review to decision.

    The evaluator recommends; a decision maker who took no part in the evaluation
    decides (the independence rule is a predicate of the lifecycle moves)."""

    request = models.OneToOneField(
        "desk.ServiceRequest",
        on_delete=models.PROTECT,
        related_name="certification_evaluation",
        verbose_name=_("permohonan"),
    )
    scheme = models.ForeignKey(
        "certification.Scheme",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("skema"),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certification_evaluations",
        verbose_name=_("evaluator"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.REVIEW,
        editable=False,
    )
    products = models.ManyToManyField(
        "registry.Product",
        related_name="certification_evaluations",
        verbose_name=_("produk yang diajukan"),
    )
    recommendation = models.CharField(
        _("rekomendasi"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    recommendation_note = models.TextField(_("catatan rekomendasi"), blank=True, editable=False)
    recommended_products = models.ManyToManyField(
        "registry.Product", related_name="+", blank=True, verbose_name=_("lingkup direkomendasikan")
    )
    recommended_at = models.DateTimeField(_("direkomendasikan pada"), null=True, editable=False)
    decision = models.CharField(
        _("keputusan"), max_length=20, choices=Outcome.choices, blank=True, editable=False
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, editable=False)
    granted_products = models.ManyToManyField(
        "registry.Product", related_name="+", blank=True, verbose_name=_("lingkup diberikan")
    )
    # Halal inspection: the outcome of the fatwa (MUI/Komite Fatwa) recorded afterwards.
    fatwa_outcome = models.CharField(
        _("hasil sidang fatwa"),
        max_length=12,
        choices=[("halal", _("Halal")), ("not_halal", _("Tidak halal"))],
        blank=True,
        editable=False,
    )
    fatwa_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(_("dimulai pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("evaluasi sertifikasi")
        verbose_name_plural = _("evaluasi sertifikasi")
        indexes = [models.Index(fields=["status", "evaluator"])]

    def __str__(self):
        return f"{self.request.number} · {self.scheme.name_id}"

    @property
    def business(self):
        return self.request.business

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_EVALUATION


class EvaluatorAssignment(models.Model):
    """One period in which a person was the evaluator of an evaluation. The first row is
    written when the evaluation starts; a reassignment ends the current row and opens a
    new one. Never deleted: everyone ever assigned took part in the evaluation and may
    not decide it (ISO/IEC 17065 7.6.2)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="evaluator_assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ditugaskan oleh"),
    )
    assigned_at = models.DateTimeField(_("ditugaskan pada"))
    ended_at = models.DateTimeField(_("berakhir pada"), null=True, blank=True)
    reason = models.TextField(_("alasan penggantian"), blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("penugasan evaluator")
        verbose_name_plural = _("penugasan evaluator")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation"],
                condition=Q(ended_at__isnull=True),
                name="certification_one_current_evaluator",
            )
        ]

    def __str__(self):
        return f"{self.evaluation_id} · {self.evaluator_id}"


class CheckVerdict(models.TextChoices):
    CONFORM = "conform", _("Sesuai")
    NONCONFORM = "nonconform", _("Tidak sesuai")
    NOT_APPLICABLE = "not_applicable", _("Tidak berlaku")


class RequirementCheck(models.Model):
    """The evaluator's verdict on one requirement of the scheme: a document reviewed
    (kaji ulang dokumen), a test judged on its lab results or test report, an audit
    requirement met. `document` is the application document version that was read."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="requirement_checks"
    )
    requirement = models.ForeignKey(
        "certification.Requirement",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("persyaratan"),
    )
    document = models.ForeignKey(
        "desk.RequestDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumen yang diperiksa"),
    )
    verdict = models.CharField(_("hasil"), max_length=20, choices=CheckVerdict.choices)
    note = models.TextField(_("catatan"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("diperiksa pada"))

    class Meta:
        ordering = ["requirement__position", "id"]
        verbose_name = _("pemeriksaan persyaratan")
        verbose_name_plural = _("pemeriksaan persyaratan")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "requirement"], name="certification_requirement_check"
            )
        ]

    def __str__(self):
        return f"{self.requirement} · {self.get_verdict_display()}"


class AuditKind(models.TextChoices):
    STAGE_1 = "stage_1", _("Audit tahap 1 (kecukupan dokumen dan sistem)")
    STAGE_2 = "stage_2", _("Audit tahap 2 (penerapan di lokasi produksi)")
    INSPECTION = "inspection", _("Pemeriksaan halal (audit LPH)")
    ASSESSMENT = "assessment", _("Verifikasi lapangan industri hijau")
    SITE_VISIT = "site_visit", _("Kunjungan lokasi dan pengambilan contoh")
    SURVEILLANCE = "surveillance", _("Audit survailen")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    CONDUCTED = "conducted", _("Terlaksana")
    CANCELLED = "cancelled", _("Dibatalkan")


class Audit(models.Model):
    """An audit or on-site inspection, for an evaluation or for a surveillance."""

    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="audits"
    )
    surveillance = models.ForeignKey(
        "certification.Surveillance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audits",
    )
    kind = models.CharField(_("jenis audit"), max_length=20, choices=AuditKind.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AuditStatus.choices,
        default=AuditStatus.PLANNED,
        editable=False,
    )
    planned_on = models.DateField(_("direncanakan tanggal"))
    location = models.CharField(_("lokasi"), max_length=300, blank=True)
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certification_audits",
        verbose_name=_("auditor kepala"),
    )
    team = models.CharField(_("anggota tim"), max_length=300, blank=True)
    conducted_on = models.DateField(
        _("dilaksanakan tanggal"), null=True, blank=True, editable=False
    )
    summary = models.TextField(_("ringkasan hasil"), blank=True, editable=False)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("audit")
        verbose_name_plural = _("audit")
        constraints = [
            models.CheckConstraint(
                condition=(Q(evaluation__isnull=False) & Q(surveillance__isnull=True))
                | (Q(evaluation__isnull=True) & Q(surveillance__isnull=False)),
                name="certification_audit_one_parent",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.planned_on:%Y-%m-%d}"

    @property
    def business(self):
        if self.evaluation_id:
            return self.evaluation.request.business
        return self.surveillance.certificate.business


class FindingGrade(models.TextChoices):
    MAJOR = "major", _("Ketidaksesuaian mayor")
    MINOR = "minor", _("Ketidaksesuaian minor")
    OBSERVATION = "observation", _("Observasi")


NONCONFORMITY = (FindingGrade.MAJOR, FindingGrade.MINOR)


class Finding(models.Model):
    """A finding of an audit. A nonconformity (major or minor) gets a corrective action
    with a deadline; an observation does not."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="findings")
    grade = models.CharField(_("kategori"), max_length=12, choices=FindingGrade.choices)
    clause = models.CharField(_("klausul/persyaratan"), max_length=120, blank=True)
    description = models.TextField(_("uraian temuan"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audit", "id"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")

    def __str__(self):
        return f"{self.get_grade_display()}: {self.description[:60]}"

    @property
    def is_nonconformity(self) -> bool:
        return self.grade in NONCONFORMITY


class CorrectiveActionStatus(models.TextChoices):
    OPEN = "open", _("Menunggu tindakan perbaikan")
    SUBMITTED = "submitted", _("Tindakan perbaikan diajukan")
    ACCEPTED = "accepted", _("Diterima (ditutup)")


class CorrectiveActionQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status=CorrectiveActionStatus.ACCEPTED)

    def overdue(self, today):
        return self.unresolved().filter(deadline__lt=today)


class CorrectiveAction(models.Model):
    """The holder's correction of a nonconformity: cause, action, evidence; the
    evaluator accepts it (closing the finding) or sends it back with a reason."""

    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, related_name="corrective_action"
    )
    deadline = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CorrectiveActionStatus.choices,
        default=CorrectiveActionStatus.OPEN,
        editable=False,
    )
    cause = models.TextField(_("analisis penyebab"), blank=True)
    action_taken = models.TextField(_("tindakan perbaikan"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_note = models.TextField(_("catatan evaluator"), blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("tindakan perbaikan")
        verbose_name_plural = _("tindakan perbaikan")

    def __str__(self):
        return f"{self.finding} · {self.get_status_display()}"

    def is_overdue(self, today) -> bool:
        return self.status != CorrectiveActionStatus.ACCEPTED and self.deadline < today

    @property
    def business(self):
        return self.finding.audit.business


def evidence_path(instance, filename):
    # Random names only: nothing of the uploaded file name reaches the storage.
    return f"sertifikasi/bukti/{uuid.uuid4().hex}"


class CorrectiveEvidence(models.Model):
    """One evidence file of a corrective action (PDF/JPEG/PNG checked by content,
    private storage). Never overwritten: a new file is a new row."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=evidence_path)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bukti tindakan perbaikan")
        verbose_name_plural = _("bukti tindakan perbaikan")

    def __str__(self):
        return self.original_name


class SamplingPlace(models.TextChoices):
    FACTORY = "factory", _("Lokasi produksi")
    MARKET = "market", _("Pasar/toko")
    OTHER = "other", _("Lainnya")


class Sampling(models.Model):
    """A sample taken for certification (on site, from the market) and sent to the
    lab. `lab_sample_code` links it to the lab's sample (kriya.certification.lab_link)."""

    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="samplings"
    )
    surveillance = models.ForeignKey(
        "certification.Surveillance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="samplings",
    )
    product = models.ForeignKey(
        "registry.Product",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("produk"),
    )
    description = models.CharField(_("uraian contoh"), max_length=300)
    place = models.CharField(_("tempat pengambilan"), max_length=10, choices=SamplingPlace.choices)
    taken_on = models.DateField(_("tanggal pengambilan"))
    quantity = models.CharField(_("jumlah"), max_length=100, blank=True)
    seal_number = models.CharField(_("nomor segel"), max_length=60, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diambil oleh"),
    )
    lab_sample_code = models.CharField(
        _("kode contoh laboratorium"), max_length=20, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "id"]
        verbose_name = _("pengambilan contoh")
        verbose_name_plural = _("pengambilan contoh")
        constraints = [
            models.CheckConstraint(
                condition=(Q(evaluation__isnull=False) & Q(surveillance__isnull=True))
                | (Q(evaluation__isnull=True) & Q(surveillance__isnull=False)),
                name="certification_sampling_one_parent",
            )
        ]

    def __str__(self):
        return f"{self.description} ({self.taken_on:%Y-%m-%d})"
