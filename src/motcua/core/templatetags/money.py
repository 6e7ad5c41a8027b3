"""``{{ amount|dong }}``: đồng with the Vietnamese thousands separator, as every page prints them."""

from django import template

from motcua.core.text import dong as spell

register = template.Library()


@register.filter
def dong(value) -> str:
    if value in (None, ""):
        return ""
    return spell(int(value))
