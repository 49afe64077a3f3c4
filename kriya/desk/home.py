"""The service desk's panels on "Beranda saya" (kriya.core.home).

- desk: the queue counted per state, overdue (working days), the oldest to handle first;
- owner: their requests with their state and the one thing to do next on each;
- regency officer of a unit that filed in its own name: the unit's requests, likewise;
- facilitator, regency officer: the open requests they follow;
- head: the numbers of the service now;
- trainer: the training requests at the desk;
- administrator: the service catalogue (reference data).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.access import officer_regency_codes, officer_unit_ids, organisation_ids_of
from kriya.accounts.models import Role
from kriya.core.calendar import WorkingCalendar
from kriya.core.home import Panel
from kriya.registry.queries import consenting_businesses

from . import queries
from .access import complaints_visible_to, requests_visible_to
from .models import OPEN, ComplaintStatus, Status

LIST_LENGTH = 5
# The services a trainer follows (codes of the catalogue, kriya/desk/catalogue.py).
TRAINING_SERVICES = ("pelatihan", "pengiriman_instruktur", "magang")
# The order the desk's counts are shown in: the desk's own work first.
DESK_STATES = (
    Status.SUBMITTED,
    Status.RESUBMITTED,
    Status.IN_REVIEW,
    Status.ACCEPTED,
    Status.AWAITING_PAYMENT,
    Status.PAID,
    Status.IN_PROGRESS,
    Status.RESULT_READY,
    Status.RETURNED,
)


def panels(user, roles) -> list:
    found = []
    if Role.DESK in roles:
        found.extend(_desk_panels(user))
    if Role.OWNER in roles:
        found.append(_owner_panel(user))
    if Role.FACILITATOR in roles:
        found.append(_followed_panel(user, Role.FACILITATOR, _("Permohonan usaha dampingan")))
    if Role.REGENCY_OFFICER in roles and officer_regency_codes(user):
        unit_panel = _unit_panel(user)
        if unit_panel is not None:
            found.append(unit_panel)
        found.append(_followed_panel(user, Role.REGENCY_OFFICER, _("Permohonan dari kabupaten")))
    if Role.HEAD in roles:
        found.append(_head_panel(user))
    if Role.TRAINER in roles:
        found.append(_trainer_panel(user))
    if Role.ADMINISTRATOR in roles:
        found.append(
            Panel(
                role=Role.ADMINISTRATOR,
                title=_("Katalog layanan"),
                template="desk/home/_admin.html",
                order=20,
            )
        )
    return found


def _queue_url(**params) -> str:
    from urllib.parse import urlencode

    url = reverse("desk:queue")
    return f"{url}?{urlencode(params)}" if params else url


def _desk_panels(user) -> list[Panel]:
    today = timezone.localdate()
    counts = queries.queue_counts(user, today=today)
    calendar = WorkingCalendar()
    stats = [
        {
            "label": _("Lewat standar pelayanan"),
            "n": counts["overdue"],
            "url": _queue_url(overdue="on"),
            "late": bool(counts["overdue"]),
        },
        {
            "label": _("Bukti bayar perlu dicek"),
            "n": counts["proofs"],
            "url": _queue_url(status=Status.AWAITING_PAYMENT),
        },
        {"label": _("Tugas saya"), "n": counts["mine"], "url": _queue_url(assigned="me")},
        {
            "label": _("Belum ditugaskan"),
            "n": counts["unassigned"],
            "url": _queue_url(assigned="none"),
        },
    ]
    complaints = _open_complaints(user)
    stats.append(
        {"label": _("Pengaduan terbuka"), "n": complaints, "url": reverse("desk:complaints")}
    )
    # The states that hold requests now (an empty state is noise on a phone).
    stats += [
        {"label": state.label, "n": counts["per_status"][state], "url": _queue_url(status=state)}
        for state in DESK_STATES
        if counts["per_status"][state]
    ]
    waiting = queries.with_clocks(queries.oldest_waiting(user)[:LIST_LENGTH], calendar=calendar)
    overdue = queries.with_clocks(
        queries.overdue_open(user, today=today)[:LIST_LENGTH], calendar=calendar
    )
    waiting_total = (
        counts["per_status"][Status.SUBMITTED] + counts["per_status"][Status.RESUBMITTED]
    )
    return [
        Panel(
            role=Role.DESK,
            title=_("Perlu diperiksa lebih dulu"),
            template="desk/home/_waiting.html",
            context={"rows": waiting, "overdue": overdue},
            count=waiting_total,
            url=_queue_url(),
            order=10,
        ),
        Panel(
            role=Role.DESK,
            title=_("Antrean layanan"),
            template="desk/home/_counts.html",
            context={"stats": stats},
            count=counts["total"],
            url=_queue_url(),
            order=20,
        ),
    ]


def next_step(req) -> dict | None:
    """The one thing the applicant must do now on `req` ({text, url, action}), or None
    while the agency holds it. `req` comes from `queries.applicant_requests`."""
    detail = reverse("desk:request", kwargs={"pk": req.pk})
    if req.status == Status.DRAFT:
        return {
            "text": _("Permohonan belum diajukan."),
            "url": detail,
            "action": _("Lengkapi dan ajukan"),
        }
    if req.status == Status.RETURNED:
        return {
            "text": _("Dikembalikan untuk perbaikan: %(reason)s")
            % {"reason": req.status_reason or _("lihat catatan petugas")},
            "url": detail,
            "action": _("Perbaiki atau unggah dokumen"),
        }
    if req.status == Status.AWAITING_PAYMENT and not req.sponsored:
        text = _("Tagihan menunggu pembayaran.")
        if req.open_bill_total is not None:
            amount = f"{req.open_bill_total:,}".replace(",", ".")
            text = _("Tagihan Rp %(amount)s menunggu pembayaran.") % {"amount": amount}
        return {"text": text, "url": detail, "action": _("Bayar dan unggah bukti bayar")}
    if req.status == Status.COMPLETED and not req.has_survey:
        return {
            "text": _("Hasil sudah siap. Isi survei kepuasan untuk mengunduhnya."),
            "url": reverse("desk:survey", kwargs={"pk": req.pk}),
            "action": _("Isi survei"),
        }
    return None


def _owner_panel(user) -> Panel:
    rows = list(queries.applicant_requests(organisation_ids_of(user, Role.OWNER))[:20])
    for req in rows:
        req.next_step = next_step(req)
    # What needs the owner first, then what the agency is doing.
    rows.sort(key=lambda r: r.next_step is None)
    todo = sum(1 for r in rows if r.next_step)
    return Panel(
        role=Role.OWNER,
        title=_("Permohonan layanan saya"),
        template="desk/home/_owner.html",
        context={"rows": rows[:8], "todo": todo},
        count=len([r for r in rows if r.status in OPEN]),
        url=reverse("desk:requests"),
        order=20,
    )


def _unit_panel(user) -> Panel | None:
    """The requests the officer's units filed in their own name, as the owner's panel;
    none when the units have filed nothing that is still open to them."""
    rows = list(queries.applicant_requests((), officer_unit_ids(user))[:20])
    if not rows:
        return None
    for req in rows:
        req.next_step = next_step(req)
    rows.sort(key=lambda r: r.next_step is None)
    return Panel(
        role=Role.REGENCY_OFFICER,
        title=_("Permohonan perangkat daerah saya"),
        template="desk/home/_owner.html",
        context={"rows": rows[:8], "todo": sum(1 for r in rows if r.next_step)},
        count=len([r for r in rows if r.status in OPEN]),
        url=reverse("desk:requests"),
        order=25,
    )


def _followed_panel(user, role, title) -> Panel:
    """The open requests a facilitator (consenting businesses) or a regency officer
    (their regency) follows, read only for the officer."""
    if role == Role.REGENCY_OFFICER:
        codes = officer_regency_codes(user)
        scope = Q(business__regency_id__in=codes) | Q(organisation__regency_id__in=codes)
    else:
        scope = Q(business__in=consenting_businesses(user).values("pk"))
    qs = (
        requests_visible_to(user)
        .filter(scope, status__in=OPEN)
        .select_related("business", "organisation", "service")
    )
    waiting_on_applicant = qs.filter(status__in=(Status.RETURNED, Status.AWAITING_PAYMENT))
    open_count = qs.count()
    return Panel(
        role=role,
        title=title,
        template="desk/home/_followed.html",
        context={
            "rows": list(waiting_on_applicant.order_by("status_changed_at", "id")[:LIST_LENGTH]),
            "open": open_count,
        },
        count=open_count,
        url=reverse("desk:requests"),
        order=30,
    )


def _open_complaints(user) -> int:
    return (
        complaints_visible_to(user)
        .filter(status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.IN_HANDLING))
        .count()
    )


def _head_panel(user) -> Panel:
    today = timezone.localdate()
    counts = queries.queue_counts(user, today=today)
    year_start = today.replace(month=1, day=1)
    completed = (
        requests_visible_to(user)
        .filter(status=Status.COMPLETED, completed_at__date__gte=year_start)
        .count()
    )
    complaints = _open_complaints(user)
    stats = [
        {"label": _("Permohonan terbuka"), "n": counts["total"], "url": _queue_url()},
        {
            "label": _("Lewat standar pelayanan"),
            "n": counts["overdue"],
            "url": _queue_url(overdue="on"),
            "late": bool(counts["overdue"]),
        },
        {
            "label": _("Selesai tahun ini"),
            "n": completed,
            "url": reverse("desk:overview"),
        },
        {"label": _("Pengaduan terbuka"), "n": complaints, "url": reverse("desk:complaints")},
    ]
    return Panel(
        role=Role.HEAD,
        title=_("Layanan saat ini"),
        template="desk/home/_counts.html",
        context={"stats": stats},
        url=reverse("desk:overview"),
        order=10,
    )


def _trainer_panel(user) -> Panel:
    qs = queries.requests_of_services(user, TRAINING_SERVICES)
    return Panel(
        role=Role.TRAINER,
        title=_("Permohonan pelatihan dan magang"),
        template="desk/home/_trainer.html",
        context={"rows": list(qs[:LIST_LENGTH]), "total": qs.count()},
        count=None,
        url=_queue_url(),
        order=10,
    )
