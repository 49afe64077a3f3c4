"""Content checks for uploaded documents: the content decides the type, never the name.

`check_document(file)` accepts PDF, JPEG and PNG of at most 10 MB:

- PDF: starts with `%PDF-` and carries the `%%EOF` marker near its end;
- JPEG / PNG: the magic bytes, then Pillow's `verify()` of the whole structure.

A file whose name claims another accepted type than its content (a PDF renamed to
`.png`) is refused as well: it is a mistake or a trick, and either way the person
should know. A name without an extension is judged by content alone.
"""

import hashlib
import os
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCUMENT_TYPES = (PDF, JPEG, PNG)

SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
EXTENSIONS = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".jpe": JPEG,
    ".png": PNG,
}
EXTENSION_OF = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
# %%EOF must appear in the tail; some writers append a few bytes (newlines, padding).
PDF_TAIL = 2048


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSION_OF[self.content_type]


def _read_all(file) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def sniff(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _image_is_sound(data: bytes, expected: str) -> bool:
    from io import BytesIO

    from PIL import Image

    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
            found = {"JPEG": JPEG, "PNG": PNG}.get(image.format or "")
    except Exception:  # Pillow raises many kinds for broken files
        return False
    return found == expected


def check_document(
    file,
    *,
    allowed: tuple[str, ...] = DOCUMENT_TYPES,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    name: str | None = None,
) -> CheckedFile:
    """Check an uploaded file by its content; return its type, size and SHA-256.

    Raises ValidationError with a message for the person who uploaded it.
    """
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar: paling besar %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    data = _read_all(file)
    if len(data) > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar: paling besar %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("Berkas kosong."), code="empty")
    content_type = sniff(data[:16])
    if content_type is None or content_type not in allowed:
        raise ValidationError(_("Hanya berkas PDF, JPEG atau PNG yang diterima."), code="bad_type")
    if content_type == PDF:
        if b"%%EOF" not in data[-PDF_TAIL:]:
            raise ValidationError(_("Berkas PDF rusak atau tidak lengkap."), code="broken")
    elif not _image_is_sound(data, content_type):
        raise ValidationError(_("Berkas gambar rusak atau tidak lengkap."), code="broken")
    name = name if name is not None else getattr(file, "name", "") or ""
    claimed = EXTENSIONS.get(os.path.splitext(name)[1].lower())
    extension = os.path.splitext(name)[1].lower()
    if extension and claimed != content_type:
        raise ValidationError(
            _("Isi berkas tidak sesuai dengan nama/ekstensinya (%(ext)s).") % {"ext": extension},
            code="mismatch",
        )
    return CheckedFile(
        content_type=content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest()
    )
