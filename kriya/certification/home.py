"""Certification's panels on "Beranda saya" (kriya.core.home).

- evaluator: the evaluations assigned to them, corrective actions to review, requests
  ready to be evaluated;
- decision maker: the files awaiting a decision *that they may make* — never one they
  took part in (`queries.awaiting_decision_by`, the rule of `workflow.evaluation_team`);
- owner: their certificates and when they expire, corrective actions they must answer;
- head: the body's numbers now; administrator: the schemes (reference data).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.access import organisation_ids_of
from kriya.accounts.models import Role
from kriya.core.home import Panel

from . import queries
from .models import CertificateState, Evaluation, Surveillance

LIST_LENGTH = 5
# A certificate expiring within this many days is shown as "soon".
EXPIRY_WARNING_DAYS = 90


def panels(user, roles) -> list[Panel]:
    found = []
    if Role.EVALUATOR in roles:
        found.extend(_evaluator_panels(user))
    if Role.DECISION_MAKER in roles:
        found.append(_decision_panel(user))
    if Role.OWNER in roles:
        found.append(_holder_panel(user))
    if Role.HEAD in roles:
        found.append(_head_panel())
    if Role.ADMINISTRATOR in roles:
        found.append(
            Panel(
                role=Role.ADMINISTRATOR,
                title=_("Skema sertifikasi"),
                template="certification/home/_admin.html",
                order=40,
            )
        )
    return found


def _evaluator_panels(user) -> list[Panel]:
    mine = (
        Evaluation.objects.open()
        .filter(evaluator=user)
        .select_related("request__business", "scheme")
        .order_by("created_at", "id")
    )
    actions = queries.corrective_actions_to_review(user)
    ready = queries.ready_requests()
    worklist = reverse("certification:worklist")
    return [
        Panel(
            role=Role.EVALUATOR,
            title=_("Evaluasi yang ditugaskan kepada saya"),
            template="certification/home/_evaluations.html",
            context={
                "rows": list(mine[:LIST_LENGTH]),
                "actions": list(actions[:LIST_LENGTH]),
                "action_count": actions.count(),
            },
            count=mine.count(),
            url=f"{worklist}?saya=1",
            order=10,
        ),
        Panel(
            role=Role.EVALUATOR,
            title=_("Permohonan siap dievaluasi"),
            template="certification/home/_ready.html",
            context={"rows": list(ready[:LIST_LENGTH])},
            count=ready.count(),
            url=worklist,
            order=20,
        ),
    ]


def _decision_panel(user) -> Panel:
    mine = queries.awaiting_decision_by(user)
    awaiting = Evaluation.objects.awaiting_decision().count()
    may_decide = mine.count()
    return Panel(
        role=Role.DECISION_MAKER,
        title=_("Menunggu keputusan Anda"),
        template="certification/home/_decisions.html",
        context={"rows": list(mine[:LIST_LENGTH]), "excluded": awaiting - may_decide},
        count=may_decide,
        url=reverse("certification:decisions"),
        order=10,
    )


def _holder_panel(user) -> Panel:
    today = timezone.localdate()
    ids = organisation_ids_of(user, Role.OWNER)
    certificates = list(queries.holder_home_certificates(ids, today)[:10])
    soon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    for certificate in certificates:
        certificate.expires_soon = (
            certificate.state == CertificateState.ACTIVE
            and certificate.valid_until is not None
            and certificate.valid_until <= soon
        )
    actions = list(queries.holder_open_corrective_actions(ids)[:LIST_LENGTH])
    return Panel(
        role=Role.OWNER,
        title=_("Sertifikat saya"),
        template="certification/home/_holder.html",
        context={"certificates": certificates, "actions": actions, "today": today},
        count=sum(1 for c in certificates if c.state == CertificateState.ACTIVE) or None,
        url=reverse("certification:certificates"),
        order=30,
    )


def _head_panel() -> Panel:
    from .models import Certificate

    today = timezone.localdate()
    stats = [
        {
            "label": _("Sertifikat berlaku"),
            "n": Certificate.objects.valid(today).count(),
            "url": reverse("certification:certificates"),
        },
        {
            "label": _("Evaluasi berjalan"),
            "n": Evaluation.objects.open().count(),
            "url": reverse("certification:worklist"),
        },
        {
            "label": _("Menunggu keputusan"),
            "n": Evaluation.objects.awaiting_decision().count(),
            "url": reverse("certification:decisions"),
        },
    ]
    overdue = Surveillance.objects.overdue(today).count()
    stats.append(
        {
            "label": _("Survailen terlambat"),
            "n": overdue,
            "url": reverse("certification:surveillances"),
            "late": bool(overdue),
        }
    )
    return Panel(
        role=Role.HEAD,
        title=_("Sertifikasi saat ini"),
        template="certification/home/_counts.html",
        context={"stats": stats},
        url=reverse("certification:index"),
        order=20,
    )
