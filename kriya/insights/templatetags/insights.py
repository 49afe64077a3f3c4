from decimal import Decimal

from django import template

from kriya.core.charts import format_number

register = template.Library()


@register.filter
def angka(value) -> str:
    """A figure the Indonesian way: 1.234, 87,5; whole numbers without decimals."""
    if value is None or value == "":
        return "—"
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if number == int(number):
            return format_number(int(number))
        return format_number(number, decimals=2).rstrip("0").rstrip(",")
    return str(value)
