"""PDFs of certification (WeasyPrint, A4): the certificate with the QR of its signed
payload (in Indonesian and in English), the decision letter for a refusal, the halal
inspection report (laporan hasil pemeriksaan) and a printable sheet of Batikmark
labels (in Indonesian)."""

from __future__ import annotations

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from kriya.core.formatting import tanggal
from kriya.core.pdf import html_to_pdf
from kriya.desk.models import Body

AGENCY = "Balai Besar Standardisasi dan Pelayanan Jasa Industri Kerajinan dan Batik (BBSPJIKB)"
AGENCY_PARENT = "Badan Standardisasi dan Kebijakan Jasa Industri, Kementerian Perindustrian"


def _pdf(template: str, context: dict, language: str = "id") -> bytes:
    with translation.override(language):
        html = render_to_string(
            template,
            {"agency": AGENCY, "agency_parent": AGENCY_PARENT, "language": language, **context},
        )
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))


def _date(value, language: str = "id") -> str:
    with translation.override(language):
        return tanggal(value)


def _mark_data_uri(certificate) -> str:
    """The accreditation mark of the certificate's body as a data URI (WeasyPrint reads
    it without a URL); empty unless both the mark and the number are configured."""
    from .models import CertificationBody

    if not certificate.accreditation_number:
        return ""
    body = CertificationBody.objects.filter(code=certificate.scheme.body).first()
    if body is None or not body.accreditation_mark:
        return ""
    name = body.accreditation_mark.name.lower()
    mime = "image/svg+xml" if name.endswith(".svg") else "image/png"
    with body.accreditation_mark.open("rb") as f:
        return f"data:{mime};base64,{base64.b64encode(f.read()).decode()}"


def certificate_pdf(certificate, document, language: str = "id") -> bytes:
    """The certificate (ISO/IEC 17065 7.7): the body's name, address and accreditation
    (number, and mark when configured); number, holder's name, NIB and address;
    products and scope (technique, motif and label colour for Batikmark), the type of
    certification and the standard; the trademark (DJKI number); dates; the authorised
    signatory's name and position; and the QR of `document` (its entry in kriya.verify)
    with the URL fallback printed under it. `language`: "id" or "en"."""
    from kriya.registry.models import Technique

    from .register import qr_svg

    colour = certificate.label_colour
    scheme = certificate.scheme
    with translation.override(language):
        return _pdf(
            "certification/pdf/certificate.html",
            {
                "c": certificate,
                "body": certificate.body_name or str(Body(scheme.body).label),
                "scheme_name": (scheme.name_en or scheme.name_id)
                if language == "en"
                else scheme.name_id,
                "certification_type": scheme.get_certification_type_display()
                if scheme.certification_type
                else "",
                "products": list(certificate.products.order_by("name")),
                "technique": str(Technique(certificate.technique).label)
                if certificate.technique
                else "",
                "colour": str(colour[1]) if colour else "",
                "issued_on": _date(certificate.issued_on, language),
                "valid_until": _date(certificate.valid_until, language),
                "signatory_position": certificate.signatory_position_en
                if language == "en" and certificate.signatory_position_en
                else certificate.signatory_position_id,
                "mark": _mark_data_uri(certificate),
                "qr_svg": qr_svg(document),
                "url": document.url,
                "business": certificate.business,
            },
            language,
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
