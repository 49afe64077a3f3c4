"""`{% menu_cache "name" %}…{% endmenu_cache %}`: the work-area menu rendered once per kind of
user and language in each process, then reused (docs/performance.md, "The menu").

Every link of the menu is chosen from the signed-in user's active memberships (their
roles, and the kind and regency of each organisation) and the user's staff and superuser
flags — nothing else — so those are the key: a user whose memberships change gets the
new menu on their next request, and two people with the same memberships share one
rendering. What changes between requests of the same person (the unread notifications,
the CSRF token, the name) stays outside the block.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import template
from django.utils import translation

from kriya.accounts.access import memberships_of

register = template.Library()

MAX_ENTRIES = 512
_store: OrderedDict = OrderedDict()
_lock = threading.Lock()


def clear() -> None:
    with _lock:
        _store.clear()


def menu_key(user) -> tuple:
    """What the menu's links depend on (the predicates of every app's `_nav.html`)."""
    if not getattr(user, "is_authenticated", False):
        return (translation.get_language(), None)
    return (
        translation.get_language(),
        bool(user.is_superuser),
        bool(user.is_staff),
        tuple(
            sorted(
                (m.role, m.organisation_id, m.organisation.kind, m.organisation.regency_id or "")
                for m in memberships_of(user)
            )
        ),
    )


class MenuCacheNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        key = (self.name, *menu_key(getattr(request, "user", None) or context.get("user")))
        with _lock:
            html = _store.get(key)
            if html is not None:
                _store.move_to_end(key)
                return html
        html = self.nodelist.render(context)
        with _lock:
            _store[key] = html
            if len(_store) > MAX_ENTRIES:
                _store.popitem(last=False)
        return html


@register.tag
def menu_cache(parser, token):
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("menu_cache takes one argument: a name") from None
    nodelist = parser.parse(("endmenu_cache",))
    parser.delete_first_token()
    return MenuCacheNode(name.strip("'\""), nodelist)
