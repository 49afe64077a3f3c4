import json

from django import template
from django.utils.safestring import mark_safe

from kriya.core import formatting

register = template.Library()

# The characters that could end a <script> element or open a comment inside it.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """A dict as the body of <script type="application/ld+json">, safe inside HTML."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308


@register.filter
def rupiah(amount) -> str:
    """350000 → "Rp 350.000": the one money format (kriya.core.formatting)."""
    return formatting.rupiah(amount)
