"""Dates typed into forms and query strings."""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError


def parse_day(raw: str | None, field: str) -> dt.date:
    """A YYYY-MM-DD date (what a date input sends), or a DomainError naming ``field``."""
    try:
        value = parse_date((raw or "").strip())
    except ValueError:  # well-formed but impossible, e.g. 2023-02-30
        value = None
    if value is None:
        message = _("Enter a date as YYYY-MM-DD.")
        raise DomainError(message, code="invalid", fields={field: [message]})
    return value
