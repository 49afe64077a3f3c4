"""Complaints (pengaduan) about a request: an applicant files one; the desk or the head
of the agency handles and answers it; it is closed.

    received ─handle─► in_handling ─answer─► answered ─close─► closed

- handle, answer (with the answer's text): the desk or the head of the agency;
- close: the applicant (the business's owner or a facilitator with its consent), or the
  desk or the head.

Complaints are seen by the head, the desk and administrators, and by the business on
whose request they are; the answer is shown to the applicant. The lifecycle has its own
table-driven test (tests/test_complaint_lifecycle.py).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core import audit
from kriya.core.workflow import InvalidTransition, Lifecycle, Move

from .access import can_file_complaint, is_complaint_handler
from .models import Complaint, ServiceRequest
from .models import ComplaintStatus as C
from .notifications import notify
from .workflow import is_applicant


def is_complaint_applicant(user, complaint) -> bool:
    return is_applicant(user, complaint.request)


def applicant_or_handler(user, complaint) -> bool:
    return is_complaint_handler(user) or is_complaint_applicant(user, complaint)


LIFECYCLE = Lifecycle(
    name="complaint",
    moves=[
        Move("handle", C.RECEIVED, C.IN_HANDLING, is_complaint_handler, gettext_lazy("Tangani")),
        Move(
            "answer",
            C.IN_HANDLING,
            C.ANSWERED,
            is_complaint_handler,
            gettext_lazy("Kirim jawaban"),
            needs_reason=True,
        ),
        Move(
            "close",
            C.ANSWERED,
            C.CLOSED,
            applicant_or_handler,
            gettext_lazy("Tutup pengaduan"),
            style="secondary",
        ),
    ],
)


def _notify(complaint: Complaint, action: str, by) -> None:
    data = {
        "complaint": complaint.pk,
        "complainant": complaint.filed_by_id,
        "subject": complaint.subject,
    }
    transaction.on_commit(
        lambda: notify(request=complaint.request, event=f"complaint.{action}", by=by, data=data)
    )


def file_complaint(*, request: ServiceRequest, subject: str, body: str, by) -> Complaint:
    """An applicant complains about a filed request; the desk and the head are told."""
    if not can_file_complaint(by, request):
        raise PermissionDenied(
            _("Pengaduan diajukan oleh pemohon atas permohonan yang sudah diajukan.")
        )
    errors = {}
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject:
        errors["subject"] = _("Perihal wajib diisi.")
    if not body:
        errors["body"] = _("Isi pengaduan wajib diisi.")
    if errors:
        raise ValidationError(errors)
    from .services import on_behalf

    with transaction.atomic():
        complaint = Complaint.objects.create(
            request=request, filed_by=by, subject=subject[:200], body=body
        )
        audit.record(
            actor=by,
            verb="complaint.filed",
            obj=complaint,
            data={
                "request": request.pk,
                "subject": complaint.subject,
                **on_behalf(by, request.business),
            },
        )
        _notify(complaint, "filed", by)
    return complaint


def transition_complaint(*, complaint: Complaint, action: str, by, text: str = "") -> Complaint:
    """Apply one move of the complaint lifecycle (InvalidTransition, PermissionDenied,
    ValidationError as `Lifecycle.transition`). `text` is the answer for "answer"."""
    move = LIFECYCLE.find(complaint.status, action)
    if move is None:
        raise InvalidTransition(action, complaint.status)
    if not move.allowed(by, complaint):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    text = (text or "").strip()
    changes = {}
    now = timezone.now()
    if action == "handle":
        changes = {"handled_by": by}
    elif action == "answer":
        if not text:
            raise ValidationError({"text": _("Jawaban wajib diisi.")})
        changes = {"answer": text, "answered_by": by, "answered_at": now}
    elif action == "close":
        changes = {"closed_at": now}
    with transaction.atomic():
        from .services import on_behalf

        LIFECYCLE.transition(
            complaint,
            action=action,
            by=by,
            reason=text,
            changes=changes,
            data=on_behalf(by, complaint.request.business),
        )
        _notify(complaint, action, by)
    return complaint


HISTORY_LABELS = {
    "complaint.filed": gettext_lazy("Pengaduan diajukan"),
    "complaint.handle": gettext_lazy("Mulai ditangani"),
    "complaint.answer": gettext_lazy("Dijawab"),
    "complaint.close": gettext_lazy("Ditutup"),
}


def history(complaint: Complaint):
    """The complaint's changes, oldest first: who (for whom), when, what."""
    from kriya.core.models import AuditEvent

    from .queries import TimelineEntry

    events = (
        AuditEvent.objects.for_object(complaint)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    return [
        TimelineEntry(
            when=e.created_at,
            actor=e.actor,
            verb=e.verb,
            label=str(HISTORY_LABELS.get(e.verb, e.verb)),
            note="",
            data=e.data,
        )
        for e in events
    ]
