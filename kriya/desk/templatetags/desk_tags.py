from django import template
from django.utils.html import format_html
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
from kriya.desk.models import Status

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


@register.filter
def status_badge(req) -> str:
    """A request's status as a badge (desk/_status.html); a filter rather than an
    include because the queue shows one per row."""
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        status_tone(req.status),
        req.status,
        # The label straight from the choices (get_status_display() rebuilds a dict of
        # every choice on each call).
        Status(req.status).label if req.status in Status.values else req.status,
    )


@register.simple_tag
def service_nav(user) -> dict:
    return {
        "queue": can_see_queue(user),
        "overview": can_see_overview(user),
        "agency": is_agency(user),
        "programmes": can_manage_programmes(user) or is_agency(user),
        "complaints": has_role(user, *COMPLAINT_HANDLER_ROLES),
    }


@register.simple_tag
def unread_notifications(user) -> int:
    """Unread notifications, for the count in the nav (one indexed query; outside the
    menu's cached part, kriya/core/templatetags/kriya_menu.py)."""
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
