"""A dossier's deadline from its stored inputs, the same way at every change and in an audit:
the limit counted from the receipt moment, plus the working time the applicant held it (pauses),
plus the extensions the agency asked for (apologies)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from motcua.workdays.calendar import WorkCalendar

WORKING_DAYS, HOURS, DAYS = "working_days", "hours", "days"


def due(
    cal: WorkCalendar,
    received_at: dt.datetime,
    value: Decimal,
    unit: str,
    *,
    cutoff: int | None = None,
    paused: int = 0,
    extension: int = 0,
) -> tuple[dt.datetime, dt.datetime]:
    """The law's deadline — ``value`` ``unit`` from ``received_at``, moved by ``paused`` seconds
    of working time the applicant held the dossier — and the appointment: that deadline moved by
    the ``extension`` of the apology slips. What the services keep on a dossier at every change
    and what an audit of its journal finds again."""
    if unit == WORKING_DAYS:
        legal = cal.add_working_days(received_at, value, cutoff=cutoff)
    elif unit == HOURS:
        legal = cal.add_working_hours(received_at, value, cutoff=cutoff)
    elif unit == DAYS:
        legal = cal.add_calendar_days(received_at, int(value))
    else:
        raise ValueError(f"no deadline in {unit!r}")
    if paused:
        legal = cal.add_seconds(legal, paused)
    return legal, cal.add_seconds(legal, extension) if extension else legal
