"""The service desk: the agency's catalogue and the online service request.

PNBP (Penerimaan Negara Bukan Pajak) is the non-tax state revenue the agency's fees
belong to; SIMPONI is the Finance Ministry's system that issues the e-billing code a
business pays against. Amounts are integer rupiah; service standards are working days
(hari kerja, HK).

A request's status is assigned only by `kriya.desk.workflow.LIFECYCLE`; the clock
fields (`clock_*`) are set together with it by `kriya.desk.services.transition_request`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.core.formatting import rupiah
from kriya.core.i18n import in_active_language
from kriya.core.storage import private_storage

from .clock import PAUSED_STATUSES, RUNNING_STATUSES, clock_of

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
    # A regency government unit may file this service in its own name (an in-house
    # training, an instructor, advice for the regency's programme). Only services the
    # desk itself performs: lab and certification work is about a business's products.
    open_to_regency_units = models.BooleanField(
        _("dapat dimohon perangkat daerah"),
        default=False,
        help_text=_(
            "Perangkat daerah kabupaten/kota boleh mengajukan layanan ini atas nama "
            "instansinya. Hanya untuk layanan yang dilaksanakan Unit Pelayanan Publik."
        ),
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
        constraints = [
            models.CheckConstraint(
                condition=Q(open_to_regency_units=False) | Q(body="DESK"),
                name="service_units_only_for_desk_services",
                violation_error_message=_(
                    "Hanya layanan yang dilaksanakan Unit Pelayanan Publik yang dapat "
                    "dimohon perangkat daerah."
                ),
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
    def output(self) -> str:
        return in_active_language(self, "output")

    @property
    def lowest_tariff(self):
        """The cheapest active tariff item (from the prefetched items), or None."""
        active = [t for t in self.tariff_items.all() if t.is_active]
        return min(active, key=lambda t: t.amount) if active else None

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
        return in_active_language(self, "name")


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
        return f"{self.name} ({rupiah(self.amount)})"

    @property
    def name(self) -> str:
        return in_active_language(self, "name")


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


# While the request is in one of these, the agency holds it and the clock runs
# (submitted, resubmitted, in review, accepted, paid, in progress, result ready).
CLOCK_RUNNING = frozenset(Status(value) for value in RUNNING_STATUSES)
# Waiting on the applicant (returned, awaiting payment): the clock pauses.
CLOCK_PAUSED = frozenset(Status(value) for value in PAUSED_STATUSES)
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
        return self.filter(applicant_place_q(regency=code))

    def of_units(self, unit_ids):
        """Requests filed in the name of these regency units."""
        return self.filter(organisation_id__in=unit_ids)


def applicant_place_q(*, regency: str = "", district: str = "", prefix: str = "") -> Q:
    """Requests (reached through `prefix`, e.g. "request__") whose applicant is in this
    place: a business by its address; a regency unit's own request by the unit's regency,
    and in no district (a unit has no address below its regency)."""
    q = Q()
    if regency:
        q &= Q(**{f"{prefix}business__regency_id": regency}) | Q(
            **{f"{prefix}organisation__regency_id": regency}
        )
    if district:
        q &= Q(**{f"{prefix}business__district_id": district})
    return q


class ServiceRequest(models.Model):
    """A request for one service, filed for a business by its owner or a facilitator,
    or in its own name by a regency government unit (`organisation`, for the services
    open to units) through one of its regency officers. Exactly one of the two is set."""

    business = models.ForeignKey(
        "registry.Business",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("usaha"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_requests",
        limit_choices_to={"kind": "regency_unit"},
        verbose_name=_("perangkat daerah pemohon"),
        help_text=_("Diisi bila perangkat daerah mengajukan atas nama instansinya."),
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
    # SHA-256 of what was filed with the key: a reuse with other data is refused.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    # The working-day clock (kriya.desk.clock).
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
    status_changed_at = models.DateTimeField(
        _("status berubah pada"), null=True, blank=True, editable=False
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    # A fee request (kriya.desk.fees.open_fee_request) names what it pays for in the app
    # above the desk, e.g. "training.enrolment:12" or "events.application:5"; empty for a
    # request the business filed. The desk never reads the app: the app listens to
    # `signals.request_status_changed` and finds its own row from this.
    origin = models.CharField(_("asal tagihan"), max_length=60, blank=True, editable=False)
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
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["assigned_to", "status"]),
            models.Index(fields=["clock_deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["filed_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="service_request_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(business__isnull=False, organisation__isnull=True)
                | Q(business__isnull=True, organisation__isnull=False),
                name="service_request_one_applicant",
            ),
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
    def is_unit_request(self) -> bool:
        """Filed by a regency unit in its own name (no business)."""
        return self.organisation_id is not None

    @property
    def applicant(self):
        """The business, or the regency unit that filed in its own name: both have
        `name` and `regency`."""
        return self.organisation if self.organisation_id is not None else self.business

    @property
    def applicant_name(self) -> str:
        applicant = self.applicant
        return applicant.name if applicant is not None else ""

    @property
    def applicant_regency_id(self) -> str | None:
        applicant = self.applicant
        return applicant.regency_id if applicant is not None else None

    @property
    def clock(self):
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
        max_length=10,
        choices=[
            ("manual", _("Diketik petugas")),
            ("simponi", "SIMPONI"),
            ("payee", _("Kode bayar penyelenggara")),
        ],
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
    # A sponsored request's bill is addressed to the programme's regency unit, which pays.
    sponsorship = models.ForeignKey(
        "Sponsorship",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bills",
        verbose_name=_("dibayar oleh program"),
    )
    payer_name = models.CharField(_("ditagihkan kepada"), max_length=200, blank=True)
    # Who collects the money. Empty: the agency (PNBP, SIMPONI billing code). An event's
    # booth fee or a regency programme's tariff is the organiser's own revenue (a regency
    # unit's retribusi daerah): the bill names that organisation, its code (if any) is
    # the organiser's own, and its people confirm the payment (kriya.desk.fees).
    payee = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penerima pembayaran"),
    )
    payee_name = models.CharField(_("dibayarkan kepada"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")

    def __str__(self):
        return f"{self.billing_code} · {rupiah(self.total)}"

    @property
    def is_open(self) -> bool:
        return not (self.paid_at or self.expired_at or self.cancelled_at)

    @property
    def is_pnbp(self) -> bool:
        """Collected by the agency as PNBP (SIMPONI); otherwise by `payee`."""
        return self.payee_id is None

    #: What `state` can be.
    STATES = ("open", "paid", "expired", "cancelled")

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


# --- Sponsorship (fasilitasi): a regency programme pays for a request ---------------


class ProgrammeQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(is_active=True, starts_on__lte=day, ends_on__gte=day)


class Programme(models.Model):
    """A regency programme that pays for a service for a number of businesses, e.g.
    "Fasilitasi sertifikasi halal 2026: 100 usaha". It belongs to a regency government
    unit. `used` counts the active sponsorships and is kept with them under the row lock
    (kriya.desk.sponsorship); the database refuses `used > quota`."""

    unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="service_programmes",
        limit_choices_to={"kind": "regency_unit"},
        verbose_name=_("perangkat daerah"),
    )
    name = models.CharField(_("nama program"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    services = models.ManyToManyField(
        Service, related_name="programmes", verbose_name=_("layanan yang didanai")
    )
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"))
    quota = models.PositiveIntegerField(_("kuota (usaha)"))
    used = models.PositiveIntegerField(_("kuota terpakai"), default=0, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("program fasilitasi")
        verbose_name_plural = _("program fasilitasi")
        constraints = [
            models.CheckConstraint(condition=Q(used__lte=F("quota")), name="programme_quota"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="programme_quota_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="programme_period"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.used}/{self.quota})"

    @property
    def left(self) -> int:
        return max(0, self.quota - self.used)

    def is_open_on(self, day) -> bool:
        return self.is_active and self.starts_on <= day <= self.ends_on

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.quota is not None and self.quota < self.used:
            errors["quota"] = _("Kuota tidak boleh kurang dari yang sudah terpakai (%(n)d).") % {
                "n": self.used
            }
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
        if errors:
            raise ValidationError(errors)


class Recommendation(models.Model):
    """A regency officer's recommendation of a request (one per request and unit)."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="recommendations"
    )
    unit = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("perangkat daerah"),
    )
    note = models.TextField(_("isi rekomendasi"))
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="recommendation_once_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} → {self.request}"


class SponsorshipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(released_at__isnull=True)


class Sponsorship(models.Model):
    """A programme pays for a request: the request's PNBP bill is addressed to the
    programme's regency unit. Released (withdrawn, or the request cancelled or rejected)
    sponsorships give their place in the quota back and stay as history."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="sponsorships", verbose_name=_("program")
    )
    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="sponsorships"
    )
    business = models.ForeignKey("registry.Business", on_delete=models.PROTECT, related_name="+")
    sponsored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("didanai pada"), auto_now_add=True)
    released_at = models.DateTimeField(_("dilepas pada"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_reason = models.TextField(_("alasan dilepas"), blank=True)

    objects = SponsorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pendanaan program")
        verbose_name_plural = _("pendanaan program")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(released_at__isnull=True),
                name="sponsorship_one_active_per_request",
            ),
            models.UniqueConstraint(
                fields=["programme", "business"],
                condition=Q(released_at__isnull=True),
                name="sponsorship_one_per_business_and_programme",
            ),
        ]

    def __str__(self):
        return f"{self.programme.name} → {self.request.number}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


# --- Notifications and reminders -----------------------------------------------------


class WhatsAppStatus(models.TextChoices):
    QUEUED = "queued", _("WhatsApp: menunggu dikirim")
    RETRYING = "retrying", _("WhatsApp: dicoba lagi")
    SENT = "sent", _("WhatsApp: terkirim")
    DELIVERED = "delivered", _("WhatsApp: diterima")
    READ = "read", _("WhatsApp: dibaca")
    FAILED = "failed", _("WhatsApp: gagal, dikirim lewat e-mail")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One in-app notice to one person about a request (also sent by e-mail). Its text
    is rendered from `event` and `data` in the reader's language when shown."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    request = models.ForeignKey(
        ServiceRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("peristiwa"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim lewat e-mail pada"), null=True, blank=True)
    # WhatsApp (kriya/desk/whatsapp.py): the provider's message id and what it reported.
    whatsapp_status = models.CharField(
        _("status WhatsApp"), max_length=10, choices=WhatsAppStatus.choices, blank=True, default=""
    )
    whatsapp_message_id = models.CharField(max_length=100, blank=True, default="", db_index=True)
    whatsapp_error = models.CharField(max_length=300, blank=True, default="")
    whatsapp_attempts = models.PositiveSmallIntegerField(default=0)
    whatsapp_next_at = models.DateTimeField(null=True, blank=True)
    whatsapp_updated_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self):
        return f"{self.recipient} · {self.event}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderKind(models.TextChoices):
    WAITING_ON_APPLICANT = "waiting_on_applicant", _("Menunggu pemohon 5 hari kerja")
    # xgettext:no-python-format
    STANDARD_80 = "standard_80", _("80 % standar pelayanan terpakai")


class Reminder(models.Model):
    """A reminder that was sent: one per request, kind and period (a pause of the
    clock, or the request's standard), so `send_reminders` is idempotent."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    period = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("pengingat")
        verbose_name_plural = _("pengingat")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "period"], name="reminder_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.request} · {self.kind} · {self.period}"


# --- Satisfaction survey (survei kepuasan masyarakat, PermenPAN-RB 14/2017) ----------

# The nine elements of the regulation, in its order: (field, name).
SURVEY_ELEMENTS = [
    ("u1", _("Persyaratan")),
    ("u2", _("Sistem, mekanisme dan prosedur")),
    ("u3", _("Waktu penyelesaian")),
    ("u4", _("Biaya/tarif")),
    ("u5", _("Produk spesifikasi jenis pelayanan")),
    ("u6", _("Kompetensi pelaksana")),
    ("u7", _("Perilaku pelaksana")),
    ("u8", _("Penanganan pengaduan, saran dan masukan")),
    ("u9", _("Sarana dan prasarana")),
]
SURVEY_FIELDS = [code for code, _name in SURVEY_ELEMENTS]


def _score_field(label):
    return models.PositiveSmallIntegerField(label)


class SurveyResponse(models.Model):
    """The applicant's answer to the satisfaction survey of one completed request: each
    of the nine elements scored 1–4. One per request. The agency sees only the index
    (IKM = mean score × 25) per service and period, with the number of respondents."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.PROTECT, related_name="survey")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="survey_responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    u1 = _score_field(SURVEY_ELEMENTS[0][1])
    u2 = _score_field(SURVEY_ELEMENTS[1][1])
    u3 = _score_field(SURVEY_ELEMENTS[2][1])
    u4 = _score_field(SURVEY_ELEMENTS[3][1])
    u5 = _score_field(SURVEY_ELEMENTS[4][1])
    u6 = _score_field(SURVEY_ELEMENTS[5][1])
    u7 = _score_field(SURVEY_ELEMENTS[6][1])
    u8 = _score_field(SURVEY_ELEMENTS[7][1])
    u9 = _score_field(SURVEY_ELEMENTS[8][1])
    suggestion = models.TextField(_("saran dan masukan"), blank=True)
    created_at = models.DateTimeField(_("diisi pada"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("jawaban survei kepuasan")
        verbose_name_plural = _("jawaban survei kepuasan")
        indexes = [models.Index(fields=["service", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{code}__gte": 1, f"{code}__lte": 4}),
                name=f"survey_{code}_1_to_4",
            )
            for code in SURVEY_FIELDS
        ]

    def __str__(self):
        return f"{self.request} · {self.mean:.2f}"

    @property
    def scores(self) -> list[int]:
        return [getattr(self, code) for code in SURVEY_FIELDS]

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(SURVEY_FIELDS)


# --- Complaints (pengaduan) ------------------------------------------------------------


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_HANDLING = "in_handling", _("Sedang ditangani")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", _("Ditutup")


class Complaint(models.Model):
    """An applicant's complaint about a request. Its status is assigned only by
    `kriya.desk.complaints.LIFECYCLE` (received → in handling → answered → closed)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="complaints")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("perihal"), max_length=200)
    body = models.TextField(_("isi pengaduan"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
        editable=False,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    answer = models.TextField(_("jawaban"), blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.number} · {self.subject}"

    @property
    def number(self) -> str:
        year = (self.created_at or timezone.now()).year
        return f"ADU-{year}-{self.pk or 0:05d}"
