"""Reference data that an administrator keeps in both languages (`name_id`, `name_en`)."""

from django.utils.translation import get_language


def in_active_language(obj, field: str) -> str:
    """`<field>_en` when English is active and it is filled in, else `<field>_id`."""
    if (get_language() or "id").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_id")
