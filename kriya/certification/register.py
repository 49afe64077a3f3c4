"""The link to kriya.verify: every certificate and Batikmark label is entered in its
register of signed documents, and every status change is mirrored there (the
published status list then tells offline verifiers).

Certification signs nothing itself. It calls `kriya.verify.services.issue_document`
and `set_document_status` (docs/verify.md) and finds a certificate's entry by its
type and number, so no foreign key ties the two apps' tables together.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

CERTIFICATE = "certificate"
BATIKMARK_LABEL = "batikmark_label"
SCOPE_MAX = 300


def scheme_text(certificate) -> str:
    """The scheme or standard as printed into the QR, e.g. "Batikmark — batik tulis"."""
    from kriya.registry.models import Technique

    scheme = certificate.scheme
    if scheme.is_batikmark and certificate.technique:
        text = f"Batikmark — {Technique(certificate.technique).label.lower()}"
        return f"{text} ({certificate.standard})"[:120] if certificate.standard else text
    if certificate.standard:
        return f"{scheme.name_id} — {certificate.standard}"[:120]
    return scheme.name_id[:120]


def scope_text(certificate) -> str:
    colour = certificate.label_colour
    scope = certificate.scope
    if colour is not None:
        scope = _("%(scope)s, label %(colour)s") % {"scope": scope, "colour": colour[1]}
    trademark = getattr(certificate, "trademark_number", "")
    if trademark:
        # The trademark identifies a Batikmark certificate: kept even when the scope
        # is long (the scope is cut, not the mark).
        suffix = _("; merek %(number)s") % {"number": trademark}
        scope = scope[: SCOPE_MAX - len(suffix)] + suffix
    return scope[:SCOPE_MAX]


def register_certificate(certificate, *, by, supersedes=None, reason: str = ""):
    """Enter `certificate` in the register; return its IssuedDocument (signed payload)."""
    from kriya.verify.services import issue_document

    return issue_document(
        doc_type=CERTIFICATE,
        number=certificate.number,
        holder_nib=certificate.holder_nib,
        holder_name=certificate.holder_name,
        scheme=scheme_text(certificate),
        scope=scope_text(certificate),
        issued_on=certificate.issued_on,
        expires_on=certificate.valid_until,
        source=certificate,
        supersedes=supersedes,
        reason=reason,
        is_demo=certificate.is_demo,
        by=by,
    )


def document_of(certificate):
    """The certificate's entry in the register (None if it was never registered)."""
    from kriya.verify.models import IssuedDocument

    return IssuedDocument.objects.filter(doc_type=CERTIFICATE, number=certificate.number).first()


def label_document(serial: str):
    from kriya.verify.models import IssuedDocument

    return (
        IssuedDocument.objects.filter(doc_type=BATIKMARK_LABEL, number=serial)
        .select_related("parent")
        .first()
    )


def mirror_status(certificate, *, action: str, reason: str, by):
    """Suspend, reinstate or withdraw the certificate's register entry too (its labels
    share the entry's status-list slot, so they follow)."""
    from kriya.verify.services import set_document_status

    document = document_of(certificate)
    if document is None:
        return None
    return set_document_status(document=document, action=action, reason=reason, by=by)


def register_label(label, *, certificate_document, issued_on: date, by):
    """Enter one Batikmark label under its certificate's register entry."""
    from kriya.registry.models import Technique
    from kriya.verify.services import issue_document

    certificate = label.certificate
    colour = certificate.label_colour
    technique = Technique(certificate.technique).label.lower() if certificate.technique else ""
    scope = _("Label %(colour)s, %(technique)s, sertifikat %(number)s") % {
        "colour": colour[1] if colour else "",
        "technique": technique,
        "number": certificate.number,
    }
    return issue_document(
        doc_type=BATIKMARK_LABEL,
        number=label.serial,
        holder_nib=certificate.holder_nib,
        holder_name=certificate.holder_name,
        scheme=scheme_text(certificate),
        scope=str(scope)[:SCOPE_MAX],
        issued_on=issued_on,
        parent=certificate_document,
        source=label,
        is_demo=certificate.is_demo,
        by=by,
    )


def qr_svg(document, *, scale: int = 3) -> str:
    from kriya.verify.qr import qr_svg as render

    return render(document.qr_text, scale=scale, border=2)
