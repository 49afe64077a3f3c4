"""The events entries of the work-area menu, shown only to who may use them."""

from django import template

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

from .. import access

register = template.Library()


@register.simple_tag(takes_context=True)
def events_nav(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "manage": access.can_organise(user),
        "mine": has_role(user, Role.OWNER, Role.FACILITATOR),
    }
