from django import template

from kriya.accounts.access import roles_of
from kriya.accounts.models import Role
from kriya.core import formatting

from ..access import can_facilitate, can_use_workspace
from ..imports.access import can_import

register = template.Library()

STATUS_BADGES = {
    "verified": "ok",
    "submitted": "warn",
    "returned": "bad",
    "suspended": "bad",
    "draft": "muted",
}


@register.simple_tag(takes_context=True)
def registry_nav(context) -> dict:
    """Which registry links the signed-in user gets (the same predicates as the pages)."""
    user = context.get("user")
    roles = roles_of(user)
    return {
        # Anyone who is not (only) staff may register a business of their own.
        "mine": Role.OWNER in roles or Role.FACILITATOR in roles or not roles,
        "facilitate": can_facilitate(user),
        "workspace": can_use_workspace(user),
        "imports": can_import(user),
    }


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(str(status), "muted")


@register.filter
def rupiah(value) -> str:
    """1500000 → "Rp 1.500.000": the one money format (kriya.core.formatting); none → "—"."""
    return formatting.rupiah(value, empty="—")
