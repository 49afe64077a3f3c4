"""The compliance passport of a business: one page, and one QR, that list every live
credential of the business and its products with its status — product certificates
(SNI, Batikmark with the serials of its labels), the green-industry certificate, halal
certificates the desk accepted, test reports that found the products conforming, and
the training certificates of the people who work in the business.
No agency system shows them together; a buyer scans the QR on a stall or in a shop
window. What is listed, and why, is in docs/showcase.md ("Compliance passport").
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date

import segno
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kriya.certification import queries as certification
from kriya.lab import queries as lab

from . import competency

#: How long a rendered A6 card is kept (it is keyed on what it shows, so never stale).
CARD_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Credential:
    """One live credential as the passport shows it."""

    group: str  # "certificate", "halal", "test_report" or "competency"
    title: str  # "Batikmark", "SPPT SNI …", "Sertifikat halal", "Sertifikat hasil uji", a programme
    number: str
    state: str  # "active" or "suspended"
    state_label: str
    issued_on: date | None = None
    valid_until: date | None = None
    products: tuple[str, ...] = ()
    details: tuple[str, ...] = field(default=())  # label serials, samples tested
    verify_url: str = ""
    holder: str = ""  # a person's certificate: the name the certificate itself shows


def passport_path(business) -> str:
    return reverse("showcase:passport", args=[business.slug])


def passport_url(business) -> str:
    """The address printed in the QR: the deployment's public address, so that a card
    printed from any machine points at the live site."""
    return settings.KRIYA_PUBLIC_URL + passport_path(business)


def _serials(ranges) -> tuple[str, ...]:
    return tuple(
        (
            _("Label %(first)s s.d. %(last)s (%(count)s label)")
            % {"first": first, "last": last, "count": count}
        )
        if count > 1
        else _("Label %(first)s") % {"first": first}
        for first, last, count in ranges
    )


def credentials_of(business, today: date | None = None) -> list[Credential]:
    """Every live credential of `business`, certificates first, its people's training
    certificates last. Seven queries."""
    today = today or timezone.localdate()
    found = []
    for c in certification.passport_certificates(business.pk, today):
        found.append(
            Credential(
                group="certificate",
                title=c.scheme.name,
                number=c.number,
                state=c.state,
                state_label=str(c.state_label),
                issued_on=c.issued_on,
                valid_until=c.valid_until,
                products=tuple(p.name for p in c.products.all()),
                details=_serials(c.label_ranges),
                verify_url=certification.verify_path(c.number),
            )
        )
    for h in certification.passport_halal(business.pk):
        found.append(
            Credential(
                group="halal",
                title=_("Sertifikat halal (BPJPH)"),
                number=h.number,
                state="active",
                state_label=_("Tercatat"),
                issued_on=h.issued_on,
                products=tuple(p.name for p in h.products.all()),
            )
        )
    for r in lab.conforming_reports_of_business(business.pk):
        samples = (r.content or {}).get("samples", [])
        found.append(
            Credential(
                group="test_report",
                title=_("Sertifikat hasil uji"),
                number=r.number,
                state="active",
                state_label=_("Berlaku — memenuhi spesifikasi"),
                issued_on=r.issued_at.date() if r.issued_at else None,
                details=tuple(s.get("description", "") for s in samples if s.get("description")),
                verify_url=certification.verify_path(r.number, "test_report"),
            )
        )
    for t in competency.certificates_of_business(business.pk, today):
        found.append(
            Credential(
                group="competency",
                title=t.programme,
                number=t.number,
                state="active",
                state_label=_("Berlaku"),
                issued_on=t.issued_on,
                holder=t.holder_name,
                verify_url=t.verify_url,
            )
        )
    return found


def qr_svg(text: str, *, scale: int = 4) -> str:
    """The QR of `text` as an inline SVG (segno's own markup, no style attributes)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=scale, border=2, xmldecl=False)
    return out.getvalue().decode("utf-8")


def card_pdf(business, credentials: list[Credential]) -> bytes:
    """The printable A6 card of the passport, cached on what it shows."""
    from django.template.loader import render_to_string

    from kriya.core.pdf import html_to_pdf

    language = translation.get_language() or settings.LANGUAGE_CODE
    facts = "\n".join(
        [
            str(business.pk),
            business.updated_at.isoformat(),
            language,
            settings.KRIYA_PUBLIC_URL,
            *(f"{c.number}/{c.state}/{len(c.details)}" for c in credentials),
        ]
    )
    key = "passport-card:" + hashlib.sha256(facts.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        html = render_to_string(
            "showcase/pdf/passport_card.html",
            {
                "business": business,
                "credentials": credentials,
                "url": passport_url(business),
                "qr_svg": qr_svg(passport_url(business), scale=5),
            },
        )
        pdf = html_to_pdf(html, base_url=str(settings.BASE_DIR))
        cache.set(key, pdf, CARD_CACHE_SECONDS)
    return pdf
