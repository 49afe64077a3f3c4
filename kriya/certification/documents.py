"""PDFs of certification (WeasyPrint, A4, in Indonesian): the certificate with the QR
of its signed payload, the decision letter for a refusal, the halal inspection report
(laporan hasil pemeriksaan) and a printable sheet of Batikmark labels."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from kriya.core.pdf import html_to_pdf
from kriya.desk.models import Body

AGENCY = "Balai Besar Standardisasi dan Pelayanan Jasa Industri Kerajinan dan Batik (BBSPJIKB)"
AGENCY_PARENT = "Badan Standardisasi dan Kebijakan Jasa Industri, Kementerian Perindustrian"


def _pdf(template: str, context: dict) -> bytes:
    with translation.override("id"):
        html = render_to_string(
            template, {"agency": AGENCY, "agency_parent": AGENCY_PARENT, **context}
        )
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))


def _date(value) -> str:
    with translation.override("id"):
        return date_format(value, "j F Y") if value else ""


def certificate_pdf(certificate, document) -> bytes:
    """The certificate: number, holder and NIB, products and scope (technique, motif
    and label colour for Batikmark), standard, dates, and the QR of `document` (its
    entry in kriya.verify) with the URL fallback printed under it."""
    from kriya.registry.models import Technique

    from .register import qr_svg

    colour = certificate.label_colour
    return _pdf(
        "certification/pdf/certificate.html",
        {
            "c": certificate,
            "body": Body(certificate.scheme.body).label,
            "products": list(certificate.products.order_by("name")),
            "technique": Technique(certificate.technique).label if certificate.technique else "",
            "colour": colour[1] if colour else "",
            "issued_on": _date(certificate.issued_on),
            "valid_until": _date(certificate.valid_until),
            "qr_svg": qr_svg(document),
            "url": document.url,
            "business": certificate.business,
        },
    )


def letter_pdf(*, title: str, number: str, evaluation, paragraphs: list[str], on) -> bytes:
    """A one-page letter of the body about an evaluation (refusal, inspection report)."""
    return _pdf(
        "certification/pdf/letter.html",
        {
            "title": title,
            "number": number,
            "e": evaluation,
            "business": evaluation.request.business,
            "body": Body(evaluation.scheme.body).label,
            "paragraphs": paragraphs,
            "products": list(evaluation.products.order_by("name")),
            "on": _date(on),
        },
    )


def labels_pdf(batch, entries: list[tuple]) -> bytes:
    """A sheet of labels: `entries` are (label, qr svg) pairs."""
    certificate = batch.certificate
    colour = certificate.label_colour
    return _pdf(
        "certification/pdf/labels.html",
        {
            "batch": batch,
            "c": certificate,
            "colour": colour[1] if colour else "",
            "entries": entries,
        },
    )
