"""The training certificate as a PDF (WeasyPrint through kriya.core.pdf, A4, Indonesian
or English) with the QR of its signed register entry and the verification URL under it.
Rendered when downloaded, from the register entry made at completion: nothing is stored,
so a withdrawn certificate still renders but its QR and URL say "dicabut"."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from kriya.core.formatting import tanggal
from kriya.core.pdf import html_to_pdf

from .register import qr_svg


def certificate_pdf(enrolment, document, language: str = "id") -> bytes:
    batch = enrolment.batch
    programme = batch.programme
    sessions = list(programme.sessions.all())
    with translation.override(language):
        html = render_to_string(
            "training/pdf/certificate.html",
            {
                "language": language,
                "agency": getattr(settings, "KRIYA_AGENCY_FULL_NAME", "") or "",
                "e": enrolment,
                "person": enrolment.participant,
                "programme": programme,
                "batch": batch,
                "organiser": programme.organiser.name,
                "title": programme.title,
                "hours": sum(s.hours for s in sessions),
                "sessions": sessions,
                "dates": f"{tanggal(batch.starts_on)} – {tanggal(batch.ends_on)}",
                "issued_on": tanggal(document.issued_on),
                "number": document.number,
                "qr_svg": qr_svg(document),
                "url": document.url,
            },
        )
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))
