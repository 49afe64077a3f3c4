"""Event notices (in-app and e-mail) on the service desk's machinery, like certification.

Every decision on an application, a booth given, a postponed or cancelled event and a
reminder to report sales become one `kriya.desk.models.Notification` per person of the
business (its active owners and facilitators with consent, from
`kriya.certification.notifications.recipients`), each e-mailed in the reader's language
by the desk's task `send_notification_email`, enqueued on commit. Labels are registered
with the desk's `label_for` in `EventsConfig.ready`. The actor is never told of their
own action.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("kriya.events.notifications")

LABELS = {
    "event_application.accept": _("Pendaftaran pameran diterima"),
    "event_application.waitlist": _("Pendaftaran pameran masuk daftar tunggu"),
    "event_application.reject": _("Pendaftaran pameran ditolak"),
    "event_application.booth": _("Stan pameran ditetapkan"),
    "event.postpone": _("Acara ditunda"),
    "event.cancel": _("Acara dibatalkan"),
    "event.sales_reminder": _("Pengingat: laporkan penjualan hari ini"),
}


def notify(*, event: str, application, by, data: dict | None = None) -> list:
    """Tell the people of the application's business that `event` happened. Returns
    the notifications (never raises: the change is committed already)."""
    from kriya.certification.notifications import recipients
    from kriya.desk.models import Notification
    from kriya.desk.notifications import _jsonable, send_notification_email

    actor_id = by.pk if getattr(by, "is_authenticated", False) else None
    data = _jsonable({**(data or {}), "object": str(application.event)})
    try:
        with transaction.atomic():
            url = reverse("events:application", args=[application.pk])
            created = [
                Notification.objects.create(
                    recipient=user, event=event, actor_id=actor_id, data=data, url=url
                )
                for user in recipients(
                    business=application.business, audience="holder", actor_id=actor_id
                )
            ]
            for notification in created:
                if notification.recipient.email:
                    transaction.on_commit(
                        lambda pk=notification.pk: send_notification_email.enqueue(
                            notification_id=pk
                        )
                    )
    except Exception:
        logger.exception("Could not notify %s on application %s", event, application.pk)
        return []
    return created
