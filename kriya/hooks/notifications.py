"""Telling a subscriber's owner that it was paused, on the service desk's notification
machinery (in-app and by e-mail in their language)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("kriya.hooks")

LABELS = {"webhook.paused": _("Webhook dihentikan sementara karena terus gagal")}


def tell_owner_paused(subscriber) -> None:
    from kriya.desk.models import Notification
    from kriya.desk.notifications import send_notification_email

    try:
        notification = Notification.objects.create(
            recipient=subscriber.owner,
            event="webhook.paused",
            data={"object": subscriber.name, "note": subscriber.pause_reason},
            url=reverse("hooks:subscriber", kwargs={"pk": subscriber.pk}),
        )
        if subscriber.owner.email:
            transaction.on_commit(
                lambda: send_notification_email.enqueue(notification_id=notification.pk)
            )
    except Exception:
        logger.exception("Could not tell the owner of subscriber %s", subscriber.pk)
