"""The administrator's panel of integrations on "Beranda saya": adapters and webhooks,
with the subscribers that are paused."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kriya.accounts.models import Role
from kriya.core.home import Panel

from .models import Subscriber


def panels(user, roles) -> list[Panel]:
    if Role.ADMINISTRATOR not in roles:
        return []
    paused = list(Subscriber.objects.filter(paused_at__isnull=False).order_by("name")[:5])
    return [
        Panel(
            role=Role.ADMINISTRATOR,
            title=_("Integrasi"),
            template="hooks/home/_admin.html",
            context={"paused": paused},
            order=50,
        )
    ]
