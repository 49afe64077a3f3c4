"""The laboratory's panels on "Beranda saya" (kriya.core.home): samples to receive,
analyses to enter, results to verify (four eyes: never one's own), overdue work; the
head's numbers; the administrator's reference data."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.models import Role
from kriya.core.home import Panel

from . import queries
from .access import is_verifier

LIST_LENGTH = 5


def panels(user, roles) -> list[Panel]:
    found = []
    today = timezone.localdate()
    # A person who is both analyst and supervisor sees the shared panels once, under
    # the analyst's section, and the verification under the supervisor's.
    worker_role = next((r for r in (Role.ANALYST, Role.SUPERVISOR) if r in roles), None)
    if worker_role:
        counts = queries.worklist_counts(user, today)
        found.append(_receive_panel(worker_role))
        found.append(_worklist_panel(user, worker_role, counts, today))
        if Role.SUPERVISOR in roles and is_verifier(user):
            found.append(_verify_panel(user))
    if Role.HEAD in roles:
        counts = queries.worklist_counts(user, today)
        found.append(
            Panel(
                role=Role.HEAD,
                title=_("Laboratorium saat ini"),
                template="lab/home/_counts.html",
                context={"stats": _stats(counts, head=True)},
                url=reverse("lab:overdue"),
                order=30,
            )
        )
    if Role.ADMINISTRATOR in roles:
        found.append(
            Panel(
                role=Role.ADMINISTRATOR,
                title=_("Data rujukan laboratorium"),
                template="lab/home/_admin.html",
                order=30,
            )
        )
    return found


def _stats(counts, *, head=False) -> list[dict]:
    worklist = reverse("lab:worklist")
    stats = [
        {
            "label": _("Lewat tenggat"),
            "n": counts["overdue"],
            "url": reverse("lab:overdue"),
            "late": bool(counts["overdue"]),
        },
        {"label": _("Belum ditugaskan"), "n": counts["unassigned"], "url": worklist},
        {
            "label": _("Menunggu verifikasi"),
            "n": counts["to_verify"],
            "url": reverse("lab:verification_queue"),
        },
    ]
    if head:
        stats.insert(0, {"label": _("Analisis terbuka"), "n": counts["open"], "url": worklist})
    else:
        stats.insert(0, {"label": _("Tugas saya"), "n": counts["mine"], "url": worklist})
    return stats


def _receive_panel(role) -> Panel:
    qs = queries.requests_awaiting_samples()
    rows = list(qs[:LIST_LENGTH])
    return Panel(
        role=role,
        title=_("Contoh yang perlu diterima"),
        template="lab/home/_receive.html",
        context={"rows": rows},
        count=qs.count(),
        url=reverse("lab:requests"),
        order=10,
    )


def _worklist_panel(user, role, counts, today) -> Panel:
    rows = queries.rows(queries.worklist(user)[:LIST_LENGTH])
    return Panel(
        role=role,
        title=_("Hasil analisis yang perlu diisi"),
        template="lab/home/_worklist.html",
        context={"rows": rows, "stats": _stats(counts), "today": today},
        count=counts["mine"],
        url=reverse("lab:worklist"),
        order=20,
    )


def _verify_panel(user) -> Panel:
    qs = queries.verification_queue(user)
    rows = queries.rows(qs[:LIST_LENGTH])
    return Panel(
        role=Role.SUPERVISOR,
        title=_("Hasil yang perlu diverifikasi"),
        template="lab/home/_verify.html",
        context={"rows": rows},
        count=qs.count(),
        url=reverse("lab:verification_queue"),
        order=15,
    )
