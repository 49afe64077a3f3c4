"""Events of the regency: a yearly series, its editions, their days, the exhibitor call,
booths, daily sales and visitor counts (docs/events.md).

Money in integer rupiah. A status is assigned only by `workflow` (`transition()`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kriya.accounts.models import Organisation
from kriya.regions.models import Region
from kriya.registry.models import Business, Product, Sector
from kriya.showcase.models import Destination


class EventKind(models.TextChoices):
    EXPO = "expo", _("Pameran/bazar")
    FESTIVAL = "festival", _("Festival")
    FASHION_SHOW = "fashion_show", _("Peragaan busana")
    CEREMONY = "ceremony", _("Upacara budaya dengan pameran")
    TRAINING_FAIR = "training_fair", _("Pameran pelatihan")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Diumumkan")
    CALL_OPEN = "call_open", _("Pendaftaran peserta dibuka")
    CALL_CLOSED = "call_closed", _("Pendaftaran peserta ditutup")
    RUNNING = "running", _("Sedang berlangsung")
    REPORTING = "reporting", _("Pelaporan")
    CLOSED = "closed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")
    POSTPONED = "postponed", _("Ditunda")


# Statuses a visitor sees on the public pages.
PUBLIC_STATUSES = (
    EventStatus.PUBLISHED,
    EventStatus.CALL_OPEN,
    EventStatus.CALL_CLOSED,
    EventStatus.RUNNING,
    EventStatus.REPORTING,
    EventStatus.CLOSED,
    EventStatus.CANCELLED,
    EventStatus.POSTPONED,
)


class EventSeries(models.Model):
    """The event that repeats every year (Harjakapro, Eksotika Bromo); each year is an
    `Event` (an edition)."""

    name = models.CharField(_("nama acara tahunan"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    usual_time = models.CharField(_("waktu biasanya"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("acara tahunan")
        verbose_name_plural = _("acara tahunan")

    def __str__(self):
        return self.name


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def in_regency(self, code: str):
        return self.filter(regency_id=code)


class Event(models.Model):
    """One edition of an event: its organisers, place, days, call and booths."""

    series = models.ForeignKey(
        EventSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("acara tahunan"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("nama acara"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=EventKind.choices)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("penyelenggara"),
    )
    co_organisers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("penyelenggara bersama"),
    )
    regency = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 2},
        verbose_name=_("kabupaten/kota"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 3},
        verbose_name=_("kecamatan"),
    )
    venue = models.CharField(_("tempat"), max_length=200)
    destination = models.ForeignKey(
        Destination,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("destinasi wisata"),
    )
    directions = models.TextField(_("cara menuju lokasi"), blank=True)
    directions_en = models.TextField(_("cara menuju lokasi (Inggris)"), blank=True)
    description = models.TextField(_("keterangan"), blank=True)
    description_en = models.TextField(_("keterangan (Inggris)"), blank=True)
    programme = models.TextField(_("acara/susunan kegiatan"), blank=True)
    photo = models.ImageField(_("foto"), upload_to="events/photos/", blank=True)
    photo_caption = models.CharField(_("keterangan foto"), max_length=200, blank=True)
    photo_caption_en = models.CharField(_("keterangan foto (Inggris)"), max_length=200, blank=True)
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_phone = models.CharField(_("nomor HP/WA narahubung"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail narahubung"), blank=True)
    # The call for exhibitors.
    criteria = models.TextField(
        _("kriteria seleksi peserta"),
        blank=True,
        help_text=_("Ditampilkan kepada pelaku usaha sebelum mendaftar."),
    )
    terms = models.TextField(_("ketentuan peserta"), blank=True)
    category_quota = models.JSONField(
        _("kuota per kategori"),
        default=dict,
        blank=True,
        help_text=_('Jumlah stan per kategori produk, misalnya {"batik": 10}.'),
    )
    booth_fee = models.PositiveBigIntegerField(_("biaya stan (Rp)"), default=0)
    floor_plan = models.ImageField(_("denah stan"), upload_to="events/plans/", blank=True)
    setup_on = models.DateField(
        _("hari persiapan"),
        null=True,
        blank=True,
        help_text=_("Hari peserta memasang stan. Kosongkan bila sehari sebelum hari pertama."),
    )
    starts_on = models.DateField(_("mulai"), null=True, blank=True, editable=False)
    ends_on = models.DateField(_("selesai"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        editable=False,
    )
    status_reason = models.TextField(_("alasan"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("acara")
        verbose_name_plural = _("acara")
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:event", args=[self.slug])

    @property
    def call_is_open(self) -> bool:
        return self.status == EventStatus.CALL_OPEN

    @property
    def setup_date(self):
        """The set-up day: the configured one, else the day before the first day."""
        if self.setup_on:
            return self.setup_on
        return self.starts_on - timedelta(days=1) if self.starts_on else None

    @property
    def editable(self) -> bool:
        return self.status not in (EventStatus.CLOSED, EventStatus.CANCELLED)


class EventDay(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("tanggal"))
    opens_at = models.TimeField(_("buka"))
    closes_at = models.TimeField(_("tutup"))

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="events_day_once"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="events_day_hours"
            ),
        ]
        verbose_name = _("hari acara")
        verbose_name_plural = _("hari acara")

    def __str__(self):
        return f"{self.event} {self.date}"


class Booth(models.Model):
    """One booth of the event's plan."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    code = models.CharField(_("kode stan"), max_length=20)
    zone = models.CharField(_("zona"), max_length=60, blank=True)
    sector = models.CharField(_("kategori zona"), max_length=30, choices=Sector.choices, blank=True)
    width_m = models.DecimalField(_("lebar (m)"), max_digits=4, decimal_places=1, default=3)
    depth_m = models.DecimalField(_("dalam (m)"), max_digits=4, decimal_places=1, default=3)
    power_watts = models.PositiveIntegerField(_("daya listrik (watt)"), default=0)

    class Meta:
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="events_booth_code_once")
        ]
        verbose_name = _("stan")
        verbose_name_plural = _("stan")

    def __str__(self):
        return self.code


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    ACCEPTED = "accepted", _("Diterima")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    REJECTED = "rejected", _("Ditolak")
    CONFIRMED = "confirmed", _("Hadir dikonfirmasi")
    WITHDRAWN = "withdrawn", _("Dibatalkan peserta")


EXHIBITING = (ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED)


class Application(models.Model):
    """A business's application to exhibit; once accepted, the exhibitor."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="applications")
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="event_applications"
    )
    products = models.ManyToManyField(Product, blank=True, related_name="+")
    sector = models.CharField(_("kategori produk utama"), max_length=30, choices=Sector.choices)
    booth_width_m = models.DecimalField(
        _("lebar stan yang dibutuhkan (m)"), max_digits=4, decimal_places=1, default=3
    )
    needs_power = models.BooleanField(_("butuh listrik"), default=False)
    days = models.ManyToManyField(EventDay, blank=True, related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        editable=False,
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True, editable=False)
    score_override = models.SmallIntegerField(_("nilai pengganti"), null=True, blank=True)
    override_reason = models.TextField(_("alasan nilai pengganti"), blank=True)
    booth = models.OneToOneField(
        Booth,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        verbose_name=_("stan"),
    )
    confirmed_at = models.DateTimeField(_("kehadiran dikonfirmasi"), null=True, blank=True)
    # The booth fee, billed through the desk (kriya.desk.fee_requests) when the event
    # charges one: the booth is held until the bill's due date; paid, it is the
    # exhibitor's (fee_paid_at); unpaid, the booth is taken back and the place lapses.
    fee_request = models.ForeignKey(
        "desk.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("tagihan biaya stan"),
    )
    fee_paid_at = models.DateTimeField(
        _("biaya stan lunas pada"), null=True, blank=True, editable=False
    )
    terms_accepted = models.BooleanField(_("ketentuan disetujui"), default=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One application per business per event (the service is idempotent on it).
            models.UniqueConstraint(fields=["event", "business"], name="events_apply_once"),
        ]
        verbose_name = _("pendaftaran peserta")
        verbose_name_plural = _("pendaftaran peserta")

    def __str__(self):
        return f"{self.business} — {self.event}"

    @property
    def is_exhibitor(self) -> bool:
        return self.status in EXHIBITING

    @property
    def awaits_fee(self) -> bool:
        """Billed for the booth and not paid yet."""
        return bool(self.fee_request_id) and self.fee_paid_at is None


class Channel(models.TextChoices):
    CASH = "cash", _("Tunai")
    QRIS = "qris", _("QRIS")
    TRANSFER = "transfer", _("Transfer")


class SalesReport(models.Model):
    """An exhibitor's sales of one day. A correction adds a new version; the older one
    stays (`is_current=False`) as history."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="sales_reports"
    )
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="sales_reports")
    sector = models.CharField(_("kategori produk"), max_length=30, choices=Sector.choices)
    transactions = models.PositiveIntegerField(_("jumlah transaksi"))
    turnover = models.PositiveBigIntegerField(_("omzet (Rp)"))
    cash = models.PositiveBigIntegerField(_("tunai (Rp)"), default=0)
    qris = models.PositiveBigIntegerField(_("QRIS (Rp)"), default=0)
    transfer = models.PositiveBigIntegerField(_("transfer (Rp)"), default=0)
    is_current = models.BooleanField(default=True, editable=False)
    is_outlier = models.BooleanField(_("di luar kewajaran"), default=False, editable=False)
    by_committee = models.BooleanField(_("diisi panitia"), default=False, editable=False)
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day__date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "day"],
                condition=Q(is_current=True),
                name="events_sales_one_current",
            ),
            models.CheckConstraint(
                condition=Q(turnover=models.F("cash") + models.F("qris") + models.F("transfer")),
                name="events_sales_channels_add_up",
            ),
        ]
        verbose_name = _("laporan penjualan")
        verbose_name_plural = _("laporan penjualan")

    def __str__(self):
        return f"{self.application} {self.day.date}"


class VisitorCount(models.Model):
    """Gate count of one day, entered by the committee (the latest entry counts)."""

    day = models.OneToOneField(EventDay, on_delete=models.CASCADE, related_name="visitors")
    visitors = models.PositiveIntegerField(_("jumlah pengunjung"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jumlah pengunjung")
        verbose_name_plural = _("jumlah pengunjung")

    def __str__(self):
        return f"{self.day}: {self.visitors}"


class SalesReminder(models.Model):
    """A reminder sent to an exhibitor who had not reported a day: once per day."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "day"], name="events_remind_once")
        ]

    def __str__(self):
        return f"{self.application} {self.day}"


class ExhibitorPass(models.Model):
    """A signed pass (kriya.verify document type `exhibitor_pass`) for one person of an
    exhibitor, checked in by the committee with the verify app's offline check-in."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="passes")
    name = models.CharField(_("nama pemegang"), max_length=150)
    document = models.OneToOneField(
        "verify.IssuedDocument", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tanda peserta pameran")
        verbose_name_plural = _("tanda peserta pameran")

    def __str__(self):
        return self.name


class VisitorOrigin(models.TextChoices):
    LOCAL = "local", _("Warga kabupaten ini")
    OTHER_REGENCY = "other_regency", _("Kabupaten/kota lain di provinsi ini")
    OTHER_PROVINCE = "other_province", _("Provinsi lain")
    FOREIGN = "foreign", _("Luar negeri")


class VisitReason(models.TextChoices):
    SHOPPING = "shopping", _("Belanja produk UMKM")
    SHOW = "show", _("Menonton pertunjukan/acara")
    TOURISM = "tourism", _("Berwisata di daerah ini")
    CULTURE = "culture", _("Upacara atau budaya")
    WORK = "work", _("Pekerjaan atau urusan lain")
    OTHER = "other", _("Lainnya")


class SurveyAnswer(models.Model):
    """One visitor's anonymous answer to the short survey (origin and main reason),
    given on one of the event's days. Nothing about the visitor is kept."""

    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="survey_answers")
    visitor_origin = models.CharField(
        _("asal pengunjung"), max_length=20, choices=VisitorOrigin.choices
    )
    visit_reason = models.CharField(
        _("alasan utama datang"), max_length=20, choices=VisitReason.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("jawaban survei pengunjung")
        verbose_name_plural = _("jawaban survei pengunjung")

    def __str__(self):
        return f"{self.day}: {self.visitor_origin}/{self.visit_reason}"


# --- Summaries of the "perputaran ekonomi" report (kept by kriya.events.totals) ---------
#
# Written only by `totals` inside the transaction of the change they summarise (a sales
# report or correction, a visitor count, an exhibitor accepted or withdrawn, days
# replaced); `manage.py rebuild_event_totals` recomputes them from the source rows. Only
# current reports of exhibiting applications count. A missing row means nothing was
# reported: the report shows it as missing, never as zero.


class EventTotals(models.Model):
    """One row per event: what the year view shows."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="totals"
    )
    exhibitors = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)
    transactions = models.PositiveBigIntegerField(default=0)
    turnover = models.PositiveBigIntegerField(default=0)
    visitors = models.PositiveBigIntegerField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.event_id}"


class DaySectorTotals(models.Model):
    """Current reports of one event day in one product category: per day, per category,
    per channel and the outliers are sums of these rows (days × categories per event)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="+")
    sector = models.CharField(max_length=30)
    reports = models.PositiveIntegerField(default=0)
    transactions = models.PositiveBigIntegerField(default=0)
    turnover = models.PositiveBigIntegerField(default=0)
    cash = models.PositiveBigIntegerField(default=0)
    qris = models.PositiveBigIntegerField(default=0)
    transfer = models.PositiveBigIntegerField(default=0)
    outliers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "sector"], name="events_day_sector_once")
        ]

    def __str__(self):
        return f"{self.day_id} {self.sector}"


class ExhibitorTotals(models.Model):
    """Current reports of one exhibitor over the event's days (median, distribution,
    certified share: bounded by the exhibitors, not by the sales rows)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="totals"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    reported_days = models.PositiveIntegerField(default=0)
    transactions = models.PositiveBigIntegerField(default=0)
    turnover = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.application_id}"
