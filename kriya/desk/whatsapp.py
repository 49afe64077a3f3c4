"""Notifications by WhatsApp: opt-in and opt-out, sending a notification's template,
its delivery status, retries with backoff and the fall-back to e-mail.

Who receives WhatsApp: a person with an active `WhatsAppOptIn` (given on "Pengaturan
notifikasi", with its time and source), for a kind whose entry in `channels.KINDS` has
a template, while the adapter is on (`KRIYA_WHATSAPP_ADAPTER`). Everyone else gets the
e-mail as before. Opting out (the same page, or replying STOP/BERHENTI) is recorded with
its time and source and stops WhatsApp at once.

Sending (`send`, run by the task `notifications.send_notification_whatsapp`, after
commit): at most `KRIYA_WHATSAPP_RATE` messages a second across workers (a counter per
second in the shared cache); a refusal worth retrying (rate limit, Meta unavailable) is
retried after 30 s, 1, 2, 4 min (`retry_due`, the scheduler's minute job); a permanent
refusal, or the fifth, falls back to e-mail. Meta's status webhook then reports
delivered, read or failed (failed falls back to e-mail too); the notification list
shows it.

This module does not import `notifications` (which imports it): the sender receives the
template's parameters and the e-mail fall-back as functions.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.models import OptSource, WhatsAppOptIn
from kriya.core import audit, counters
from kriya.core.adapters import observed

from .adapters import whatsapp as provider
from .channels import kind_of
from .models import Notification, WhatsAppStatus

logger = logging.getLogger("kriya.desk.whatsapp")

MAX_ATTEMPTS = 5
FIRST_DELAY = timedelta(seconds=30)
STOP_WORDS = {"STOP", "BERHENTI", "UNSUBSCRIBE"}
# A status never goes back: read outranks delivered outranks sent.
RANK = {
    WhatsAppStatus.QUEUED: 0,
    WhatsAppStatus.RETRYING: 0,
    WhatsAppStatus.SENT: 1,
    WhatsAppStatus.DELIVERED: 2,
    WhatsAppStatus.READ: 3,
}


# --- Opt-in and opt-out ---------------------------------------------------------------


def active_opt_in(user) -> WhatsAppOptIn | None:
    opt_in = WhatsAppOptIn.objects.filter(user=user, opted_out_at__isnull=True).first()
    return opt_in


def opt_in(*, user, phone: str, source: str, by) -> WhatsAppOptIn:
    """Record `user`'s consent to WhatsApp notifications on `phone` (normalised to +62…)."""
    from kriya.registry.normalize import normalize_phone

    try:
        number = normalize_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    if not number:
        raise ValidationError({"phone": _("Isi nomor WhatsApp Anda.")})
    now = timezone.now()
    with transaction.atomic():
        record, _created = WhatsAppOptIn.objects.update_or_create(
            user=user,
            defaults={
                "phone": number,
                "opted_in_at": now,
                "opt_in_source": source,
                "opted_out_at": None,
                "opt_out_source": "",
            },
        )
        audit.record(
            actor=by, verb="whatsapp.opt_in", obj=user, data={"phone": number, "source": source}
        )
    return record


def opt_out(*, user, source: str, by) -> bool:
    """Withdraw `user`'s consent; False when there was none."""
    with transaction.atomic():
        changed = WhatsAppOptIn.objects.filter(user=user, opted_out_at__isnull=True).update(
            opted_out_at=timezone.now(), opt_out_source=source
        )
        if changed:
            audit.record(actor=by, verb="whatsapp.opt_out", obj=user, data={"source": source})
    return bool(changed)


def opt_out_by_reply(phone: str) -> int:
    """A STOP reply from `phone`: every active consent on that number ends."""
    count = 0
    for record in WhatsAppOptIn.objects.filter(phone=phone, opted_out_at__isnull=True):
        count += opt_out(user=record.user, source=OptSource.REPLY, by=None)
    return count


# --- Sending --------------------------------------------------------------------------


def wants_whatsapp(notification) -> bool:
    """Whether this notification goes by WhatsApp (instead of e-mail)."""
    if not kind_of(notification.event).template or provider.get_adapter() is None:
        return False
    return active_opt_in(notification.recipient) is not None


def language_of(user) -> str:
    return "en" if (user.language or settings.LANGUAGE_CODE).startswith("en") else "id"


def _wait_for_slot() -> None:
    """At most KRIYA_WHATSAPP_RATE sends a second, across workers (shared cache)."""
    rate = max(int(getattr(settings, "KRIYA_WHATSAPP_RATE", 20)), 1)
    for _attempt in range(50):
        second = int(time.time())
        key = f"kriya:whatsapp:rate:{second}"
        if counters.bump(key, 5) <= rate:
            return
        time.sleep(max(second + 1 - time.time(), 0.01))


def _claim(notification_id, now) -> Notification | None:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(
                pk=notification_id,
                whatsapp_status__in=[WhatsAppStatus.QUEUED, WhatsAppStatus.RETRYING],
            )
            .exclude(whatsapp_next_at__gt=now)
            .first()
        )
        if notification is None:
            return None
        # Claimed for two minutes: a second worker does not send it meanwhile.
        notification.whatsapp_next_at = now + timedelta(minutes=2)
        notification.save(update_fields=["whatsapp_next_at"])
    return notification


def send(notification_id, *, parameters_of, fall_back) -> str:
    """Send one notification's template once; returns its WhatsApp status."""
    notification = _claim(notification_id, timezone.now())
    if notification is None:
        return ""
    adapter = provider.get_adapter()
    opt = active_opt_in(notification.recipient)
    template = kind_of(notification.event).template
    if adapter is None or opt is None or not template:
        return _failed(notification, _("WhatsApp tidak dipakai"), fall_back)
    _wait_for_slot()
    try:
        with observed(provider.NAME):
            message_id = adapter.send_template(
                to=opt.phone,
                template=template,
                language=language_of(notification.recipient),
                parameters=parameters_of(notification),
            )
    except provider.WhatsAppError as error:
        attempts = notification.whatsapp_attempts + 1
        if error.retry and attempts < MAX_ATTEMPTS:
            Notification.objects.filter(pk=notification.pk).update(
                whatsapp_status=WhatsAppStatus.RETRYING,
                whatsapp_attempts=attempts,
                whatsapp_error=str(error)[:300],
                whatsapp_next_at=timezone.now() + FIRST_DELAY * (2 ** (attempts - 1)),
                whatsapp_updated_at=timezone.now(),
            )
            return WhatsAppStatus.RETRYING
        notification.whatsapp_attempts = attempts
        return _failed(notification, str(error), fall_back)
    Notification.objects.filter(pk=notification.pk).update(
        whatsapp_status=WhatsAppStatus.SENT,
        whatsapp_message_id=message_id,
        whatsapp_attempts=notification.whatsapp_attempts + 1,
        whatsapp_error="",
        whatsapp_next_at=None,
        whatsapp_updated_at=timezone.now(),
    )
    return WhatsAppStatus.SENT


def _failed(notification, error: str, fall_back) -> str:
    Notification.objects.filter(pk=notification.pk).update(
        whatsapp_status=WhatsAppStatus.FAILED,
        whatsapp_attempts=notification.whatsapp_attempts,
        whatsapp_error=str(error)[:300],
        whatsapp_next_at=None,
        whatsapp_updated_at=timezone.now(),
    )
    if notification.recipient.email:
        fall_back(notification.pk)
    return WhatsAppStatus.FAILED


def retry_due(send_one, now=None) -> int:
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(
            whatsapp_status=WhatsAppStatus.RETRYING, whatsapp_next_at__lte=now
        ).values_list("pk", flat=True)[:500]
    )
    for pk in due:
        send_one(pk)
    return len(due)


# --- Meta's webhook -------------------------------------------------------------------


def apply_status(update: provider.StatusUpdate, fall_back) -> bool:
    """Record a delivered/read/failed report on its notification; a report never moves
    a status back (a late "delivered" after "read"). Failed falls back to e-mail."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(whatsapp_message_id=update.message_id)
        .first()
    )
    if notification is None:
        return False
    current = notification.whatsapp_status
    if update.status == "failed":
        if current != WhatsAppStatus.FAILED:
            _failed(notification, update.error or "failed", fall_back)
        return True
    new = WhatsAppStatus(update.status)
    if current == WhatsAppStatus.FAILED or RANK.get(new, 0) <= RANK.get(current, 0):
        return True
    Notification.objects.filter(pk=notification.pk).update(
        whatsapp_status=new, whatsapp_updated_at=timezone.now()
    )
    return True


def handle_reply(reply: provider.Reply) -> bool:
    if reply.text.strip().upper() in STOP_WORDS:
        return opt_out_by_reply(reply.phone) > 0
    return False
