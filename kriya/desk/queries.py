"""Named reads of the service desk, used by the pages and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kriya.core.calendar import WorkingCalendar
from kriya.core.formatting import rupiah, tanggal
from kriya.core.models import AuditEvent

from .access import requests_visible_to
from .clock import clock_of
from .models import FINAL, OPEN, Service, ServiceRequest, Status

VERB_LABELS = {
    "service_request.created": _("Permohonan dibuat"),
    "service_request.updated": _("Permohonan diubah"),
    "service_request.submit": _("Diajukan"),
    "service_request.review": _("Mulai diperiksa"),
    "service_request.return": _("Dikembalikan untuk perbaikan"),
    "service_request.resubmit": _("Diajukan ulang"),
    "service_request.accept": _("Diterima"),
    "service_request.reject": _("Ditolak"),
    "service_request.issue_bill": _("Tagihan diterbitkan"),
    "service_request.confirm_payment": _("Pembayaran dikonfirmasi"),
    "service_request.expire_bill": _("Tagihan kedaluwarsa, permohonan dikembalikan"),
    "service_request.start_work": _("Pengerjaan dimulai"),
    "service_request.mark_result_ready": _("Hasil siap"),
    "service_request.complete": _("Selesai, hasil diserahkan"),
    "service_request.cancel": _("Dibatalkan"),
    "service_request.document_added": _("Dokumen diunggah"),
    "service_request.payment_proof_uploaded": _("Bukti bayar diunggah"),
    "service_request.payment_proof_rejected": _("Bukti bayar ditolak"),
    "service_request.assigned": _("Petugas ditugaskan"),
    "service_request.recommended": _("Direkomendasikan kabupaten/kota"),
    "service_request.sponsored": _("Didanai program kabupaten/kota"),
    "service_request.sponsorship_released": _("Pendanaan program dilepas"),
    "service_request.survey_answered": _("Survei kepuasan diisi"),
}


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    actor: object  # a User, or None for the system
    verb: str
    label: str
    note: str
    data: dict

    @property
    def on_behalf_of(self) -> str:
        """The business a facilitator acted for, at the time ("" otherwise)."""
        return (self.data or {}).get("on_behalf_of_name", "")

    @property
    def actor_name(self) -> str:
        """Who acted, and for whom: "Pendamping untuk Batik Prabulinggih"."""
        name = str(self.actor) if self.actor is not None else str(_("Sistem"))
        if self.on_behalf_of:
            return _("%(actor)s untuk %(business)s") % {
                "actor": name,
                "business": self.on_behalf_of,
            }
        return name


def _note(event: AuditEvent) -> str:
    data = event.data or {}
    if data.get("reason"):
        return data["reason"]
    if event.verb == "service_request.document_added":
        return f"{data.get('title', '')} (v{data.get('version', 1)})"
    if event.verb == "service_request.issue_bill":
        total, due = rupiah(data.get("total", 0)), tanggal(data.get("due_date", ""))
        return f"{data.get('billing_code', '')} · {total} · {due}"
    if event.verb == "service_request.assigned":
        return data.get("officer_name", "")
    if event.verb == "service_request.mark_result_ready" and data.get("title"):
        return data["title"]
    if event.verb == "service_request.recommended":
        return f"{data.get('unit', '')}: {data.get('note', '')}"
    if event.verb == "service_request.sponsored":
        return f"{data.get('programme_name', '')} ({data.get('used')}/{data.get('quota')})"
    if event.verb == "service_request.sponsorship_released":
        return data.get("programme_name", "")
    return ""


def timeline(request: ServiceRequest) -> list[TimelineEntry]:
    """Every change of the request, oldest first: who, when, what, note."""
    events = (
        AuditEvent.objects.for_object(request).select_related("actor").order_by("created_at", "id")
    )
    return [
        TimelineEntry(
            when=e.created_at,
            actor=e.actor,
            verb=e.verb,
            label=str(VERB_LABELS.get(e.verb) or _("Perubahan dicatat")),
            note=_note(e),
            data=e.data,
        )
        for e in events
    ]


def with_clocks(requests, *, calendar=None) -> list[tuple[ServiceRequest, object]]:
    """Pair each request with its clock, sharing one calendar (one query per year)."""
    calendar = calendar or WorkingCalendar()
    return [(r, clock_of(r, calendar=calendar)) for r in requests]


def _list_base(user):
    return requests_visible_to(user).select_related(
        "business", "business__regency", "service", "assigned_to", "filed_by"
    )


def requests_for(user, *, status: str = "", service: str = "", business: int | None = None):
    """The requests a user sees, newest first (an applicant's "my requests"; a
    facilitator's requests of the businesses they follow, `business` narrowing to one)."""
    qs = _list_base(user)
    if status:
        qs = qs.filter(status=status)
    if business:
        qs = qs.filter(business_id=business)
    if service:
        qs = qs.filter(service__code=service)
    return qs.order_by("-created_at", "-id")


def desk_queue(
    user,
    *,
    service: str = "",
    status: str = "",
    overdue: bool = False,
    regency: str = "",
    assigned: str = "",
):
    """The desk's queue: open requests by default, oldest deadline first."""
    qs = _list_base(user)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN)
    if service:
        qs = qs.filter(service__code=service)
    if overdue:
        qs = qs.overdue()
    if regency:
        qs = qs.in_regency(regency)
    if assigned == "me":
        qs = qs.filter(assigned_to=user)
    elif assigned == "none":
        qs = qs.filter(assigned_to__isnull=True)
    return qs.order_by("clock_deadline", "submitted_at", "id")


def queue_regencies(user):
    """Regencies that have requests (for the queue's filter)."""
    from kriya.regions.models import Region

    codes = requests_visible_to(user).values("business__regency_id").distinct()
    return Region.objects.filter(code__in=codes).order_by("name")


@dataclass
class OverviewRow:
    service: Service
    counts: dict
    open: int
    overdue: int
    total: int


def overview(user) -> list[OverviewRow]:
    """Requests per service and status, and how many open ones are overdue."""
    base = requests_visible_to(user).exclude(status=Status.DRAFT)
    per_status = base.values("service_id", "status").annotate(n=Count("id"))
    overdue = dict(
        base.filter(status__in=OPEN)
        .overdue()
        .values("service_id")
        .annotate(n=Count("id"))
        .values_list("service_id", "n")
    )
    counts: dict[int, dict] = {}
    for row in per_status:
        counts.setdefault(row["service_id"], {})[row["status"]] = row["n"]
    rows = []
    for service in Service.objects.filter(Q(is_active=True) | Q(pk__in=counts.keys())):
        c = counts.get(service.pk, {})
        rows.append(
            OverviewRow(
                service=service,
                counts=c,
                open=sum(n for s, n in c.items() if s in OPEN),
                overdue=overdue.get(service.pk, 0),
                total=sum(c.values()),
            )
        )
    return rows


OVERVIEW_STATUSES = [s for s in Status if s != Status.DRAFT]
FINAL_STATUSES = FINAL
