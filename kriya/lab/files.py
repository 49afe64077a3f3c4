"""Checks on uploaded files: the content decides the type, never the name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024

# Leading bytes of the formats a lab accepts.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
IMAGE_TYPES = {"image/jpeg", "image/png"}


def sniff(upload) -> str | None:
    """The content type from the file's first bytes, or None if not accepted."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_document(upload) -> None:
    """A PDF, JPEG or PNG (by content) of at most 10 MB."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("Berkas lebih dari 10 MB."), code="too_large")
    if sniff(upload) is None:
        raise ValidationError(_("Hanya berkas PDF, JPEG atau PNG."), code="bad_type")


def validate_photo(upload) -> None:
    """A JPEG or PNG (by content) of at most 10 MB."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("Berkas lebih dari 10 MB."), code="too_large")
    if sniff(upload) not in IMAGE_TYPES:
        raise ValidationError(_("Hanya foto JPEG atau PNG."), code="bad_type")
