from django import template
from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role
from kriya.core import formatting
from kriya.desk.access import (
    COMPLAINT_HANDLER_ROLES,
    can_manage_programmes,
    can_see_overview,
    can_see_queue,
    is_agency,
)

register = template.Library()

STATUS_TONE = {
    "draft": "muted",
    "returned": "warn",
    "awaiting_payment": "warn",
    "result_ready": "ok",
    "completed": "ok",
    "rejected": "bad",
    "cancelled": "muted",
}


@register.filter
def rupiah(value) -> str:
    """12500000 → "Rp 12.500.000": the one money format (kriya.core.formatting)."""
    return formatting.rupiah(value)


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONE.get(str(status), "")


@register.simple_tag
def service_nav(user) -> dict:
    return {
        "queue": can_see_queue(user),
        "overview": can_see_overview(user),
        "agency": is_agency(user),
        "programmes": can_manage_programmes(user) or is_agency(user),
        "unread": _unread(user),
        "complaints": has_role(user, *COMPLAINT_HANDLER_ROLES),
    }


def _unread(user) -> int:
    """Unread notifications, for the count in the nav (one indexed query)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    from kriya.desk.models import Notification

    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@register.filter
def lookup(mapping, key):
    return (mapping or {}).get(key, "")


@register.simple_tag
def unconfirmed() -> str:
    return str(_("belum dikonfirmasi"))


@register.filter
def fee_estimate(service):
    """The service's fee estimate from its (prefetched) tariff list (kriya.desk.fees)."""
    from kriya.desk.fees import estimate_for

    return estimate_for(service)
