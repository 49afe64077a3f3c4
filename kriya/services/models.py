"""The service desk: the agency's catalogue and the online service request.

PNBP (Penerimaan Negara Bukan Pajak) is the non-tax state revenue the agency's fees
belong to; SIMPONI is the Finance Ministry's system that issues the e-billing code a
business pays against. Amounts are integer rupiah; service standards are working days
(hari kerja, HK).

A request's status is assigned only by `kriya.services.workflow.LIFECYCLE`; the clock
fields (`clock_*`) are set together with it by `kriya.services.services.transition_request`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage

UNCONFIRMED = _("belum dikonfirmasi")


class Body(models.TextChoices):
    """The agency's body that performs a service (reference.yaml first_deployment.agency)."""

    LAB = "LAB", _("Laboratorium Uji dan Kalibrasi")
    LSPRO = "LSPRO", _("Lembaga Sertifikasi Produk (LSPro)")
    LPH = "LPH", _("Lembaga Pemeriksa Halal (LPH)")
    LSIH = "LSIH", _("Lembaga Sertifikasi Industri Hijau (LSIH)")
    LSP = "LSP", _("Lembaga Sertifikasi Profesi (LSP)")
    DESK = "DESK", _("Unit Pelayanan Publik")


class Variant(models.TextChoices):
    """Which path through the request lifecycle a service follows."""

    BILLED = "billed", _("Dengan tagihan PNBP (terima → tagihan → bayar → proses)")
    FREE = "free", _("Tanpa tagihan (terima → proses)")


class ServiceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Service(models.Model):
    """One service of the catalogue, editable by an administrator.

    Values the public sources did not confirm stay editable and are shown to
    administrators as "belum dikonfirmasi" (`is_verified=False`, `unverified_note`).
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    description_id = models.TextField(_("deskripsi (Indonesia)"), blank=True)
    description_en = models.TextField(_("deskripsi (Inggris)"), blank=True)
    body = models.CharField(_("pelaksana"), max_length=8, choices=Body.choices, default=Body.DESK)
    output_id = models.CharField(_("keluaran (Indonesia)"), max_length=200, blank=True)
    output_en = models.CharField(_("keluaran (Inggris)"), max_length=200, blank=True)
    standard_days = models.PositiveSmallIntegerField(
        _("standar pelayanan (hari kerja)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila belum ditetapkan; jam layanan tidak dihitung tenggatnya."),
    )
    standard_note = models.CharField(
        _("catatan standar pelayanan"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: 1–12 hari kerja tergantung parameter, ditambah 2 untuk laporan."),
    )
    eligible_size_classes = models.JSONField(
        _("kelas usaha yang berhak"),
        default=list,
        blank=True,
        help_text=_('Daftar kelas usaha, misalnya ["mikro", "kecil"]; kosong berarti semua.'),
    )
    variant = models.CharField(
        _("alur layanan"), max_length=10, choices=Variant.choices, default=Variant.BILLED
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_verified = models.BooleanField(
        _("data terkonfirmasi"),
        default=False,
        help_text=_("Matikan bila sebagian data belum dikonfirmasi dari sumber resmi."),
    )
    unverified_note = models.TextField(_("catatan data yang belum dikonfirmasi"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id

    @property
    def description(self) -> str:
        if (get_language() or "id").startswith("en") and self.description_en:
            return self.description_en
        return self.description_id

    @property
    def output(self) -> str:
        if (get_language() or "id").startswith("en") and self.output_en:
            return self.output_en
        return self.output_id

    @property
    def is_billed(self) -> bool:
        return self.variant == Variant.BILLED

    def is_eligible(self, business) -> bool:
        """Whether `business` may apply (size-class rule); an unknown size class is allowed
        so the desk can decide."""
        if not self.eligible_size_classes:
            return True
        return not business.size_class or business.size_class in self.eligible_size_classes


class ServiceDocument(models.Model):
    """A document the applicant must (or may) attach to a request for a service."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="documents", verbose_name=_("layanan")
    )
    code = models.SlugField(_("kode"), max_length=60)
    name_id = models.CharField(_("nama dokumen (Indonesia)"), max_length=200)
    name_en = models.CharField(_("nama dokumen (Inggris)"), max_length=200, blank=True)
    is_mandatory = models.BooleanField(_("wajib"), default=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_document_code")
        ]
        verbose_name = _("dokumen persyaratan")
        verbose_name_plural = _("dokumen persyaratan")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id


class TariffItem(models.Model):
    """A PNBP tariff line of a service (integer rupiah per unit). Only tariffs that a
    source gives are entered; unknown tariffs are absent and the desk types bill lines."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="tariff_items", verbose_name=_("layanan")
    )
    code = models.SlugField(_("kode"), max_length=60)
    name_id = models.CharField(_("uraian (Indonesia)"), max_length=200)
    name_en = models.CharField(_("uraian (Inggris)"), max_length=200, blank=True)
    unit = models.CharField(_("satuan"), max_length=60, default="layanan")
    amount = models.PositiveBigIntegerField(_("tarif (Rp)"))
    is_verified = models.BooleanField(_("tarif terkonfirmasi"), default=False)
    note = models.CharField(_("catatan sumber"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="tariff_item_code")]
        verbose_name = _("item tarif")
        verbose_name_plural = _("item tarif")

    def __str__(self):
        return f"{self.name} (Rp{self.amount:,})".replace(",", ".")

    @property
    def name(self) -> str:
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    IN_REVIEW = "in_review", _("Diperiksa")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    RESUBMITTED = "resubmitted", _("Diajukan ulang")
    ACCEPTED = "accepted", _("Diterima")
    AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")
    PAID = "paid", _("Lunas")
    IN_PROGRESS = "in_progress", _("Dalam proses")
    RESULT_READY = "result_ready", _("Hasil siap")
    COMPLETED = "completed", _("Selesai")
    REJECTED = "rejected", _("Ditolak")
    CANCELLED = "cancelled", _("Dibatalkan")


# While the request is in one of these, the agency holds it and the clock runs.
CLOCK_RUNNING = frozenset(
    {
        Status.SUBMITTED,
        Status.RESUBMITTED,
        Status.IN_REVIEW,
        Status.ACCEPTED,
        Status.PAID,
        Status.IN_PROGRESS,
        Status.RESULT_READY,
    }
)
# Waiting on the applicant: the clock pauses.
CLOCK_PAUSED = frozenset({Status.RETURNED, Status.AWAITING_PAYMENT})
FINAL = frozenset({Status.COMPLETED, Status.REJECTED, Status.CANCELLED})
OPEN = frozenset(Status) - FINAL - {Status.DRAFT}


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def for_business(self, business):
        return self.filter(business=business)

    def for_body(self, body: str):
        return self.filter(service__body=body)

    def in_status(self, *statuses):
        return self.filter(status__in=statuses)

    def overdue(self, today=None):
        """Past the service standard: running past the deadline, or (paused or finished)
        having used more working days than the standard."""
        today = today or timezone.localdate()
        return self.filter(
            Q(clock_deadline__lt=today, status__in=CLOCK_RUNNING)
            | Q(standard_days__isnull=False, clock_days_used__gt=F("standard_days"))
        )

    def in_regency(self, code: str):
        return self.filter(business__regency_id=code)


class ServiceRequest(models.Model):
    """A business's request for one service, filed by its owner or a facilitator."""

    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("usaha"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests", verbose_name=_("layanan")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    status_reason = models.TextField(
        _("alasan"), blank=True, editable=False, help_text=_("Alasan pengembalian/penolakan.")
    )
    notes = models.TextField(_("catatan pemohon"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_service_requests",
        verbose_name=_("petugas"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="filed_service_requests",
        verbose_name=_("diajukan oleh"),
        help_text=_("Pemilik usaha atau pendamping yang mengisi permohonan."),
    )
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    # The working-day clock (kriya.services.clock).
    standard_days = models.PositiveSmallIntegerField(
        _("standar pelayanan (hari kerja)"),
        null=True,
        blank=True,
        help_text=_("Disalin dari katalog saat diajukan."),
    )
    clock_days_used = models.PositiveIntegerField(
        _("hari kerja terpakai (sebelum jeda terakhir)"), default=0, editable=False
    )
    clock_running_since = models.DateField(
        _("jam layanan berjalan sejak"), null=True, blank=True, editable=False
    )
    clock_deadline = models.DateField(_("tenggat"), null=True, blank=True, editable=False)

    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permohonan layanan")
        verbose_name_plural = _("permohonan layanan")
        indexes = [
            models.Index(fields=["status", "service"]),
            models.Index(fields=["business", "status"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["clock_deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["filed_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="service_request_idempotency_key",
            )
        ]

    def __str__(self):
        return f"{self.number} · {self.service_id and self.service.name_id}"

    @property
    def number(self) -> str:
        """The request number shown to people: year of filing and id."""
        year = (self.created_at or timezone.now()).year
        return f"PL-{year}-{self.pk or 0:06d}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def clock(self):
        from .clock import clock_of

        return clock_of(self)


class ItemKind(models.TextChoices):
    PRODUCT = "product", _("Produk")
    SAMPLE = "sample", _("Contoh uji")
    OTHER = "other", _("Lainnya")


class RequestItem(models.Model):
    """A product or sample the request is about (a batik tulis cloth, two scarves…)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(
        _("jenis"), max_length=10, choices=ItemKind.choices, default=ItemKind.SAMPLE
    )
    product = models.ForeignKey(
        "registry.Product",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_request_items",
        verbose_name=_("produk"),
    )
    name = models.CharField(_("nama barang/contoh"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    quantity = models.PositiveIntegerField(_("jumlah"), default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("barang/contoh")
        verbose_name_plural = _("barang/contoh")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="request_item_quantity")
        ]

    def __str__(self):
        return self.name


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Dokumen permohonan")
    PAYMENT_PROOF = "payment_proof", _("Bukti pembayaran")
    RESULT = "result", _("Dokumen hasil")
    INTERNAL = "internal", _("Dokumen internal")


def request_document_path(instance, filename):
    # Random names only: nothing of the uploaded file name reaches the storage.
    return f"layanan/{uuid.uuid4().hex}"


class RequestDocument(models.Model):
    """One version of a document on a request. A new version is a new row; rows are
    never overwritten. `slot` groups versions (a requirement code, "hasil", "bill-12")."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=20, choices=DocumentKind.choices)
    slot = models.CharField(_("slot"), max_length=60)
    version = models.PositiveIntegerField(_("versi"), default=1)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to=request_document_path)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "slot", "-version"]
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "slot", "version"], name="request_document_version"
            )
        ]

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def extension(self) -> str:
        return {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
            self.content_type, "bin"
        )


class Bill(models.Model):
    """A PNBP bill for a request. Its state follows from its timestamps: open until paid,
    expired (past the due date without a confirmed payment) or cancelled."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="bills")
    billing_code = models.CharField(
        _("kode billing"),
        max_length=40,
        help_text=_("Kode billing SIMPONI (15 digit) untuk membayar PNBP."),
    )
    code_source = models.CharField(
        max_length=10, choices=[("manual", _("Diketik petugas")), ("simponi", "SIMPONI")]
    )
    total = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    due_date = models.DateField(_("jatuh tempo"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("diterbitkan pada"), auto_now_add=True)
    paid_at = models.DateTimeField(_("lunas pada"), null=True, blank=True)
    expired_at = models.DateTimeField(_("kedaluwarsa pada"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")

    def __str__(self):
        return f"{self.billing_code} · Rp{self.total:,}".replace(",", ".")

    @property
    def is_open(self) -> bool:
        return not (self.paid_at or self.expired_at or self.cancelled_at)

    @property
    def state(self) -> str:
        if self.paid_at:
            return "paid"
        if self.expired_at:
            return "expired"
        if self.cancelled_at:
            return "cancelled"
        return "open"


class BillItem(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="items")
    tariff_item = models.ForeignKey(
        TariffItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(_("uraian"), max_length=200)
    unit = models.CharField(_("satuan"), max_length=60, blank=True)
    unit_price = models.PositiveBigIntegerField(_("tarif (Rp)"))
    quantity = models.PositiveIntegerField(_("jumlah"))
    amount = models.PositiveBigIntegerField(_("subtotal (Rp)"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="bill_item_quantity"),
            models.CheckConstraint(
                condition=Q(amount=F("unit_price") * F("quantity")), name="bill_item_amount"
            ),
        ]

    def __str__(self):
        return self.description


class Payment(models.Model):
    """A payment proof the applicant uploaded for a bill, and the desk's check of it."""

    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="payments")
    proof = models.ForeignKey(RequestDocument, on_delete=models.PROTECT, related_name="+")
    paid_on = models.DateField(_("tanggal bayar"))
    reference = models.CharField(
        _("NTPN / nomor referensi"),
        max_length=40,
        blank=True,
        help_text=_("Nomor Transaksi Penerimaan Negara pada bukti bayar, bila ada."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("alasan penolakan bukti"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")

    def __str__(self):
        return f"{self.bill} · {self.paid_on}"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None and self.rejected_at is None
