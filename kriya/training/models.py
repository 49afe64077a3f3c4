"""Training and competency: programmes, their batches (angkatan), the people who take
part, and what they did there.

A **programme** is the curriculum (sessions of JP = 45 minutes, learning outcomes mapped
to competency units), who may join (eligibility) and when someone has completed it.
A **batch** is one run of a programme: dates, venue, capacity, trainers and an assessor.
A **participant** is a person, not a business: a youth participant may have none yet.
An **enrolment** ties a person to a batch, once (a database constraint), whatever the
path (self-service, a facilitator, a spreadsheet).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kriya.core.storage import private_storage
from kriya.regions.models import Region
from kriya.registry.models import Sector

from . import crypto

YOUTH_AGE = 30


def _bilingual(id_text: str, en_text: str) -> str:
    if (get_language() or "id").startswith("en") and en_text:
        return en_text
    return id_text


class ServiceKind(models.TextChoices):
    """The reference services a programme answers (core/data/reference.yaml)."""

    PELATIHAN = "pelatihan", _("Pelatihan teknis")
    SERTIFIKASI_KOMPETENSI = "sertifikasi_kompetensi", _("Sertifikasi kompetensi")
    MAGANG = "magang", _("Magang")
    PENGIRIMAN_INSTRUKTUR = "pengiriman_instruktur", _("Pengiriman instruktur")


class Technique(models.TextChoices):
    BATIK_TULIS = "batik_tulis", _("Batik tulis")
    BATIK_CAP = "batik_cap", _("Batik cap")
    NATURAL_DYE = "natural_dye", _("Pewarna alam")
    BORDIR = "bordir", _("Bordir")
    DESIGN = "design", _("Desain motif")
    QUALITY_SNI = "quality_sni", _("Mutu dan SNI")
    HALAL = "halal", _("Proses produk halal")
    PACKAGING = "packaging", _("Kemasan")
    DIGITAL_MARKETING = "digital_marketing", _("Pemasaran digital")


class BusinessRule(models.TextChoices):
    ANY = "any", _("Boleh punya usaha atau belum")
    REQUIRED = "required", _("Wajib punya usaha terdaftar")
    NONE = "none", _("Khusus yang belum punya usaha")


class FeeKind(models.TextChoices):
    FREE = "free", _("Gratis")
    SPONSORED = "sponsored", _("Dibiayai sponsor")
    TARIFF = "tariff", _("Berbayar (tarif layanan)")


class CompetencyUnit(models.Model):
    """A competency unit (SKKNI) an outcome can be mapped to. Reference data, editable in
    the admin; `verified` is off where public sources did not confirm the code or title."""

    code = models.CharField(_("kode unit"), max_length=40, unique=True)
    title_id = models.CharField(_("judul unit"), max_length=250)
    title_en = models.CharField(_("judul unit (Inggris)"), max_length=250, blank=True)
    verified = models.BooleanField(
        _("terverifikasi"),
        default=False,
        help_text=_("Centang bila kode dan judul sudah dicocokkan dengan sumber resmi."),
    )
    source = models.CharField(_("sumber"), max_length=250, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit kompetensi")
        verbose_name_plural = _("unit kompetensi")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _bilingual(self.title_id, self.title_en)


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Programme(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_id = models.CharField(_("judul"), max_length=200)
    title_en = models.CharField(_("judul (Inggris)"), max_length=200, blank=True)
    description_id = models.TextField(_("keterangan"), blank=True)
    description_en = models.TextField(_("keterangan (Inggris)"), blank=True)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="training_programmes",
        verbose_name=_("penyelenggara"),
    )
    service_kind = models.CharField(
        _("layanan"), max_length=30, choices=ServiceKind.choices, default=ServiceKind.PELATIHAN
    )
    sector = models.CharField(_("sektor"), max_length=30, choices=Sector.choices)
    technique = models.CharField(_("teknik / topik"), max_length=30, choices=Technique.choices)
    leads_to_competency_certificate = models.BooleanField(
        _("mengarah ke sertifikat kompetensi"),
        default=False,
        help_text=_(
            "Bila dicentang, NIK peserta diminta dan penilai tidak boleh pelatih angkatan."
        ),
    )
    # Eligibility
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("khusus warga wilayah"),
    )
    min_age = models.PositiveSmallIntegerField(_("usia minimal"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("usia maksimal"), null=True, blank=True)
    business_rule = models.CharField(
        _("syarat usaha"), max_length=10, choices=BusinessRule.choices, default=BusinessRule.ANY
    )
    students_only = models.BooleanField(_("khusus pelajar"), default=False)
    school = models.CharField(
        _("khusus pelajar sekolah"),
        max_length=200,
        blank=True,
        help_text=_("Kosongkan bila pelajar sekolah mana pun boleh ikut."),
    )
    # Completion rule
    min_attendance_pct = models.PositiveSmallIntegerField(_("kehadiran minimal (%)"), default=80)
    min_post_test = models.PositiveSmallIntegerField(_("nilai post-test minimal"), default=70)
    all_units_competent = models.BooleanField(_("semua unit praktik harus kompeten"), default=True)
    # Fee
    fee_kind = models.CharField(
        _("biaya"), max_length=10, choices=FeeKind.choices, default=FeeKind.FREE
    )
    fee_amount = models.PositiveBigIntegerField(_("tarif (Rp)"), null=True, blank=True)
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    is_published = models.BooleanField(_("tampilkan"), default=True)
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title_id"]
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="training_programme_age_range",
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_pct__lte=100) & Q(min_post_test__lte=100),
                name="training_programme_completion_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:programme", args=[self.slug])

    @property
    def is_paid(self) -> bool:
        """A tariff billed through the desk (free and sponsored are not billed)."""
        return self.fee_kind == FeeKind.TARIFF and bool(self.fee_amount)

    @property
    def title(self) -> str:
        return _bilingual(self.title_id, self.title_en)

    @property
    def description(self) -> str:
        return _bilingual(self.description_id, self.description_en)


class Session(models.Model):
    """One part of the curriculum, in lesson hours (JP, 45 minutes)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    title_id = models.CharField(_("judul sesi"), max_length=200)
    title_en = models.CharField(_("judul sesi (Inggris)"), max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"), default=2)
    is_practical = models.BooleanField(_("praktik"), default=False)

    class Meta:
        ordering = ["programme", "position", "id"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return _bilingual(self.title_id, self.title_en)


class LearningOutcome(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="outcomes")
    text_id = models.CharField(_("capaian pembelajaran"), max_length=300)
    text_en = models.CharField(_("capaian pembelajaran (Inggris)"), max_length=300, blank=True)
    units = models.ManyToManyField(
        CompetencyUnit, blank=True, related_name="outcomes", verbose_name=_("unit kompetensi")
    )

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("capaian pembelajaran")
        verbose_name_plural = _("capaian pembelajaran")

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return _bilingual(self.text_id, self.text_en)


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Pendaftaran dibuka")
    RUNNING = "running", _("Berlangsung")
    ASSESSING = "assessing", _("Penilaian")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class VenueKind(models.TextChoices):
    VILLAGE = "village", _("Desa/kelurahan")
    DESTINATION = "destination", _("Destinasi wisata")
    ONLINE = "online", _("Daring (online)")


class BatchQuerySet(models.QuerySet):
    def upcoming_open(self, today: date):
        return self.filter(
            status=BatchStatus.OPEN, programme__is_published=True, ends_on__gte=today
        )


class Batch(models.Model):
    """An angkatan: one run of a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="batches")
    number = models.PositiveSmallIntegerField(_("angkatan ke"), default=1)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    venue_kind = models.CharField(
        _("tempat"), max_length=12, choices=VenueKind.choices, default=VenueKind.VILLAGE
    )
    village = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    destination = models.ForeignKey(
        "showcase.Destination",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destinasi wisata"),
    )
    venue_detail = models.CharField(_("alamat / tautan"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"), default=20)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_batches"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessed_batches",
        verbose_name=_("penilai (asesor)"),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("batas menjawab tawaran kursi (jam)"), default=48
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BatchStatus.choices,
        default=BatchStatus.DRAFT,
        editable=False,
    )
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True, editable=False)
    # The service request (`pelatihan`, `pengiriman_instruktur`) whose completion made
    # this batch: one batch per request (the unique link keeps a replayed completion
    # from making a second one).
    service_request = models.OneToOneField(
        "desk.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_batch",
        editable=False,
        verbose_name=_("permohonan layanan"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="training_batch_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="training_batch_dates"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_on"], name="training_batch_open")]

    def __str__(self):
        return f"{self.programme.title} — {_('angkatan')} {self.number}"

    def get_absolute_url(self):
        return reverse("training:batch", args=[self.pk])

    @property
    def venue(self) -> str:
        if self.venue_kind == VenueKind.ONLINE:
            return str(_("Daring (online)"))
        if self.venue_kind == VenueKind.DESTINATION and self.destination_id:
            return self.destination.name
        return self.village.name if self.village_id else self.venue_detail

    @property
    def total_hours(self) -> int:
        return sum(s.hours for s in self.programme.sessions.all())


class BatchRequest(models.Model):
    """What a regency asks for when it requests an in-house batch through the service
    desk: the programme (chosen on the request or by the desk), dates, venue and
    capacity. When the request is completed the batch is made from it (a draft)."""

    service_request = models.OneToOneField(
        "desk.ServiceRequest",
        on_delete=models.CASCADE,
        related_name="training_details",
        verbose_name=_("permohonan layanan"),
    )
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="batch_requests",
        verbose_name=_("program pelatihan"),
        help_text=_("Boleh dikosongkan: petugas layanan yang memilihkan."),
    )
    starts_on = models.DateField(_("tanggal mulai yang diminta"))
    ends_on = models.DateField(_("tanggal selesai yang diminta"))
    venue_kind = models.CharField(
        _("tempat"), max_length=12, choices=VenueKind.choices, default=VenueKind.VILLAGE
    )
    village = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    venue_detail = models.CharField(_("alamat / tautan"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("jumlah peserta"), default=20)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("permintaan angkatan in-house")
        verbose_name_plural = _("permintaan angkatan in-house")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_batch_request_dates",
            )
        ]

    def __str__(self):
        return str(self.service_request_id)


class Gender(models.TextChoices):
    FEMALE = "female", _("Perempuan")
    MALE = "male", _("Laki-laki")


class Education(models.TextChoices):
    NONE = "none", _("Tidak/belum sekolah")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/SMK/sederajat")
    DIPLOMA = "diploma", _("Diploma (D1–D4)")
    S1 = "s1", _("Sarjana (S1)")
    S2 = "s2", _("Pascasarjana (S2/S3)")


class Participant(models.Model):
    """A person who takes part in training. Holds the least personal data the programmes
    need (UU 27/2022): the NIK only for programmes that lead to a competency certificate,
    encrypted (`crypto`), shown masked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
    )
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=8, choices=Gender.choices)
    phone = models.CharField(_("nomor HP/WA"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    education = models.CharField(
        _("pendidikan terakhir"), max_length=10, choices=Education.choices, default=Education.SMA
    )
    is_student = models.BooleanField(_("masih pelajar/mahasiswa"), default=False)
    school = models.CharField(_("nama sekolah/kampus"), max_length=200, blank=True)
    village = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan domisili"),
    )
    business = models.ForeignKey(
        "registry.Business",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_participants",
        verbose_name=_("usaha tempat bekerja"),
    )
    nik_sealed = models.TextField(editable=False, blank=True)
    consent_at = models.DateTimeField(_("persetujuan data"), null=True, blank=True)
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

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")

    def __str__(self):
        return self.full_name

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(date.today())

    @property
    def nik(self) -> str:
        return crypto.unseal(self.nik_sealed)

    @property
    def nik_masked(self) -> str:
        return crypto.mask(self.nik)

    def set_nik(self, value: str) -> None:
        self.nik_sealed = crypto.seal((value or "").strip())


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Terdaftar")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    OFFERED = "offered", _("Ditawari kursi")
    DECLINED = "declined", _("Menolak tawaran")
    CANCELLED = "cancelled", _("Batal")
    COMPLETED = "completed", _("Lulus")
    AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")


# The states that hold a seat (a seat awaiting payment is held until its bill's due date).
SEAT_STATES = (
    EnrolmentStatus.ENROLLED,
    EnrolmentStatus.OFFERED,
    EnrolmentStatus.COMPLETED,
    EnrolmentStatus.AWAITING_PAYMENT,
)


class Channel(models.TextChoices):
    SELF = "self", _("Mendaftar sendiri")
    FACILITATOR = "facilitator", _("Didaftarkan pendamping")
    IMPORT = "import", _("Dari berkas daftar nama")


class Enrolment(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, editable=False
    )
    # The desk request that bills a paid programme's tariff (kriya.desk.fee_requests);
    # paid, it turns the held seat into a place; cancelled (unpaid by its due date), it
    # gives the seat to the next in line.
    fee_request = models.ForeignKey(
        "desk.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("tagihan biaya"),
    )
    channel = models.CharField(_("cara mendaftar"), max_length=12, choices=Channel.choices)
    # The waiting list's order: when the person joined it (then the id).
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    offer_expires_at = models.DateTimeField(
        _("batas menjawab tawaran"), null=True, blank=True, editable=False
    )
    pre_test = models.PositiveSmallIntegerField(_("nilai pre-test"), null=True, blank=True)
    post_test = models.PositiveSmallIntegerField(_("nilai post-test"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The numbers of the signed pass and certificate in kriya.verify's register
    # (kriya/training/register.py); empty until issued.
    pass_number = models.CharField(max_length=100, blank=True, editable=False)
    certificate_number = models.CharField(max_length=100, blank=True, editable=False)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["batch", "created_at", "id"]
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "participant"], name="training_one_enrolment_per_person"
            ),
            models.CheckConstraint(
                condition=(Q(pre_test__isnull=True) | Q(pre_test__lte=100))
                & (Q(post_test__isnull=True) | Q(post_test__lte=100)),
                name="training_enrolment_score_range",
            ),
        ]
        indexes = [
            models.Index(fields=["batch", "status", "queued_at"], name="training_enrol_queue")
        ]

    def __str__(self):
        return f"{self.participant} — {self.batch}"

    @property
    def knowledge_gain(self) -> int | None:
        if self.pre_test is None or self.post_test is None:
            return None
        return self.post_test - self.pre_test


class Attendance(models.Model):
    """A person present at a session of their batch (one row, however many scans)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    manual = models.BooleanField(_("dicatat manual"), default=False)

    class Meta:
        ordering = ["session", "enrolment"]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="training_attendance_once"
            )
        ]

    def __str__(self):
        return f"{self.enrolment_id}/{self.session_id}"


class UnitResult(models.TextChoices):
    COMPETENT = "competent", _("Kompeten")
    NOT_YET = "not_yet", _("Belum kompeten")


def _evidence_path(instance, filename):
    return f"training/evidence/{instance.enrolment_id}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class UnitAssessment(models.Model):
    """A practical assessment of one competency unit for one person."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(_("hasil"), max_length=10, choices=UnitResult.choices)
    evidence = models.FileField(
        _("bukti"), storage=private_storage, upload_to=_evidence_path, blank=True
    )
    note = models.TextField(_("catatan penilai"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrolment", "unit"]
        verbose_name = _("penilaian unit")
        verbose_name_plural = _("penilaian unit")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "unit"], name="training_unit_once")
        ]

    def __str__(self):
        return f"{self.unit_id}: {self.get_judgement_display()}"


# --- Outcomes: follow-ups 3, 6 and 12 months after a batch ----------------------------

FOLLOW_UP_MONTHS = (3, 6, 12)


class FollowUpRound(models.IntegerChoices):
    M3 = 3, _("3 bulan")
    M6 = 6, _("6 bulan")
    M12 = 12, _("12 bulan")


class TurnoverChange(models.TextChoices):
    DOWN = "down", _("Turun")
    SAME = "same", _("Sama")
    UP = "up", _("Naik")


class TurnoverBand(models.TextChoices):
    UNDER_1M = "lt1", _("Di bawah Rp 1 juta per bulan")
    M1_5 = "1to5", _("Rp 1–5 juta per bulan")
    M5_25 = "5to25", _("Rp 5–25 juta per bulan")
    OVER_25M = "gt25", _("Di atas Rp 25 juta per bulan")


class FollowUp(models.Model):
    """One follow-up round of one person after their batch: sent once (`sent_at`), answered
    once and correctable (the same row), through a signed link or by a facilitator."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="follow_ups")
    round = models.PositiveSmallIntegerField(_("putaran"), choices=FollowUpRound.choices)
    due_on = models.DateField(_("jatuh tempo"))
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_("Kosong bila dijawab sendiri lewat tautan."),
    )
    produces = models.BooleanField(_("sekarang memproduksi"), null=True)
    sells = models.BooleanField(_("sekarang menjual"), null=True)
    employs = models.BooleanField(_("mempekerjakan orang"), null=True)
    employees = models.PositiveSmallIntegerField(_("jumlah pekerja"), null=True, blank=True)
    turnover = models.CharField(
        _("omzet dibanding sebelum pelatihan"),
        max_length=4,
        choices=TurnoverChange.choices,
        blank=True,
    )
    turnover_band = models.CharField(
        _("kisaran omzet"), max_length=5, choices=TurnoverBand.choices, blank=True
    )

    class Meta:
        ordering = ["enrolment", "round"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "round"], name="training_follow_up_once_per_round"
            )
        ]
        indexes = [models.Index(fields=["due_on", "sent_at"], name="training_follow_up_due")]

    def __str__(self):
        return f"{self.enrolment_id}/{self.round}"

    @property
    def positive(self) -> bool:
        """Produces, sells, employs or a higher turnover."""
        return bool(
            self.answered_at
            and (self.produces or self.sells or self.employs or self.turnover == TurnoverChange.UP)
        )


# --- Certificates of a whole batch, rendered by the worker ---------------------------


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


ACTIVE_RUN_STATES = (RunStatus.QUEUED, RunStatus.RUNNING)


class CertificateLanguage(models.TextChoices):
    """The language of one certificate PDF (the register entry is the same for both)."""

    ID = "id", _("Bahasa Indonesia")
    EN = "en", _("Bahasa Inggris")


class RunLanguage(models.TextChoices):
    """What a batch's run renders: one language, or both (two PDFs per person)."""

    ID = "id", _("Bahasa Indonesia")
    EN = "en", _("Bahasa Inggris")
    BOTH = "both", _("Bahasa Indonesia dan Inggris (dua berkas per orang)")

    @classmethod
    def languages(cls, value: str) -> tuple[str, ...]:
        if value == cls.BOTH:
            return (CertificateLanguage.ID, CertificateLanguage.EN)
        return (CertificateLanguage(value).value,)


def _certificate_pdf_path(instance, filename):
    return (
        f"training/certificates/{instance.batch_id}/"
        f"{instance.enrolment_id}-{instance.language}-{uuid.uuid4().hex[:8]}.pdf"
    )


class CertificateRun(models.Model):
    """One run of the worker rendering every certificate of a batch; its progress is what
    the batch page's bar shows. One active run per batch (a database constraint)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="certificate_runs")
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    language = models.CharField(
        _("bahasa"), max_length=4, choices=RunLanguage.choices, default=RunLanguage.ID
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    rendered = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pembuatan sertifikat")
        verbose_name_plural = _("pembuatan sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["batch"],
                condition=Q(status__in=("queued", "running")),
                name="training_one_active_certificate_run",
            )
        ]

    def __str__(self):
        return f"{self.batch_id}: {self.done}/{self.total}"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_RUN_STATES


class CertificateFile(models.Model):
    """The PDF of one certificate in one language as the worker rendered it, for the
    batch's download; the register entry (kriya.verify) stays the certificate itself.
    At most one file per person and language."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="certificate_files"
    )
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(
        _("bahasa"),
        max_length=2,
        choices=CertificateLanguage.choices,
        default=CertificateLanguage.ID,
    )
    number = models.CharField(max_length=100)
    pdf = models.FileField(storage=private_storage, upload_to=_certificate_pdf_path)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("berkas sertifikat")
        verbose_name_plural = _("berkas sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "language"], name="training_certificate_file_per_language"
            )
        ]

    def __str__(self):
        return f"{self.number} ({self.language})"

    @property
    def filename(self) -> str:
        suffix = "" if self.language == CertificateLanguage.ID else f"-{self.language}"
        return self.number.replace("/", "-") + suffix + ".pdf"


class CertificationReferral(models.Model):
    """A competent result handed on to competency certification (LSP, the desk's service
    `sertifikasi_kompetensi`): once per participant and batch. It carries what the
    request is prefilled with — the person, the units assessed competent and the
    references of the evidence — and the desk request once the business files it."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certification_referral"
    )
    units = models.JSONField(_("unit kompeten"), default=list)
    evidence = models.JSONField(_("rujukan bukti"), default=list)
    service_request = models.OneToOneField(
        "desk.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_referral",
        verbose_name=_("permohonan sertifikasi kompetensi"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rujukan sertifikasi kompetensi")
        verbose_name_plural = _("rujukan sertifikasi kompetensi")

    def __str__(self):
        return f"{self.enrolment_id}"
