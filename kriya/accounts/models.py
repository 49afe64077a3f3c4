from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("The e-mail address must be set.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("alamat e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)
    language = models.CharField(
        _("bahasa"),
        max_length=8,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """The roles of DESIGN.md §2 (public is simply not signed in)."""

    OWNER = "owner", _("Pemilik usaha")
    FACILITATOR = "facilitator", _("Pendamping")
    REGENCY_OFFICER = "regency_officer", _("Petugas kabupaten")
    DESK = "desk", _("Petugas layanan")
    ANALYST = "analyst", _("Analis")
    SUPERVISOR = "supervisor", _("Penyelia laboratorium")
    EVALUATOR = "evaluator", _("Evaluator")
    DECISION_MAKER = "decision_maker", _("Pengambil keputusan")
    HEAD = "head", _("Kepala balai")
    TRAINER = "trainer", _("Pelatih")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset(Role) - {Role.OWNER}


class OrganisationKind(models.TextChoices):
    AGENCY = "agency", _("Balai (lembaga)")
    REGENCY_UNIT = "regency_unit", _("Perangkat daerah kabupaten/kota")
    ASSOCIATION = "association", _("Asosiasi")
    BUSINESS = "business", _("Usaha")


ROLES_BY_KIND = {
    OrganisationKind.AGENCY: {
        Role.DESK,
        Role.ANALYST,
        Role.SUPERVISOR,
        Role.EVALUATOR,
        Role.DECISION_MAKER,
        Role.HEAD,
        Role.TRAINER,
        Role.ADMINISTRATOR,
    },
    OrganisationKind.REGENCY_UNIT: {Role.REGENCY_OFFICER, Role.FACILITATOR, Role.TRAINER},
    OrganisationKind.ASSOCIATION: {Role.FACILITATOR},
    OrganisationKind.BUSINESS: {Role.OWNER},
}


class Organisation(models.Model):
    """An agency, a regency government unit (bound to one regency), an association or a business."""

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=OrganisationKind.choices)
    regency = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kabupaten/kota"),
        help_text=_("Wajib untuk perangkat daerah: petugasnya hanya melihat wilayah ini."),
    )
    # The public contact of a regency unit: the showcase offers it to buyers of a
    # business that left no mobile number (kriya/showcase/contact.py).
    phone = models.CharField(
        _("nomor HP/WA layanan"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 .\-]{6,18}$",
                _("Tulis nomor seperti 0812-3456-7890 atau +62 335 123456."),
            )
        ],
        help_text=_("Nomor yang boleh dihubungi pembeli lewat etalase, misalnya 0812-3456-7890."),
    )
    email = models.EmailField(_("surel layanan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == OrganisationKind.REGENCY_UNIT:
            if self.regency_id is None:
                raise ValidationError(
                    {"regency": _("Perangkat daerah wajib terikat ke satu kabupaten/kota.")}
                )
            if self.regency and self.regency.level != 2:
                raise ValidationError({"regency": _("Pilih wilayah tingkat kabupaten/kota.")})


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Membership(models.Model):
    """A user's role in an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisasi"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self):
        if self.organisation_id and self.role:
            allowed = ROLES_BY_KIND.get(self.organisation.kind, set())
            if self.role not in allowed:
                raise ValidationError(
                    {"role": _("Peran ini tidak tersedia untuk jenis organisasi tersebut.")}
                )


class OptSource(models.TextChoices):
    PROFILE = "profile", _("halaman pengaturan notifikasi")
    REPLY = "reply", _("balasan BERHENTI di WhatsApp")
    OFFICER = "officer", _("dicatat petugas atas permintaan pengguna")


class WhatsAppOptIn(models.Model):
    """A person's consent to notifications by WhatsApp: when and how given, when and how
    withdrawn. Without an active one, nothing is sent to them by WhatsApp (the service
    desk sends them: kriya/desk/whatsapp.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whatsapp_opt_in"
    )
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, db_index=True)
    opted_in_at = models.DateTimeField(_("setuju pada"))
    opt_in_source = models.CharField(max_length=10, choices=OptSource.choices)
    opted_out_at = models.DateTimeField(_("berhenti pada"), null=True, blank=True)
    opt_out_source = models.CharField(max_length=10, choices=OptSource.choices, blank=True)

    class Meta:
        verbose_name = _("persetujuan WhatsApp")
        verbose_name_plural = _("persetujuan WhatsApp")

    def __str__(self):
        return f"{self.user} · {self.phone}"

    @property
    def is_active(self) -> bool:
        return self.opted_out_at is None
