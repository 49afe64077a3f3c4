"""The registry: one record per business, keyed on its NIB, and its products.

NIB (Nomor Induk Berusaha) is the 13-digit business identity number from OSS-RBA;
KBLI codes are the 5-digit business activity codes printed on it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage
from kriya.regions.models import Region


class Sector(models.TextChoices):
    BATIK = "batik", _("Batik")
    BORDIR = "bordir", _("Bordir")
    TENUN = "tenun", _("Tenun")
    ANYAMAN = "anyaman", _("Anyaman")
    KAYU = "kayu", _("Kayu")
    KULIT = "kulit", _("Kulit")
    KERAMIK_GERABAH = "keramik_gerabah", _("Keramik dan gerabah")
    PERHIASAN_AKSESORIS = "perhiasan_aksesoris", _("Perhiasan dan aksesoris")
    RAJUT = "rajut", _("Rajut")
    ECOPRINT = "ecoprint", _("Ecoprint")
    LAINNYA = "lainnya", _("Lainnya")


class LegalForm(models.TextChoices):
    PERORANGAN = "perorangan", _("Perorangan")
    UD = "ud", _("Usaha dagang (UD)")
    CV = "cv", _("CV")
    PT = "pt", _("PT")
    PT_PERORANGAN = "pt_perorangan", _("PT perorangan")
    KOPERASI = "koperasi", _("Koperasi")
    LAINNYA = "lainnya", _("Lainnya")


class SizeClass(models.TextChoices):
    """PP 7/2021 art. 35 size classes (thresholds in kriya.registry.sizing)."""

    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


class BusinessStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Terverifikasi")
    SUSPENDED = "suspended", _("Dibekukan")


class BusinessQuerySet(models.QuerySet):
    def in_regency(self, code: str):
        return self.filter(regency_id=code)

    def in_district(self, code: str):
        return self.filter(district_id=code)

    def verified(self):
        return self.filter(status=BusinessStatus.VERIFIED)


class Business(models.Model):
    """A micro or small business (UMKM/IKM), keyed on its NIB.

    `district` and `regency` follow from `village` and are kept beside it for filtering;
    `size_class` follows from capital and annual sales. Both are set by the services,
    never typed in.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="business", editable=False
    )
    nib = models.CharField(_("NIB"), max_length=13, unique=True)
    name = models.CharField(_("nama usaha"), max_length=200)
    # Unique by a constraint below, not `unique=True`: on PostgreSQL that would add a second
    # (pattern) index nobody queries, which every insert pays for.
    slug = models.SlugField(_("slug"), max_length=220, db_index=False, editable=False)
    legal_form = models.CharField(
        _("bentuk usaha"), max_length=20, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
    owner_name = models.CharField(_("nama pemilik"), max_length=150)
    phone = models.CharField(_("nomor HP/WA"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    # The region keys are indexed by Meta.indexes only: (regency, status) and (district,
    # status) serve every lookup by regency or district, and a plain index on village; the
    # automatic ones would add a single-column index each and, on PostgreSQL, a pattern
    # index each (docs/decisions.md, "Registry indexes").
    village = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("desa/kelurahan"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        editable=False,
        verbose_name=_("kecamatan"),
    )
    regency = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        editable=False,
        verbose_name=_("kabupaten/kota"),
    )
    kbli = models.JSONField(_("KBLI"), default=list, blank=True)
    sector = models.CharField(_("sektor"), max_length=30, choices=Sector.choices)
    year_founded = models.PositiveSmallIntegerField(_("tahun berdiri"), null=True, blank=True)
    workforce_total = models.PositiveIntegerField(_("jumlah tenaga kerja"), default=0)
    workforce_women = models.PositiveIntegerField(_("tenaga kerja perempuan"), default=0)
    workforce_youth = models.PositiveIntegerField(_("tenaga kerja di bawah 30 tahun"), default=0)
    capital = models.PositiveBigIntegerField(_("modal usaha (Rp)"), null=True, blank=True)
    annual_sales = models.PositiveBigIntegerField(_("omzet per tahun (Rp)"), null=True, blank=True)
    size_class = models.CharField(
        _("kelas usaha"), max_length=10, choices=SizeClass.choices, blank=True, editable=False
    )
    associations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="member_businesses",
        limit_choices_to={"kind": "association"},
        verbose_name=_("asosiasi"),
    )
    trademark_number = models.CharField(
        _("nomor merek (DJKI)"),
        max_length=40,
        blank=True,
        help_text=_("Nomor pendaftaran atau nomor permohonan merek di DJKI, bila ada."),
    )
    latitude = models.DecimalField(
        _("lintang"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("bujur"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BusinessStatus.choices,
        default=BusinessStatus.DRAFT,
        editable=False,
    )
    return_reason = models.TextField(_("alasan pengembalian"), blank=True, editable=False)
    verified_at = models.DateTimeField(
        _("diverifikasi pada"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BusinessQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")
        indexes = [
            models.Index(fields=["regency", "status"]),
            models.Index(fields=["district", "status"]),
            models.Index(fields=["village"], name="registry_business_village"),
            models.Index(fields=["sector"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nib__regex=r"^[0-9]{13}$"), name="business_nib_13_digits"
            ),
            models.UniqueConstraint(fields=["slug"], name="registry_business_slug_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == BusinessStatus.VERIFIED

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.workforce_women > self.workforce_total:
            errors["workforce_women"] = _("Tidak boleh lebih dari jumlah tenaga kerja.")
        if self.workforce_youth > self.workforce_total:
            errors["workforce_youth"] = _("Tidak boleh lebih dari jumlah tenaga kerja.")
        if self.year_founded is not None and not 1900 <= self.year_founded <= timezone.now().year:
            errors["year_founded"] = _("Tahun berdiri tidak wajar.")
        if errors:
            raise ValidationError(errors)


# Fields whose change sends a verified business back to re-verification.
KEY_FIELDS = ("nib", "name", "village_id")


def private_upload_path(instance, filename):
    # Random names only: nothing of the uploaded file name reaches the disk.
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}"


def business_photo_path(instance, filename):
    return f"usaha/{instance.business_id}/{uuid.uuid4().hex}.webp"


def product_photo_path(instance, filename):
    return f"produk/{instance.product_id}/{uuid.uuid4().hex}.webp"


def thumbnail_path(instance, filename):
    return f"thumb/{uuid.uuid4().hex}.webp"


class BusinessPhoto(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=business_photo_path)
    thumbnail = models.ImageField(upload_to=thumbnail_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"photo {self.pk}"


class Technique(models.TextChoices):
    """Batik techniques of SNI 0239:2019; printing is not batik."""

    TULIS = "tulis", _("Batik tulis")
    CAP = "cap", _("Batik cap")
    KOMBINASI = "kombinasi", _("Batik kombinasi (tulis dan cap)")
    PRINTING = "printing", _("Tiruan batik / printing motif batik")


BATIK_TECHNIQUES = (Technique.TULIS, Technique.CAP, Technique.KOMBINASI)


class Dye(models.TextChoices):
    NATURAL = "natural", _("Pewarna alam")
    SYNTHETIC = "synthetic", _("Pewarna sintetis")
    BOTH = "both", _("Alam dan sintetis")


class Availability(models.TextChoices):
    READY = "ready", _("Siap kirim")
    PREORDER = "preorder", _("Pesan dulu (pre-order)")
    SOLD_OUT = "sold_out", _("Habis")


class ProductQuerySet(models.QuerySet):
    def public(self):
        """What the showcase may show: published products of verified businesses."""
        return self.filter(is_published=True, business__status=BusinessStatus.VERIFIED)


class Product(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("nama produk"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, editable=False)
    description = models.TextField(_("deskripsi"), blank=True)
    sector = models.CharField(_("sektor"), max_length=30, choices=Sector.choices)
    category = models.CharField(
        _("kategori"),
        max_length=100,
        blank=True,
        help_text=_("Misalnya kain, kemeja, selendang, tas."),
    )
    technique = models.CharField(
        _("teknik batik"), max_length=12, choices=Technique.choices, blank=True
    )
    motif = models.CharField(_("motif"), max_length=120, blank=True)
    dye = models.CharField(_("pewarna"), max_length=10, choices=Dye.choices, blank=True)
    fabric = models.CharField(_("bahan kain"), max_length=100, blank=True)
    size = models.CharField(_("ukuran"), max_length=100, blank=True)
    price = models.PositiveBigIntegerField(_("harga (Rp)"))
    availability = models.CharField(
        _("ketersediaan"), max_length=10, choices=Availability.choices, default=Availability.READY
    )
    is_published = models.BooleanField(_("tampilkan di etalase"), default=False)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        indexes = [
            models.Index(fields=["business", "is_published"]),
            models.Index(fields=["sector", "technique"]),
            models.Index(fields=["price"]),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.technique and self.sector != Sector.BATIK:
            raise ValidationError({"technique": _("Teknik batik hanya untuk produk sektor batik.")})

    @property
    def is_batik(self) -> bool:
        """Printing imitates batik but is not batik (SNI 0239:2019)."""
        return self.technique in BATIK_TECHNIQUES

    @property
    def may_carry_batik_certificate(self) -> bool:
        return self.is_batik


MAX_PRODUCT_PHOTOS = 8


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=product_photo_path)
    thumbnail = models.ImageField(upload_to=thumbnail_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"photo {self.pk}"


class ConsentMethod(models.TextChoices):
    SIGNED_STATEMENT = "signed_statement", _("Surat pernyataan bertanda tangan (diunggah)")
    IN_PERSON = "in_person", _("Pernyataan langsung di hadapan pendamping")
    OWNER_ONLINE = "owner_online", _("Diberikan pemilik di Kriya")


class FacilitationConsent(models.Model):
    """A business owner's consent that a facilitator files and follows things for them."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="consents")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitation_consents"
    )
    method = models.CharField(_("cara persetujuan"), max_length=20, choices=ConsentMethod.choices)
    statement = models.FileField(
        _("surat pernyataan"), storage=private_storage, upload_to=private_upload_path, blank=True
    )
    declared_by = models.CharField(_("nama yang menyatakan"), max_length=150)
    declared_at = models.DateTimeField(_("waktu pernyataan"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("persetujuan pendampingan")
        verbose_name_plural = _("persetujuan pendampingan")

    def __str__(self):
        return f"{self.business} · {self.facilitator}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ClaimInvitation(models.Model):
    """An invitation link by which the owner claims a business a facilitator created."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="claim_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mail pemilik"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.business} · {self.email}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ImportJob(models.Model):
    """A bulk import of a regency's spreadsheet, run as a background task.

    Counts account for every data row: rows = created + updated + rejected + duplicate + blank.
    """

    regency = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    source = models.FileField(storage=private_storage, upload_to=private_upload_path)
    filename = models.CharField(max_length=255)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    report = models.FileField(storage=private_storage, upload_to=private_upload_path, blank=True)
    error = models.TextField(blank=True)
    stopped_at_row = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor data usaha")
        verbose_name_plural = _("impor data usaha")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
