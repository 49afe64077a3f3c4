"""Heartbeats: when the scheduler and a worker were last seen (read by /readyz)."""

import os
import socket
from datetime import timedelta

from django.utils import timezone

from .models import Heartbeat, ProcessKind

# A process not seen for this long is taken for gone (/readyz fails).
SEEN_WITHIN = timedelta(minutes=2)


def process_ident() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(kind: str, ident: str) -> None:
    Heartbeat.objects.update_or_create(
        kind=kind, ident=ident[:200], defaults={"seen_at": timezone.now()}
    )


def last_seen(kind: str):
    """The latest heartbeat of any process of this kind, or None."""
    return (
        Heartbeat.objects.filter(kind=kind)
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )


def seen_recently(kind: str, *, now=None) -> bool:
    seen = last_seen(kind)
    return seen is not None and seen >= (now or timezone.now()) - SEEN_WITHIN


__all__ = ["SEEN_WITHIN", "ProcessKind", "beat", "last_seen", "process_ident", "seen_recently"]
