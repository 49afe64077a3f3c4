"""The link to kriya.verify: each seat gets a signed pass (`training_pass`) and each
person who completes a batch a signed certificate (`training_certificate`).

Training signs nothing itself: it calls `kriya.verify.services.issue_document` and
`set_document_status` (docs/verify.md) and keeps the document's number on the
enrolment, finding the register entry by type and number (no foreign key between the
two apps' tables, as in certification). Numbers:

- pass: `TP-<batch>-<enrolment>` (one per enrolment, never reused);
- certificate: `SP/<year>/<batch>/<enrolment>` (year of completion).
"""

from __future__ import annotations

from django.utils import timezone

PASS = "training_pass"  # noqa: S105 (a document type, not a password)
CERTIFICATE = "training_certificate"


def pass_number(enrolment) -> str:
    return f"TP-{enrolment.batch_id}-{enrolment.pk}"


def certificate_number(enrolment) -> str:
    year = (enrolment.completed_at or timezone.now()).year
    return f"SP/{year}/{enrolment.batch_id:04d}/{enrolment.pk:05d}"


def _scope(batch) -> str:
    from kriya.core.formatting import tanggal

    dates = tanggal(batch.starts_on)
    if batch.ends_on != batch.starts_on:
        dates = f"{dates} – {tanggal(batch.ends_on)}"
    return f"Angkatan {batch.number}, {dates}, {batch.venue}"[:300]


def document_of(doc_type: str, number: str):
    from kriya.verify.models import IssuedDocument

    if not number:
        return None
    return IssuedDocument.objects.filter(doc_type=doc_type, number=number).first()


def passes_of(numbers):
    from kriya.verify.models import IssuedDocument

    return IssuedDocument.objects.filter(doc_type=PASS, number__in=list(numbers))


def issue_pass(enrolment, *, by=None):
    """The enrolment's pass (made once); returns the IssuedDocument."""
    from kriya.verify.services import issue_document

    number = pass_number(enrolment)
    existing = document_of(PASS, number)
    if existing is not None:
        return existing
    batch = enrolment.batch
    programme = batch.programme
    return issue_document(
        doc_type=PASS,
        number=number,
        holder_nib="",
        holder_name=enrolment.participant.full_name,
        scheme=programme.title_id[:120],
        scope=_scope(batch),
        issued_on=timezone.localdate(),
        expires_on=max(batch.ends_on, timezone.localdate()),
        source=enrolment,
        is_demo=programme.is_demo,
        by=by,
    )


def issue_certificate(enrolment, *, by=None):
    """The completing person's certificate (made once); returns the IssuedDocument."""
    from kriya.verify.services import issue_document

    number = certificate_number(enrolment)
    existing = document_of(CERTIFICATE, number)
    if existing is not None:
        return existing
    batch = enrolment.batch
    programme = batch.programme
    hours = sum(s.hours for s in programme.sessions.all())
    return issue_document(
        doc_type=CERTIFICATE,
        number=number,
        holder_nib="",
        holder_name=enrolment.participant.full_name,
        scheme=programme.title_id[:120],
        scope=f"{_scope(batch)}, {hours} JP"[:300],
        issued_on=timezone.localdate(enrolment.completed_at or timezone.now()),
        source=enrolment,
        is_demo=programme.is_demo,
        by=by,
    )


def withdraw(document, *, reason: str) -> None:
    """Withdraw a pass or certificate in the register (the system acts: training has
    checked that the actor may; the audit trail of training names them)."""
    from kriya.verify.services import set_document_status

    if document is not None and document.status == "active":
        set_document_status(document=document, action="withdraw", reason=reason, by=None)


def qr_svg(document, *, scale: int = 3) -> str:
    from kriya.verify.qr import qr_svg as render

    return render(document.qr_text, scale=scale, border=2)
