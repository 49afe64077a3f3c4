"""Notifications: every change of a request tells the people concerned, in the app and
by e-mail in their own language, with a link; and reminders.

Every service in `kriya.desk` calls `notify(request=, event=, by=, data=)` once,
after its change is committed (`transaction.on_commit`). `notify` only enqueues the
background task `deliver_notifications` (django-tasks; the database backend in
production, run by `manage.py db_worker`, which `make run` starts beside the server).
The task finds the recipients (`RECIPIENTS`), writes one `Notification` per person and
enqueues one e-mail task (`send_notification_email`) per notification; each e-mail is
rendered under `translation.override(recipient.language)`.

The two tasks are defined here, beside the code they run, so that the services, which
enqueue them, never import `kriya.desk.tasks` (that module runs services: the daily
jobs; it imports the services, never the reverse).

Who is concerned, by group:

- applicant: the business's owners and whoever filed the request (a facilitator); for
  a regency unit's own request, the unit's regency officers;
- desk: the agency's desk officers; head: the head of the agency;
- assigned: the officer the request is assigned to;
- sponsor: regency officers of the unit whose programme pays for the request;
- complainant: whoever filed the complaint.

The person who acted is never notified of their own action.

Reminders (`send_reminders`, daily): to the applicant when a request has waited on
them (returned, awaiting payment) for 5 working days, and to the desk and the assigned
officer when a running request has used 80 % of its service standard. Each reminder is
recorded (`Reminder`, unique per request, kind and period) and so sent once per period:
once per pause of the clock, once per request for the 80 % mark.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from kriya.core.formatting import rupiah, tanggal

logger = logging.getLogger("kriya.desk.notifications")

APPLICANT, DESK, HEAD, ASSIGNED, SPONSOR, COMPLAINANT = (
    "applicant",
    "desk",
    "head",
    "assigned",
    "sponsor",
    "complainant",
)

# Which groups each event concerns. Every move of the request lifecycle is here
# (tests/test_notifications.py checks it).
RECIPIENTS: dict[str, frozenset[str]] = {
    "service_request.submit": frozenset({APPLICANT, DESK}),
    "service_request.resubmit": frozenset({APPLICANT, DESK, ASSIGNED}),
    "service_request.review": frozenset({APPLICANT}),
    "service_request.return": frozenset({APPLICANT}),
    "service_request.accept": frozenset({APPLICANT, SPONSOR}),
    "service_request.reject": frozenset({APPLICANT, SPONSOR}),
    "service_request.issue_bill": frozenset({APPLICANT, SPONSOR}),
    "service_request.confirm_payment": frozenset({APPLICANT, SPONSOR, ASSIGNED}),
    "service_request.expire_bill": frozenset({APPLICANT, SPONSOR, DESK}),
    "service_request.start_work": frozenset({APPLICANT}),
    "service_request.mark_result_ready": frozenset({APPLICANT, ASSIGNED}),
    "service_request.complete": frozenset({APPLICANT}),
    "service_request.cancel": frozenset({APPLICANT, DESK, ASSIGNED, SPONSOR}),
    "service_request.assigned": frozenset({ASSIGNED}),
    "service_request.document_added": frozenset({ASSIGNED}),
    "service_request.payment_proof_uploaded": frozenset({DESK}),
    "service_request.payment_proof_rejected": frozenset({APPLICANT, SPONSOR}),
    "service_request.recommended": frozenset({APPLICANT, DESK}),
    "service_request.sponsored": frozenset({APPLICANT, DESK}),
    "service_request.sponsorship_released": frozenset({APPLICANT, DESK}),
    "complaint.filed": frozenset({DESK, HEAD}),
    "complaint.handle": frozenset({COMPLAINANT}),
    "complaint.answer": frozenset({COMPLAINANT, APPLICANT}),
    "complaint.close": frozenset({COMPLAINANT, DESK, HEAD}),
    "reminder.waiting_on_applicant": frozenset({APPLICANT}),
    "reminder.standard_80": frozenset({DESK, ASSIGNED}),
}

# Labels of events that are not in the request's timeline (queries.VERB_LABELS).
EXTRA_LABELS = {
    "complaint.filed": _("Pengaduan baru"),
    "complaint.handle": _("Pengaduan sedang ditangani"),
    "complaint.answer": _("Pengaduan dijawab"),
    "complaint.close": _("Pengaduan ditutup"),
    "reminder.waiting_on_applicant": _("Pengingat: permohonan menunggu tindakan Anda"),
    # xgettext:no-python-format
    "reminder.standard_80": _("Pengingat: 80 % standar pelayanan terpakai"),
}


# Labels of events that other apps notify through this machinery (certification),
# registered by their AppConfig.ready with `register_labels`.
OTHER_LABELS: dict = {}


def register_labels(labels: dict) -> None:
    OTHER_LABELS.update(labels)


def label_for(event: str) -> str:
    from .queries import VERB_LABELS

    return str(
        VERB_LABELS.get(event) or EXTRA_LABELS.get(event) or OTHER_LABELS.get(event) or event
    )


def _jsonable(data: dict | None) -> dict:
    return json.loads(json.dumps(data or {}, default=str))


def notify(*, request, event: str, by, data: dict | None = None) -> None:
    """Tell the people concerned that `event` happened to `request`: enqueue the
    delivery task (callers call this on commit, so a rolled-back change tells no one)."""
    if event not in RECIPIENTS:
        return
    actor_id = by.pk if getattr(by, "is_authenticated", False) else None
    try:
        deliver_notifications.enqueue(
            request_id=request.pk, event=event, actor_id=actor_id, data=_jsonable(data)
        )
    except Exception:
        # The change is committed already; a lost notice must not turn it into an error.
        logger.exception("Could not queue the notifications of %s on %s", event, request.pk)


# --- Recipients ------------------------------------------------------------------------


def _users_with_role(*roles, organisations=None):
    """Active users with an active membership in one of `roles` (in one of
    `organisations`, when given): one filter call, so both hold for the same membership."""
    from kriya.accounts.models import User

    conditions = {
        "memberships__is_active": True,
        "memberships__role__in": roles,
    }
    if organisations is not None:
        conditions["memberships__organisation__in"] = organisations
    return list(User.objects.filter(is_active=True, **conditions).distinct())


def recipients_for(request, event: str, *, actor_id=None, data=None) -> list:
    """The people `event` concerns, without the one who acted; each once."""
    from kriya.accounts.models import Role, User
    from kriya.registry.access import has_consent, is_owner_of

    from .models import Sponsorship

    data = data or {}
    groups = RECIPIENTS.get(event, frozenset())
    people: dict[int, object] = {}

    def add(users):
        for user in users:
            if user is not None and user.is_active:
                people.setdefault(user.pk, user)

    if APPLICANT in groups and request.is_unit_request:
        # The unit's officers act on it as owners (the filer is one while they stay).
        add(_users_with_role(Role.REGENCY_OFFICER, organisations=[request.organisation_id]))
    elif APPLICANT in groups:
        add(_users_with_role(Role.OWNER, organisations=[request.business.organisation_id]))
        filer = request.filed_by
        # The filer, while they still may act for the business (a facilitator's consent).
        if is_owner_of(filer, request.business) or has_consent(filer, request.business):
            add([filer])
    if DESK in groups and not (event == "service_request.cancel" and not request.submitted_at):
        add(_users_with_role(Role.DESK))
    if HEAD in groups:
        add(_users_with_role(Role.HEAD))
    if ASSIGNED in groups and request.assigned_to_id:
        add([request.assigned_to])
    if SPONSOR in groups:
        sponsorship = (
            Sponsorship.objects.filter(request=request)
            .select_related("programme")
            .order_by("released_at", "-created_at")
            .first()
        )
        # A cancelled or rejected request has just released its sponsorship.
        ended = event in ("service_request.cancel", "service_request.reject")
        if sponsorship is not None and (sponsorship.is_active or ended):
            add(
                _users_with_role(
                    Role.REGENCY_OFFICER, organisations=[sponsorship.programme.unit_id]
                )
            )
    if COMPLAINANT in groups and data.get("complainant"):
        add(User.objects.filter(pk=data["complainant"]))
    people.pop(actor_id, None)
    return list(people.values())


# --- Delivery (background tasks) ------------------------------------------------------


def url_for(request, event: str, data: dict) -> str:
    if event.startswith("complaint.") and data.get("complaint"):
        return reverse("desk:complaint", kwargs={"pk": data["complaint"]})
    return reverse("desk:request", kwargs={"pk": request.pk})


def deliver(*, request_id: int, event: str, actor_id=None, data=None) -> list[int]:
    """Write the in-app notifications of one event and enqueue their e-mails. Returns
    the notification ids."""
    from .models import Notification, ServiceRequest

    request = (
        ServiceRequest.objects.select_related(
            "business", "organisation", "service", "filed_by", "assigned_to"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return []
    data = data or {}
    url = url_for(request, event, data)
    with transaction.atomic():
        created = [
            Notification.objects.create(
                recipient=user,
                request=request,
                event=event,
                actor_id=actor_id,
                data=data,
                url=url,
            )
            for user in recipients_for(request, event, actor_id=actor_id, data=data)
        ]
        for notification in created:
            dispatch(notification)
    return [n.pk for n in created]


# --- Channels: WhatsApp or e-mail (channels.KINDS, whatsapp.py) -------------------------


def dispatch(notification) -> None:
    """Send a new notification by WhatsApp (opted in, a kind with a template, adapter on)
    or else by e-mail; either task is enqueued after commit."""
    from . import whatsapp

    if whatsapp.wants_whatsapp(notification):
        type(notification).objects.filter(pk=notification.pk).update(whatsapp_status="queued")
        notification.whatsapp_status = "queued"
        transaction.on_commit(
            lambda pk=notification.pk: send_notification_whatsapp.enqueue(notification_id=pk)
        )
    elif notification.recipient.email:
        transaction.on_commit(
            lambda pk=notification.pk: send_notification_email.enqueue(notification_id=pk)
        )


def fall_back_to_email(notification_id: int) -> None:
    transaction.on_commit(lambda: send_notification_email.enqueue(notification_id=notification_id))


def whatsapp_parameters(notification) -> list[str]:
    """The template's parameters (channels.py), in the recipient's language."""
    from .channels import BILL, CERTIFICATION, REMINDER, kind_of

    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        name = recipient.full_name or recipient.email
        label = label_for(notification.event)
        link = settings.KRIYA_PUBLIC_URL + notification.url
        request = notification.request
        data = notification.data or {}
        about = f"{request.number} · {request.service.name}" if request else data.get("object", "")
        template = kind_of(notification.event).template
        if template == BILL:
            return [
                name,
                request.number if request else "",
                str(data.get("billing_code", "")),
                rupiah(data.get("total", 0)),
                tanggal(data.get("due_date", "")),
                link,
            ]
        if template == REMINDER:
            return [name, label, request.number if request else "", link]
        if template == CERTIFICATION:
            return [name, label, str(data.get("object", "")), link]
        return [name, label, about, link]


def _actor_line(notification) -> str:
    from .queries import TimelineEntry

    if notification.event.startswith("reminder."):
        return ""
    entry = TimelineEntry(
        when=notification.created_at,
        actor=notification.actor,
        verb=notification.event,
        label="",
        note="",
        data=notification.data,
    )
    return entry.actor_name


def note_for(notification) -> str:
    """A short detail of the notice: a reason, the bill, the programme, the complaint."""
    data = notification.data or {}
    if data.get("reason"):
        return data["reason"]
    if notification.event == "service_request.issue_bill" and data.get("billing_code"):
        total, due = rupiah(data.get("total", 0)), tanggal(data.get("due_date", ""))
        return f"{data['billing_code']} · {total} · {due}"
    for key in ("programme_name", "subject", "note"):
        if data.get(key):
            return str(data[key])
    return ""


def render_email(notification) -> tuple[str, str]:
    """Subject and body of the notification's e-mail, in the recipient's language."""
    recipient = notification.recipient
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        request = notification.request
        context = {
            "recipient": recipient,
            "label": label_for(notification.event),
            "req": request,
            "service_name": request.service.name if request else "",
            "actor": _actor_line(notification),
            "note": note_for(notification),
            "object": (notification.data or {}).get("object", ""),
            "link": settings.KRIYA_PUBLIC_URL + notification.url,
        }
        subject = render_to_string("desk/email/notification_subject.txt", context)
        body = render_to_string("desk/email/notification.txt", context)
    return " ".join(subject.split()), body


def send_email(notification_id: int) -> bool:
    """Send one notification by e-mail, once (a repeated task sends nothing)."""
    from .models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "request__service", "actor")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        subject, body = render_email(notification)
        send_mail(subject, body, None, [notification.recipient.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@task()
def deliver_notifications(
    request_id: int, event: str, actor_id: int | None = None, data: dict | None = None
) -> list[int]:
    """Write the in-app notifications of one event and enqueue their e-mails."""
    return deliver(request_id=request_id, event=event, actor_id=actor_id, data=data)


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail in the recipient's language (once)."""
    return send_email(notification_id)


@task()
def send_notification_whatsapp(notification_id: int) -> str:
    """Send one notification's WhatsApp template (once; retries are the scheduler's)."""
    from . import whatsapp

    return whatsapp.send(
        notification_id, parameters_of=whatsapp_parameters, fall_back=fall_back_to_email
    )


@task()
def retry_whatsapp() -> int:
    """The scheduler's minute job: WhatsApp messages whose retry is due."""
    from . import whatsapp

    return whatsapp.retry_due(lambda pk: send_notification_whatsapp.call(notification_id=pk))


# --- Reading -------------------------------------------------------------------------
# Marking read changes only the reader's own inbox; it is not audited (nothing a
# regulator would ask about), unlike every change of a request.


def mark_read(*, notification, by) -> None:
    from .models import Notification

    if notification.recipient_id != getattr(by, "pk", None):
        from django.http import Http404

        raise Http404
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(*, by) -> int:
    from .models import Notification

    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Reminders -----------------------------------------------------------------------

WAITING_DAYS = 5
STANDARD_SHARE = 0.8


def _remember(request, kind: str, period: str) -> bool:
    """Record a reminder; False when it was already sent for this period."""
    from .models import Reminder

    try:
        with transaction.atomic():
            Reminder.objects.create(request=request, kind=kind, period=period)
    except IntegrityError:
        return False
    return True


def send_reminders(*, today=None) -> list[tuple[int, str]]:
    """Send the reminders due today; each once per period. Returns (request id, kind)."""
    from kriya.core.calendar import WorkingCalendar

    from .clock import clock_of
    from .models import CLOCK_PAUSED, CLOCK_RUNNING, ReminderKind, ServiceRequest

    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    sent = []
    waiting = ServiceRequest.objects.filter(status__in=CLOCK_PAUSED)
    for request in waiting.iterator():
        since = request.status_changed_at or request.updated_at
        since_day = timezone.localtime(since).date()
        if calendar.working_days_between(since_day, today) < WAITING_DAYS:
            continue
        if _remember(request, ReminderKind.WAITING_ON_APPLICANT, since.isoformat()):
            notify(request=request, event="reminder.waiting_on_applicant", by=None)
            sent.append((request.pk, ReminderKind.WAITING_ON_APPLICANT.value))
    running = (
        ServiceRequest.objects.filter(status__in=CLOCK_RUNNING, standard_days__gt=0)
        .exclude(reminders__kind=ReminderKind.STANDARD_80)
        .select_related("service")
    )
    for request in running.iterator():
        share = clock_of(request, today=today, calendar=calendar).share_used
        if share is None or share < STANDARD_SHARE:
            continue
        if _remember(request, ReminderKind.STANDARD_80, "standard"):
            notify(
                request=request,
                event="reminder.standard_80",
                by=None,
                data={"note": f"{round(share * 100)} %"},
            )
            sent.append((request.pk, ReminderKind.STANDARD_80.value))
    return sent


# --- WhatsApp click-to-chat ----------------------------------------------------------


def whatsapp_link(request) -> str:
    """A wa.me link to the applicant's phone (the business's, or the regency unit's
    service number) with an Indonesian message prefilled, for the officer's request page
    ("" without a valid phone)."""
    from django.core.exceptions import ValidationError

    from kriya.registry.normalize import normalize_phone

    try:
        phone = normalize_phone(request.applicant.phone)
    except ValidationError:
        return ""
    if not phone:
        return ""
    with translation.override("id"):
        text = str(
            _(
                "Halo %(owner)s, kami dari Unit Pelayanan Publik balai tentang permohonan "
                "%(number)s (%(service)s) untuk %(business)s. Status saat ini: %(status)s."
            )
            % {
                "owner": getattr(request.applicant, "owner_name", "") or request.applicant_name,
                "number": request.number,
                "service": request.service.name_id,
                "business": request.applicant_name,
                "status": request.get_status_display(),
            }
        )
    return f"https://wa.me/{phone.lstrip('+')}?text={quote(text)}"
