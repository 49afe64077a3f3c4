import re
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import statuslist
from .keyring import b64url_decode


class KeyStatus(models.TextChoices):
    ACTIVE = "active", _("aktif")
    RETIRED = "retired", _("pensiun")
    REVOKED = "revoked", pgettext_lazy("signing key", "dicabut")


class SigningKey(models.Model):
    """An Ed25519 key that signs document payloads.

    The public half is published for ever (retired keys too, so old documents keep
    verifying); the private half is stored encrypted (see keystore.py). Exactly one
    key is active: new documents and status lists are signed with it. A revoked key
    (compromised) stays published with `compromised_at`: what it signed from that
    moment on is not accepted, what it signed before still verifies.
    """

    kid = models.CharField(_("id kunci"), max_length=32, unique=True)
    public_key = models.CharField(_("kunci publik"), max_length=64, help_text="base64url")
    private_key = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=KeyStatus.choices, default=KeyStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    retired_at = models.DateTimeField(_("dipensiunkan"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    compromised_at = models.DateTimeField(
        _("bocor sejak"),
        null=True,
        blank=True,
        help_text=_("Tanda tangan sejak saat ini tidak diterima lagi."),
    )
    revocation_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="active"),
                name="verify_one_active_signing_key",
            )
        ]
        verbose_name = _("kunci penandatangan")
        verbose_name_plural = _("kunci penandatangan")

    def __str__(self):
        return f"{self.kid} ({self.get_status_display()})"

    def public(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(self.public_key))


class StatusList(models.Model):
    """One published status list; its id is the list number in every payload.

    `next_index` is the next free entry, handed out under a row lock. The `signed_*`
    fields keep the last signed copy published at /verifikasi/status/<n>.cwt, with the
    SHA-256 of the bitstring it holds, so it is signed again only when the statuses
    change, the key changes or it nears its expiry (services.published_status_list).
    """

    length = models.PositiveIntegerField(_("panjang"), default=statuslist.LENGTH)
    next_index = models.PositiveIntegerField(_("indeks berikutnya"), default=0)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    signed_token = models.BinaryField(editable=False, default=b"")
    signed_digest = models.CharField(max_length=64, blank=True, editable=False)
    signed_kid = models.CharField(_("ditandatangani dengan"), max_length=32, blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    signed_until = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("daftar status")
        verbose_name_plural = _("daftar status")

    def __str__(self):
        return f"{self.pk} ({self.next_index}/{self.length})"


class DocType(models.TextChoices):
    CERTIFICATE = "certificate", _("Sertifikat")
    TEST_REPORT = "test_report", _("Sertifikat hasil uji")
    BATIKMARK_LABEL = "batikmark_label", _("Label Batikmark")
    TRAINING_CERTIFICATE = "training_certificate", _("Sertifikat pelatihan")
    TRAINING_PASS = "training_pass", _("Tanda peserta pelatihan")
    EXHIBITOR_PASS = "exhibitor_pass", _("Tanda peserta pameran")


# Passes (tanda peserta) are checked at a door: their verdict texts say so (verdicts.py).
PASS_TYPES = frozenset({DocType.TRAINING_PASS, DocType.EXHIBITOR_PASS})


class DocumentStatus(models.TextChoices):
    ACTIVE = "active", _("aktif")
    SUSPENDED = "suspended", _("dibekukan")
    WITHDRAWN = "withdrawn", _("dicabut")
    SUPERSEDED = "superseded", _("digantikan")


STATUS_CODES = {
    DocumentStatus.ACTIVE: statuslist.Code.ACTIVE,
    DocumentStatus.SUSPENDED: statuslist.Code.SUSPENDED,
    DocumentStatus.WITHDRAWN: statuslist.Code.WITHDRAWN,
    DocumentStatus.SUPERSEDED: statuslist.Code.SUPERSEDED,
}


# A label serial without its separators: BM, the year, a six-digit sequence
# (kriya.certification.services.labels.label_serial).
_LABEL_SERIAL = re.compile(r"BM(\d{4})(\d{6})")


class IssuedDocumentQuerySet(models.QuerySet):
    def with_number(self, number: str):
        """Documents of any type with this number, ignoring case (uses the index). A
        Batikmark label serial is also found as people type it off the label, with spaces
        or without its dashes ("BM 2026 000 042" = "BM-2026-000042")."""
        wanted = {number.strip().upper()}
        compact = re.sub(r"[\s-]+", "", number).upper()
        serial = _LABEL_SERIAL.fullmatch(compact)
        if serial:
            wanted.add(f"BM-{serial[1]}-{serial[2]}")
        return self.alias(number_upper=Upper("number")).filter(number_upper__in=wanted)

    def slot_owners(self):
        """Documents that own their status-list entry (a label shares its certificate's)."""
        return self.filter(parent__isnull=True)


class IssuedDocument(models.Model):
    """The register of every signed document Kriya issued: certificates, test reports,
    Batikmark labels. Written only by `services.issue_document` and the lifecycle.

    The expiry is not a status: a document is expired when today is after
    `expires_on` (None: no expiry). A document with a `parent` (a Batikmark label
    under its certificate) shares the parent's status-list entry, so it follows the
    parent's status, and has no lifecycle of its own.
    """

    doc_type = models.CharField(_("jenis dokumen"), max_length=20, choices=DocType.choices)
    number = models.CharField(_("nomor"), max_length=100)
    holder_nib = models.CharField(_("NIB pemegang"), max_length=13, blank=True)
    holder_name = models.CharField(_("nama pemegang"), max_length=200)
    scheme = models.CharField(_("skema atau standar"), max_length=120)
    scope = models.CharField(_("lingkup"), max_length=300, blank=True)
    issued_on = models.DateField(_("tanggal terbit"))
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.ACTIVE
    )
    status_reason = models.TextField(_("alasan status"), blank=True)
    status_changed_at = models.DateTimeField(_("status diubah"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("digantikan oleh"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name=_("bagian dari"),
    )
    status_list = models.ForeignKey(
        StatusList, on_delete=models.PROTECT, related_name="+", verbose_name=_("daftar status")
    )
    status_index = models.PositiveIntegerField(_("indeks status"))
    signed_with = models.ForeignKey(
        SigningKey, on_delete=models.PROTECT, related_name="+", verbose_name=_("kunci")
    )
    payload = models.TextField(_("muatan bertanda tangan"))
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    is_demo = models.BooleanField(_("data demo"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "number"], name="verify_number_unique_per_type"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"],
                condition=models.Q(parent__isnull=True),
                name="verify_one_document_per_status_slot",
            ),
        ]
        indexes = [
            models.Index(Upper("number"), name="verify_number_upper"),
            models.Index(fields=["status_list", "status"], name="verify_list_status"),
            models.Index(fields=["source_type", "source_id"], name="verify_source"),
        ]
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("verify:document", kwargs={"doc_type": self.doc_type, "number": self.number})

    @property
    def effective_status(self) -> str:
        return self.parent.status if self.parent_id else self.status

    def is_expired(self, today) -> bool:
        return self.expires_on is not None and today > self.expires_on

    @property
    def url(self) -> str:
        """The public verification page (the URL fallback signed into the payload)."""
        return public_url(self.doc_type, self.number)

    @property
    def qr_text(self) -> str:
        """What the QR code holds: the verification page with the payload (docs/verify.md)."""
        return qr_text(self.payload)


def public_url(doc_type: str, number: str) -> str:
    path = reverse("verify:document", kwargs={"doc_type": doc_type, "number": number})
    return settings.KRIYA_PUBLIC_URL + path


def qr_text(payload: str) -> str:
    return settings.KRIYA_PUBLIC_URL + reverse("verify:check") + "?q=" + quote(payload, safe=":/$*")


class ScanVerdict(models.TextChoices):
    ACCEPTED = "accepted", _("diterima")
    REJECTED = "rejected", _("ditolak")


class Scan(models.Model):
    """One check-in scan of a pass (or a name ticked on the manual list), as a check-in
    page recorded it, possibly offline, and synced later (services.record_scans).

    `nonce` is made by the page when it scans, so a scan synced twice is stored once.
    `context` is the consumer's key ("training.session:12", "events.day:3"): the
    consumer reads its accepted scans back by it. Rejected scans are kept too (with
    the reason), so the desk can see what was refused; `document` is null when the
    payload named no registered document."""

    nonce = models.CharField(_("nonce"), max_length=64, unique=True)
    context = models.CharField(_("konteks"), max_length=100)
    document = models.ForeignKey(
        IssuedDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scans",
        verbose_name=_("dokumen"),
    )
    verdict = models.CharField(_("hasil"), max_length=10, choices=ScanVerdict.choices)
    reason = models.CharField(_("alasan"), max_length=200, blank=True)
    manual = models.BooleanField(_("dari daftar manual"), default=False)
    scanned_at = models.DateTimeField(_("dipindai"))
    received_at = models.DateTimeField(_("diterima server"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )

    class Meta:
        ordering = ["scanned_at", "id"]
        indexes = [
            models.Index(fields=["context", "verdict"], name="verify_scan_context"),
        ]
        verbose_name = _("pindaian")
        verbose_name_plural = _("pindaian")

    def __str__(self):
        return f"{self.context} {self.nonce} ({self.verdict})"
