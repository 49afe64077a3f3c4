"""QR codes for signed documents (segno). Django-free.

Render `document.qr_text` — the verification page's URL carrying the payload, so a
phone's camera opens the verdict and an offline verifier takes the payload out of
the URL (docs/verify.md explains the choice). Error correction M; segno raises it
when that does not make the symbol larger.
"""

import io

import segno


def make(text: str):
    return segno.make(text, error="m", micro=False)


def qr_svg(text: str, *, scale: int = 4, border: int = 4, title: str = "") -> str:
    """Inline SVG markup (no XML declaration), for pages and WeasyPrint PDFs."""
    out = io.BytesIO()
    make(text).save(out, kind="svg", scale=scale, border=border, xmldecl=False, title=title or None)
    return out.getvalue().decode("utf-8")


def qr_svg_data_uri(text: str, *, scale: int = 4, border: int = 4) -> str:
    """A data: URI for <img src=…>."""
    return make(text).svg_data_uri(scale=scale, border=border)


def qr_png(text: str, *, scale: int = 8, border: int = 4) -> bytes:
    out = io.BytesIO()
    make(text).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
