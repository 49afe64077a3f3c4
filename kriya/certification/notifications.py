"""Certification notifications (in-app and e-mail), on the service desk's machinery.

Every certification service calls `notify` once its change is committed
(`services.common.notify_on_commit`), with the event (the audit verb, e.g.
"certificate.suspend"), the business concerned, the object, the actor and who should
hear of it:

- "holder": the business's active owners and the facilitators with an active consent;
- "body": the certification body's evaluators, decision makers and the head;
- "desk": the desk officers (a halal certificate BPJPH does not confirm).

The actor is never told of their own action. Each recipient gets one
`kriya.desk.models.Notification` (with a link to the object's page in
certification, and the service request of the certificate when it has one); its
e-mail is sent in the recipient's language by the service desk's task
`send_notification_email`, enqueued on commit. Labels of the events are in `LABELS`,
registered with the service desk's `label_for` when the app is ready.
Services call it as `notifications.notify(...)` so tests can watch it.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("kriya.certification.notifications")

HOLDER = "holder"
BODY = "body"
DESK = "desk"  # the agency's desk officers (who check recorded halal certificates)

LABELS = {
    "evaluation.started": _("Evaluasi sertifikasi dimulai"),
    "evaluation.return": _("Evaluasi sertifikasi dikembalikan untuk dilengkapi"),
    "evaluation.recommend": _("Evaluasi sertifikasi direkomendasikan untuk diputuskan"),
    "evaluation.grant": _("Sertifikasi diberikan"),
    "evaluation.grant_reduced": _("Sertifikasi diberikan dengan lingkup dikurangi"),
    "evaluation.refuse": _("Sertifikasi ditolak"),
    "evaluation.fatwa_recorded": _("Fatwa halal dicatat"),
    "audit.planned": _("Audit dijadwalkan"),
    "finding.raised": _("Temuan audit dicatat"),
    "corrective_action.submit": _("Tindakan perbaikan diajukan"),
    "corrective_action.accept": _("Tindakan perbaikan diterima"),
    "corrective_action.reject": _("Tindakan perbaikan ditolak"),
    "certificate.suspend": _("Sertifikat dibekukan"),
    "certificate.reinstate": _("Sertifikat diaktifkan kembali"),
    "certificate.withdraw": _("Sertifikat dicabut"),
    "certificate.expired": _("Sertifikat telah kedaluwarsa"),
    "certificate.expires_in_90": _("Pengingat: sertifikat berakhir dalam 90 hari"),
    "certificate.expires_in_30": _("Pengingat: sertifikat berakhir dalam 30 hari"),
    "surveillance.start": _("Survailen dimulai"),
    "surveillance.complete": _("Survailen selesai"),
    "surveillance.nonconforming": _("Survailen menemukan ketidaksesuaian"),
    "surveillance.overdue": _("Survailen melewati jatuh tempo"),
    "label_batch.ordered": _("Pesanan label baru"),
    "label_batch.issue": _("Label diterbitkan"),
    "label_batch.refuse": _("Pesanan label ditolak"),
    "halal_certificate.recorded": _("Sertifikat halal dicatat untuk diperiksa"),
    "halal_certificate.accept": _("Sertifikat halal diterima"),
    "halal_certificate.reject": _("Sertifikat halal ditolak"),
    "halal_certificate.flagged": _("Sertifikat halal tidak cocok dengan data BPJPH"),
    "halal.obligation_reminder": _("Pengingat: kewajiban sertifikat halal 17 Oktober 2026"),
}


# --- Recipients ------------------------------------------------------------------------


def recipients(*, business, audience: str, actor_id=None) -> list:
    """The people of `audience` for `business`, without the actor; each once."""
    from kriya.accounts.models import Role, User
    from kriya.desk.notifications import _users_with_role
    from kriya.registry.access import has_consent

    if audience == BODY:
        people = _users_with_role(Role.EVALUATOR, Role.DECISION_MAKER, Role.HEAD)
    elif audience == DESK:
        people = _users_with_role(Role.DESK)
    else:
        people = _users_with_role(Role.OWNER, organisations=[business.organisation_id])
        facilitators = User.objects.filter(
            is_active=True,
            facilitation_consents__business=business,
            facilitation_consents__revoked_at__isnull=True,
        ).distinct()
        people += [user for user in facilitators if has_consent(user, business)]
    unique = {user.pk: user for user in people if user.is_active}
    unique.pop(actor_id, None)
    return list(unique.values())


# --- Where a notice links to -------------------------------------------------------------


def _page_of(obj) -> tuple[str, int] | None:
    """(URL name, pk) of the certification page showing `obj`."""
    from .models import (
        Audit,
        Certificate,
        CorrectiveAction,
        Evaluation,
        Finding,
        HalalCertificate,
        LabelBatch,
        Sampling,
        Surveillance,
    )

    if isinstance(obj, CorrectiveAction):
        obj = obj.finding
    if isinstance(obj, Finding):
        obj = obj.audit
    if isinstance(obj, Sampling):
        obj = obj.evaluation or obj.surveillance
    pages = {
        Certificate: "certificate",
        Surveillance: "surveillance",
        Evaluation: "evaluation",
        Audit: "audit",
        LabelBatch: "label_batch",
        HalalCertificate: "halal",
    }
    for model, name in pages.items():
        if isinstance(obj, model):
            return name, obj.pk
    return None


def url_for(obj) -> str:
    page = _page_of(obj)
    if page is None:  # e.g. the business, for the halal obligation
        return reverse("certification:halal_list")
    return reverse(f"certification:{page[0]}", kwargs={"pk": page[1]})


def request_of(obj):
    """The service request behind `obj` (its certificate's, its evaluation's), or None."""
    for attr in ("finding", "audit", "surveillance", "certificate", "evaluation"):
        parent = getattr(obj, attr, None) if hasattr(obj, f"{attr}_id") else None
        if parent is not None:
            return request_of(parent)
    if hasattr(obj, "request_id") and obj.request_id:
        return obj.request
    return None


# --- Delivery ----------------------------------------------------------------------------


def notify(*, event: str, business, obj, by, audience: str = HOLDER, data: dict | None = None):
    """Tell the `audience` of `business` that `event` happened to `obj`: one
    Notification each, and its e-mail enqueued on commit. Returns the notifications."""
    from kriya.desk.models import Notification
    from kriya.desk.notifications import _jsonable, dispatch

    actor_id = by.pk if getattr(by, "is_authenticated", False) else None
    data = _jsonable({**(data or {}), "object": str(obj)})
    try:
        with transaction.atomic():
            url, request = url_for(obj), request_of(obj)
            created = [
                Notification.objects.create(
                    recipient=user,
                    request=request,
                    event=event,
                    actor_id=actor_id,
                    data=data,
                    url=url,
                )
                for user in recipients(business=business, audience=audience, actor_id=actor_id)
            ]
            for notification in created:
                dispatch(notification)  # WhatsApp or e-mail, after commit
    except Exception:
        # The change is committed already; a lost notice must not turn it into an error.
        logger.exception("Could not notify %s on %s", event, obj)
        return []
    return created
