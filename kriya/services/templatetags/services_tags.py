from django import template
from django.utils.translation import gettext_lazy as _

from kriya.services.access import can_see_overview, can_see_queue, is_agency

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
    """12500000 → "Rp12.500.000" (integer rupiah, Indonesian grouping)."""
    if value is None or value == "":
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONE.get(str(status), "")


@register.simple_tag
def service_nav(user) -> dict:
    return {
        "queue": can_see_queue(user),
        "overview": can_see_overview(user),
        "agency": is_agency(user),
    }


@register.filter
def lookup(mapping, key):
    return (mapping or {}).get(key, "")


@register.simple_tag
def unconfirmed() -> str:
    return str(_("belum dikonfirmasi"))
