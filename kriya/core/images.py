"""Uploaded photos: checked by their content, re-encoded, thumbnailed.

A photo is accepted when Pillow decodes it as JPEG, PNG or WebP — whatever its
file name or declared content type says. It is then re-encoded as WebP: the
orientation from EXIF is applied to the pixels, and nothing of the original file
(EXIF with GPS position and camera serial, XMP, comments, trailing bytes) reaches
the stored copy. Uploaded documents (PDF, JPEG, PNG) are checked in
`kriya.core.uploads`.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# A 5 MB file may still decode to a huge bitmap (a "decompression bomb").
MAX_PIXELS = 50_000_000
MAX_SIDE = 2000
THUMB_SIDE = 400
QUALITY = 82


@dataclass
class ProcessedImage:
    """The re-encoded photo and its thumbnail, ready to be saved to a storage."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        pos = upload.tell()
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(pos)
    return size


def _open_checked(upload, *, max_bytes: int, formats: set[str]) -> Image.Image:
    if _size_of(upload) > max_bytes:
        raise ValidationError(
            _("Ukuran berkas paling besar %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Berkas bukan foto JPEG, PNG atau WebP yang utuh."), code="not_an_image"
        ) from None
    if kind not in formats:
        raise ValidationError(
            _("Berkas bukan foto JPEG, PNG atau WebP yang utuh."), code="not_an_image"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(_("Resolusi foto terlalu besar."), code="too_many_pixels")
    upload.seek(0)
    image = Image.open(upload)
    if image.format == "JPEG":
        # Decode large JPEGs at a reduced scale: much faster, same result after resizing.
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))
    return image


def check_image(upload, *, max_bytes: int = MAX_BYTES) -> str:
    """The image format ('JPEG', 'PNG', 'WEBP') if `upload` is an acceptable photo."""
    image = _open_checked(upload, max_bytes=max_bytes, formats=ACCEPTED_FORMATS)
    kind = image.format
    image.close()
    upload.seek(0)
    return kind


def _encode(image: Image.Image, side: int) -> tuple[bytes, tuple[int, int]]:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No exif=, icc_profile= or xmp= arguments: the new file carries pixels only.
    copy.save(buffer, "WEBP", quality=QUALITY, method=4)
    return buffer.getvalue(), copy.size


def process_image(
    upload, *, max_bytes: int = MAX_BYTES, max_side: int = MAX_SIDE, thumb_side: int = THUMB_SIDE
) -> ProcessedImage:
    """Check `upload` by content and return it re-encoded (WebP) with a thumbnail.

    Raises ValidationError (Indonesian message) when the file is too large, is not a
    complete JPEG, PNG or WebP image, or decodes to too many pixels.
    """
    image = _open_checked(upload, max_bytes=max_bytes, formats=ACCEPTED_FORMATS)
    try:
        try:
            image = ImageOps.exif_transpose(image)
        except Exception:  # a broken EXIF block must not reject a good photo
            image.load()
        has_alpha = image.mode in ("RGBA", "LA") or (
            image.mode == "P" and "transparency" in image.info
        )
        image = image.convert("RGBA" if has_alpha else "RGB")
        full, size = _encode(image, max_side)
        thumb, _thumb_size = _encode(image, thumb_side)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Berkas bukan foto JPEG, PNG atau WebP yang utuh."), code="not_an_image"
        ) from None
    finally:
        image.close()
    name = uuid.uuid4().hex
    return ProcessedImage(
        image=ContentFile(full, name=f"{name}.webp"),
        thumbnail=ContentFile(thumb, name=f"{name}-thumb.webp"),
        width=size[0],
        height=size[1],
    )
