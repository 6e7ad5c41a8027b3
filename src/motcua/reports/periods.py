"""Reporting periods: calendar months, quarters, halves and years, and the reporting cut-off
periods of Decree 09/2019/NĐ-CP (domain/README.md §8.5, unconfirmed: a month runs from the 15th
of the month before to the 14th; a quarter from the 15th of the month before it to the 14th of
its last month; a half from 15/12 of the year before to 14/06, or 15/06 to 14/12; a year from
15/12 of the year before to 14/12). The cut-off day is ``settings.REPORT_CUTOFF_DAY``."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings

PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$"
)


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive
    key: str = ""  # 2023, 2023-H1, 2023-Q2, 2023-06 (with "~" when it follows the cut-off)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends after it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(key: str) -> tuple[int, int, int]:
    """The year and the first and last month a key names."""
    match = PATTERN.match(key)
    if match is None:
        raise ValueError(f"not a period: {key!r}")
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"not a month: {key!r}")
        return year, month, month
    if match["quarter"]:
        quarter = int(match["quarter"])
        return year, quarter * 3 - 2, quarter * 3
    if match["half"]:
        half = int(match["half"])
        return year, half * 6 - 5, half * 6
    return year, 1, 12


def calendar_period(key: str) -> Period:
    """ "2023-06", "2023-Q2", "2023-H1" or "2023" as calendar days."""
    year, first, last = _months(key)
    return Period(dt.date(year, first, 1), _month_end(year, last), key)


def cutoff_period(key: str, day: int | None = None) -> Period:
    """The same key as a reporting cut-off period: from ``day`` of the month before its first
    month to ``day`` − 1 of its last month."""
    day = day or settings.REPORT_CUTOFF_DAY
    year, first, last = _months(key)
    before_year, before_month = (year - 1, 12) if first == 1 else (year, first - 1)
    start = dt.date(before_year, before_month, day)
    end = dt.date(year, last, day) - dt.timedelta(days=1)
    return Period(start, end, f"{key}~")


def parse(key: str, *, cutoff: bool = False) -> Period:
    return cutoff_period(key) if cutoff else calendar_period(key)
