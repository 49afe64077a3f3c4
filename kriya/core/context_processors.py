from django.conf import settings


def kriya(request):
    """Navigation facts for the base layout, computed lazily."""
    from kriya.accounts.access import roles_of

    user = getattr(request, "user", None)
    facts = {
        "kriya_roles": (lambda: roles_of(user)) if user is not None else set,
        "kriya_debug": settings.DEBUG,
    }
    if getattr(request, "kriya_shared_page", False):
        # A page every anonymous visitor may share (kriya.core.pagecache) carries no
        # CSRF token; this processor runs after Django's own and overrides it.
        facts["csrf_token"] = ""
    return facts
