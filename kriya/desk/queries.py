"""Named reads of the service desk, used by the pages and the API alike."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kriya.core.calendar import WorkingCalendar
from kriya.core.charts import Chart, Series, format_number
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
        "business",
        "business__regency",
        "organisation",
        "organisation__regency",
        "service",
        "assigned_to",
        "filed_by",
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

    codes = (
        requests_visible_to(user)
        .annotate(regency=Coalesce("business__regency_id", "organisation__regency_id"))
        .values("regency")
        .distinct()
    )
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


# --- Charts of the overview (kriya.core.charts; docs/decisions.md "Charts") ---------


def _percentile(values: list, share: float):
    """Nearest-rank percentile of sorted `values` (None when empty)."""
    if not values:
        return None
    rank = max(1, math.ceil(share * len(values)))
    return values[rank - 1]


@dataclass(frozen=True)
class LeadTime:
    service: Service
    completed: int
    median: float | None
    p90: int | None


def lead_times(user, *, start, end) -> list[LeadTime]:
    """Working days on the clock of the requests completed between `start` and `end`
    (dates, WIB), per active service: how many, median and 90th percentile, in one
    query."""
    days: dict[int, list[int]] = {}
    completed = (
        requests_visible_to(user)
        .filter(status=Status.COMPLETED, completed_at__date__range=(start, end))
        .values_list("service_id", "clock_days_used")
    )
    for service_id, used in completed:
        days.setdefault(service_id, []).append(used)
    result = []
    for service in Service.objects.filter(Q(is_active=True) | Q(pk__in=days.keys())):
        values = sorted(days.get(service.pk, []))
        result.append(
            LeadTime(
                service=service,
                completed=len(values),
                median=statistics.median(values) if values else None,
                p90=_percentile(values, 0.9),
            )
        )
    return result


def status_chart(rows: list[OverviewRow]) -> Chart:
    """Requests in each state, all services together (from `overview`'s rows)."""
    values = tuple(sum(r.counts.get(s.value, 0) for r in rows) for s in OVERVIEW_STATUSES)
    return Chart(
        key="permohonan-per-status",
        title=_("Permohonan per status"),
        label_header=_("Status"),
        labels=tuple(s.label for s in OVERVIEW_STATUSES),
        series=(Series(_("Permohonan"), values),),
        unit=_("permohonan"),
        kind="hbar",
        footer=(_("Jumlah"), (sum(values),)),
    )


def service_chart(rows: list[OverviewRow]) -> Chart:
    """Requests per service: open within the standard, overdue, completed, and rejected
    or cancelled (each request in exactly one; from `overview`'s rows)."""
    within = tuple(r.open - r.overdue for r in rows)
    overdue = tuple(r.overdue for r in rows)
    done = tuple(r.counts.get(Status.COMPLETED, 0) for r in rows)
    stopped = tuple(
        r.counts.get(Status.REJECTED, 0) + r.counts.get(Status.CANCELLED, 0) for r in rows
    )
    columns = (within, overdue, done, stopped)
    late = sum(overdue)
    return Chart(
        key="permohonan-per-layanan",
        title=_("Permohonan per layanan"),
        label_header=_("Layanan"),
        labels=tuple(r.service.name for r in rows),
        series=(
            Series(_("Terbuka, dalam standar"), within),
            Series(_("Melewati standar"), overdue),
            Series(_("Selesai"), done),
            Series(_("Ditolak atau dibatalkan"), stopped),
        ),
        unit=_("permohonan"),
        kind="stacked",
        summary=_(
            "%(open)s permohonan terbuka, %(late)s di antaranya melewati standar pelayanan; "
            "%(done)s selesai."
        )
        % {
            "open": format_number(sum(within) + late),
            "late": format_number(late),
            "done": format_number(sum(done)),
        },
        footer=(_("Jumlah"), tuple(sum(c) for c in columns)),
    )


def lead_time_chart(times: list[LeadTime], *, period_label: str) -> Chart:
    return Chart(
        key="waktu-penyelesaian",
        title=_("Waktu penyelesaian per layanan"),
        label_header=_("Layanan"),
        labels=tuple(t.service.name for t in times),
        series=(
            Series(_("Median"), tuple(t.median for t in times)),
            Series(_("Persentil ke-90"), tuple(t.p90 for t in times), decimals=0),
            Series(
                _("Standar pelayanan"),
                tuple(t.service.standard_days for t in times),
                decimals=0,
            ),
            Series(
                _("Permohonan selesai"),
                tuple(t.completed for t in times),
                plot=False,
                decimals=0,
            ),
        ),
        unit=_("hari kerja"),
        kind="hbar",
        decimals=1,
        summary=_(
            "Hari kerja yang terpakai oleh permohonan yang selesai pada periode %(period)s, "
            "dibandingkan dengan standar pelayanan."
        )
        % {"period": period_label},
    )


# --- "Beranda saya" (kriya.desk.home) -----------------------------------------------------

# The desk handles these first: new and resubmitted requests wait for their first look.
WAITING_FOR_DESK = (Status.SUBMITTED, Status.RESUBMITTED)


def queue_counts(user, *, today=None) -> dict:
    """The open requests `user` sees, counted per status, with how many are overdue,
    have a payment proof to check, are assigned to `user` and to no one — in one query."""
    from django.utils import timezone

    today = today or timezone.localdate()
    from .models import Payment

    base = requests_visible_to(user).filter(status__in=OPEN).order_by()
    overdue_ids = base.overdue(today).values("pk")
    proofs_to_check = Payment.objects.filter(
        confirmed_at__isnull=True, rejected_at__isnull=True
    ).values("bill__request_id")
    counts = base.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(pk__in=overdue_ids)),
        proofs=Count("id", filter=Q(status=Status.AWAITING_PAYMENT, pk__in=proofs_to_check)),
        mine=Count("id", filter=Q(assigned_to=user)),
        unassigned=Count("id", filter=Q(assigned_to__isnull=True)),
        **{f"status_{s.value}": Count("id", filter=Q(status=s)) for s in OPEN},
    )
    counts["per_status"] = {s: counts.pop(f"status_{s.value}") for s in OPEN}
    return counts


def oldest_waiting(user):
    """Submitted and resubmitted requests, the longest waiting first."""
    return (
        _list_base(user)
        .filter(status__in=WAITING_FOR_DESK)
        .order_by(F("submitted_at").asc(nulls_last=True), "id")
    )


def overdue_open(user, *, today=None):
    """Open requests past their service standard, the earliest deadline first."""
    return (
        _list_base(user)
        .filter(status__in=OPEN)
        .overdue(today)
        .order_by("clock_deadline", "submitted_at", "id")
    )


def applicant_requests(organisation_ids, unit_ids=()):
    """The requests of the businesses of these owner organisations (and those the
    regency units `unit_ids` filed in their own name) that are not closed for the
    applicant: everything open or draft, and completed requests whose survey is still
    unanswered (the result waits behind it). Each carries `has_survey`, `sponsored` and
    `open_bill_total` (None without an open bill), in one query."""
    from django.db.models import Exists, OuterRef, Subquery

    from .models import Bill, Sponsorship, SurveyResponse

    open_bill = Bill.objects.filter(
        request=OuterRef("pk"),
        paid_at__isnull=True,
        expired_at__isnull=True,
        cancelled_at__isnull=True,
    ).order_by("-issued_at", "-id")
    return (
        ServiceRequest.objects.filter(
            Q(business__organisation_id__in=organisation_ids) | Q(organisation_id__in=unit_ids)
        )
        .annotate(
            has_survey=Exists(SurveyResponse.objects.filter(request=OuterRef("pk"))),
            sponsored=Exists(Sponsorship.objects.active().filter(request=OuterRef("pk"))),
            open_bill_total=Subquery(open_bill.values("total")[:1]),
        )
        .filter(
            Q(status__in=OPEN)
            | Q(status=Status.DRAFT)
            | Q(status=Status.COMPLETED, has_survey=False)
        )
        .select_related("business", "organisation", "service")
        .order_by("-created_at", "-id")
    )


def requests_of_services(user, codes):
    """Open requests `user` sees for these services (by code), oldest first."""
    return (
        _list_base(user)
        .filter(service__code__in=codes, status__in=OPEN)
        .order_by("submitted_at", "id")
    )


def request_dates(business_ids) -> list[tuple[int, object]]:
    """(business id, when submitted) of every submitted request of these businesses (one
    query); for training's outcomes."""
    return list(
        ServiceRequest.objects.filter(
            business_id__in=list(business_ids), submitted_at__isnull=False
        ).values_list("business_id", "submitted_at")
    )
