from django.conf import settings


def kriya(request):
    """Navigation facts for the base layout, computed lazily."""
    from kriya.accounts.access import roles_of

    user = getattr(request, "user", None)
    return {
        "kriya_roles": (lambda: roles_of(user)) if user is not None else set,
        "kriya_debug": settings.DEBUG,
    }
