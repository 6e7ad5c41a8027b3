"""``{{ amount|dong }}``: đồng with the Vietnamese thousands separator, as every page prints them."""

from django import template

from motcua.core.text import dong as spell

register = template.Library()


@register.filter
def dong(value) -> str:
    if value in (None, ""):
        return ""
    return spell(int(value))


@register.filter
def plain(value) -> str:
    """A decimal without trailing zeros, in the page's number format: 20.00 -> 20, 7.50 -> 7,5."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if value in (None, ""):
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)))
    return number_format(value.normalize())
