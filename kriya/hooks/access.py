"""Only administrators see integrations: subscribers, deliveries, the adapters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

from .models import Delivery, Subscriber


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, Role.ADMINISTRATOR)


def require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied


def get_subscriber_for(user, pk: int) -> Subscriber:
    require_administrator(user)
    return get_object_or_404(Subscriber.objects.select_related("owner"), pk=pk)


def get_delivery_for(user, pk) -> Delivery:
    require_administrator(user)
    return get_object_or_404(Delivery.objects.select_related("subscriber"), pk=pk)
