"""Small filters the components in kriya/templates/components/ need."""

from django import template

register = template.Library()


@register.filter
def at(sequence, index):
    """The item at `index` of a list (empty when out of range): `columns|at:forloop.counter0`."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError, KeyError):
        return ""


@register.filter
def absolute(value):
    """The absolute value of a number (overdue days shown without the minus sign)."""
    try:
        return abs(value)
    except TypeError:
        return value


@register.filter
def contains_index(indexes, index) -> bool:
    """Whether `index` is among `indexes` ("2,3" or a list of ints)."""
    if not indexes:
        return False
    if isinstance(indexes, str):
        indexes = [part.strip() for part in indexes.split(",")]
    return str(index) in {str(i) for i in indexes}
