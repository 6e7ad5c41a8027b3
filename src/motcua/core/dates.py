"""Dates typed into forms and query strings.

People here write a day as dd/mm/yyyy whatever their browser's language, so the forms ask for it
as text in that shape (a browser's own date field shows mm/dd/yyyy under an English locale) and
read it back here. ISO dates (what links, the API and older bookmarks carry) are read as well.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.formats.vi.formats import DATE_INPUT_FORMATS

# A time after the day: "16:10", "16h10", "16g".
_TIME = re.compile(r"(?P<h>\d{1,2})[:hg](?P<min>\d{2})?")


def read_day(raw: str | None) -> dt.date | None:
    """The day ``raw`` names in one of the forms' shapes (dd/mm/yyyy first, ISO last: the
    format module's ``DATE_INPUT_FORMATS``), or None if it names none — 30/02/2023 included."""
    text = (raw or "").strip()
    for shape in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, shape).date()
        except ValueError:
            continue
    return None


def read_moment(raw: str | None) -> dt.datetime | None:
    """A day and a time of day, naive ("15/06/2023 16:10" or ISO "2023-06-15T16:10"), or None."""
    text = (raw or "").strip()
    parts = re.split(r"[T,\s]+", text, maxsplit=1)
    if len(parts) != 2:
        return None
    day, clock = read_day(parts[0]), _TIME.fullmatch(parts[1].strip().lower())
    if day is None or clock is None:
        return None
    try:
        return dt.datetime.combine(day, dt.time(int(clock["h"]), int(clock["min"] or 0)))
    except ValueError:  # 25:00
        return None


def parse_day(raw: str | None, field: str) -> dt.date:
    """The day typed into ``field``, or a DomainError naming it."""
    value = read_day(raw)
    if value is None:
        message = _("Enter a date as dd/mm/yyyy, e.g. 15/06/2023.")
        raise DomainError(message, code="invalid", fields={field: [message]})
    return value


def day_text(value: dt.date | str | None) -> str:
    """``value`` as a form shows it: dd/mm/yyyy (a date, or text typed in either shape)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    day = read_day(value)
    return day.strftime("%d/%m/%Y") if day else (value or "")
