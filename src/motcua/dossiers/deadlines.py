"""A dossier's deadline from its stored inputs, the same way at every change and in an audit:
the limit counted from the receipt moment, plus the working time the applicant held it (pauses),
plus the extensions the agency asked for (apologies)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from motcua.workdays.calendar import WorkCalendar

WORKING_DAYS, HOURS, DAYS = "working_days", "hours", "days"


def legal_due(
    cal: WorkCalendar,
    received_at: dt.datetime,
    value: Decimal,
    unit: str,
    *,
    cutoff: int | None = None,
    paused: int = 0,
) -> dt.datetime:
    """The law's deadline: ``value`` ``unit`` from ``received_at``, moved by ``paused`` seconds of
    working time the applicant held the dossier."""
    if unit == WORKING_DAYS:
        due = cal.add_working_days(received_at, value, cutoff=cutoff)
    elif unit == HOURS:
        due = cal.add_working_hours(received_at, value, cutoff=cutoff)
    elif unit == DAYS:
        due = cal.add_calendar_days(received_at, int(value))
    else:
        raise ValueError(f"no deadline in {unit!r}")
    return cal.add_seconds(due, paused) if paused else due


def appointment(cal: WorkCalendar, legal: dt.datetime, extension: int) -> dt.datetime:
    """The appointment: the legal deadline moved by the extensions of the apology slips."""
    return cal.add_seconds(legal, extension) if extension else legal
