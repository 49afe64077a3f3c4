import functools

from django.conf import settings
from django.templatetags.static import static


def _logo(value: str) -> str:
    """A logo setting as a URL: absolute URLs and root paths as they are, else a static path."""
    if not value:
        return ""
    if value.startswith(("http://", "https://", "/")):
        return value
    return static(value)


def identity() -> dict:
    """The agency's and the regency's names, marks and contact details (settings)."""
    return {
        "agency": {
            "name": settings.KRIYA_AGENCY_NAME,
            "full_name": settings.KRIYA_AGENCY_FULL_NAME,
            "logo": _logo(settings.KRIYA_AGENCY_LOGO),
            "address": settings.KRIYA_AGENCY_ADDRESS,
            "phone": settings.KRIYA_AGENCY_PHONE,
            "email": settings.KRIYA_AGENCY_EMAIL,
            "website": settings.KRIYA_AGENCY_WEBSITE,
        },
        "regency": {
            "name": settings.KRIYA_REGENCY_NAME,
            "office": settings.KRIYA_REGENCY_OFFICE,
            "logo": _logo(settings.KRIYA_REGENCY_LOGO),
            "address": settings.KRIYA_REGENCY_ADDRESS,
            "phone": settings.KRIYA_REGENCY_PHONE,
            "email": settings.KRIYA_REGENCY_EMAIL,
            "website": settings.KRIYA_REGENCY_WEBSITE,
        },
    }


def kriya(request):
    """Navigation facts and the identity for the base layout, computed lazily."""
    from kriya.accounts.access import is_staff_user, roles_of

    user = getattr(request, "user", None)
    facts = {
        # Called by the template at each use (the menu asks a dozen times): once each.
        "kriya_roles": functools.cache(lambda: roles_of(user)) if user is not None else set,
        "kriya_is_staff": functools.cache(lambda: is_staff_user(user))
        if user is not None
        else bool,
        "kriya_debug": settings.DEBUG,
        "kriya_demo": settings.KRIYA_DEMO,
        "kriya_identity": identity,
    }
    if getattr(request, "kriya_shared_page", False):
        # A page every anonymous visitor may share (kriya.core.pagecache) carries no
        # CSRF token; this processor runs after Django's own and overrides it.
        facts["csrf_token"] = ""
    return facts
