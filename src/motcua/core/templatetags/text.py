"""Text filters: what a template shows is NFC, like every text of the project."""

from __future__ import annotations

from django import template

from motcua.core.dates import day_text
from motcua.core.text import dong
from motcua.core.text import nfc as to_nfc

register = template.Library()


@register.filter
def grouped(value: object) -> str:
    """A count as Vietnamese writes it: 53326 -> "53.326" (anything else as it is)."""
    return dong(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


@register.filter
def nfc(value: object) -> str:
    """``value`` in NFC (Django's own language names are decomposed: "Tiếng Việt")."""
    return to_nfc(str(value))


@register.filter
def day(value: object) -> str:
    """A date for a date field: dd/mm/yyyy (core.dates)."""
    return day_text(value)  # type: ignore[arg-type]


@register.filter
def listed(values: list, most: int = 3) -> str:
    """The first ``most`` of ``values`` joined by commas, "…" after them when there are more."""
    items = [str(v) for v in values]
    return ", ".join(items[:most]) + (", …" if len(items) > most else "")
