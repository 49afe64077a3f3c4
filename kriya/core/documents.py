"""Uploaded documents (signed statements, evidence): checked by content, not by name.

The file name and the browser's content type are never trusted: a PDF is a file
that starts with the PDF header and ends with an end-of-file marker; a JPEG or PNG
is a file Pillow decodes as such. Documents are stored as uploaded (they are
evidence) in the private storage, under random names, and served only through
access-checked views as attachments.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def _read_head_and_tail(upload, n: int = 2048) -> tuple[bytes, bytes]:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(max(0, size - n))
    tail = upload.read(n)
    upload.seek(0)
    return head, tail


def sniff(upload) -> str | None:
    """'pdf', 'jpeg' or 'png' when the content is one of those; None otherwise."""
    head, tail = _read_head_and_tail(upload)
    # The PDF header may follow a few bytes of junk (PDF 1.7, 7.5.2); the end
    # marker must be there or the file is truncated.
    if b"%PDF-" in head[:1024]:
        return "pdf" if b"%%EOF" in tail else None
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        try:
            with Image.open(upload) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
            return None
        finally:
            upload.seek(0)
        return {"JPEG": "jpeg", "PNG": "png"}.get(kind)
    return None


def check_document(upload, *, max_bytes: int = MAX_BYTES, kinds=("pdf", "jpeg", "png")) -> str:
    """The document kind of `upload`, or ValidationError with an Indonesian message."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("Ukuran berkas paling besar %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(
            _("Berkas harus PDF, JPEG atau PNG yang utuh (diperiksa dari isinya)."),
            code="bad_document",
        )
    return kind
