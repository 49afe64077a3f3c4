"""Integrators' webhook subscribers and the log of what was delivered to them."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Event


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """An integrator's endpoint: the events it hears, the secret its deliveries are
    signed with, and the person told when it is paused."""

    name = models.CharField(_("nama"), max_length=120)
    url = models.URLField(_("alamat (URL)"), max_length=500)
    events = models.JSONField(_("peristiwa"), default=list)
    secret = models.CharField(_("rahasia"), max_length=100, default=new_secret, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    paused_at = models.DateTimeField(_("dihentikan sementara"), null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    failure_streak = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("pelanggan webhook")
        verbose_name_plural = _("pelanggan webhook")

    def __str__(self):
        return self.name

    @property
    def is_receiving(self) -> bool:
        return self.is_active and self.paused_at is None

    def event_labels(self) -> list[str]:
        return [str(Event(e).label) for e in self.events if e in Event.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    DELIVERED = "delivered", _("Terkirim")
    RETRYING = "retrying", _("Gagal, dicoba lagi")
    GIVEN_UP = "given_up", _("Gagal, tidak dicoba lagi")


class Delivery(models.Model):
    """One event for one subscriber, with its attempts (`log`: time, HTTP status,
    error, milliseconds of each)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    # One of `Event` (not declared as choices: "event" names a free string elsewhere in
    # the API, e.g. a notification's event).
    event = models.CharField(_("peristiwa"), max_length=60)
    event_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    log = models.JSONField(default=list, blank=True)
    redelivery_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = _("pengiriman webhook")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} → {self.subscriber_id}"

    @property
    def event_label(self) -> str:
        return str(Event(self.event).label) if self.event in Event.values else self.event
