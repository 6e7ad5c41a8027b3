"""Working-time arithmetic over a calendar: pure functions, no database access.

Legal time limits are counted in working days of 8 hours (0.5 day = 4 h, 0.25 day = 2 h), in working
hours, in calendar days, or "within the day" with a cut-off hour (domain/README.md §9.4). The model:

* every working day of the calendar gets an index 0, 1, 2, …;
* a moment becomes a *position*: ``index × 28 800 + seconds of office time already passed that day``;
  a moment outside office hours or on a day off takes the position of the next working moment;
* adding working time is adding seconds to a position; the answer is turned back into a clock time.

A due moment that lands exactly on a day boundary is shown as the close of the earlier day (17:00),
not the opening of the next (07:00): the same instant of working time, and the one a person expects.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

LEGAL_DAY = 8 * 3600  # seconds of office time in the legal working day
QUARTER_DAY = LEGAL_DAY // 4
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

Sessions = tuple[tuple[int, int], ...]  # (start, end) in seconds after midnight


class CalendarError(ValueError):
    """A computation the calendar cannot answer; ``code`` is the machine-readable reason."""

    code = "calendar_error"


class OutOfRange(CalendarError):
    code = "out_of_calendar_range"


class InvalidAmount(CalendarError):
    code = "invalid_amount"


class InvalidOfficeHours(CalendarError):
    code = "invalid_office_hours"


def hhmm(value: str | dt.time) -> int:
    """Seconds after midnight of ``"HH:MM"`` or a ``time``."""
    if isinstance(value, str):
        value = dt.time.fromisoformat(value)
    return value.hour * 3600 + value.minute * 60 + value.second


@dataclass(frozen=True)
class Season:
    """Office hours from a day of the year (month, day) until the next season starts."""

    starts: tuple[int, int]
    sessions: Sessions

    def __post_init__(self) -> None:
        month, day = self.starts
        try:
            dt.date(2024, month, day)  # a leap year accepts every real month/day
        except ValueError as err:
            raise InvalidOfficeHours(f"invalid season start {self.starts}") from err
        previous_end = -1
        for start, end in self.sessions:
            if not 0 <= start < end <= 24 * 3600 or start < previous_end:
                raise InvalidOfficeHours("office sessions must be ordered and must not overlap")
            previous_end = end
        total = sum(end - start for start, end in self.sessions)
        if total != LEGAL_DAY:
            raise InvalidOfficeHours(
                f"office sessions last {total / 3600:g} h; the legal working day is 8 h"
            )


@dataclass(frozen=True)
class OfficeHours:
    """Where the 8 legal hours of a working day lie, season by season."""

    seasons: tuple[Season, ...]

    def __post_init__(self) -> None:
        if not self.seasons:
            raise InvalidOfficeHours("at least one season is needed")
        object.__setattr__(self, "seasons", tuple(sorted(self.seasons, key=lambda s: s.starts)))

    def sessions_on(self, day: dt.date) -> Sessions:
        key = (day.month, day.day)
        current = self.seasons[-1]  # wraps around the new year
        for season in self.seasons:
            if season.starts <= key:
                current = season
        return current.sessions

    @classmethod
    def simple(cls, *sessions: tuple[str, str]) -> OfficeHours:
        return cls((Season((1, 1), tuple((hhmm(a), hhmm(b)) for a, b in sessions)),))


DEFAULT_OFFICE_HOURS = OfficeHours.simple(("07:00", "11:30"), ("13:30", "17:00"))


def quarter_days(days: Decimal | Fraction | float | int | str) -> int:
    """``days`` as a whole number of quarter days; refuses negatives and finer fractions."""
    if isinstance(days, int) and not isinstance(days, bool):
        quarters = days * 4
    elif isinstance(days, float):
        # Quarters are exact in binary floating point, so this test is exact too (hot path).
        scaled = days * 4
        if not scaled.is_integer():
            raise InvalidAmount("a number of working days must be a multiple of 0.25")
        quarters = int(scaled)
    else:
        try:
            value = Fraction(Decimal(str(days))) * 4
        except (ArithmeticError, ValueError) as err:
            raise InvalidAmount(f"not a number of days: {days!r}") from err
        if value.denominator != 1:
            raise InvalidAmount("a number of working days must be a multiple of 0.25")
        quarters = int(value)
    if quarters < 0:
        raise InvalidAmount("a number of working days must not be negative")
    return quarters


class WorkCalendar:
    """A working calendar over ``[first, last]``: which days are worked, and the office hours.

    ``days_off`` are dates that would be worked but are not (holidays, compensatory days, swaps);
    ``working_weekends`` are Saturdays or Sundays worked in exchange (make-up days).
    """

    def __init__(
        self,
        first: dt.date,
        last: dt.date,
        days_off: Iterable[dt.date] = (),
        working_weekends: Iterable[dt.date] = (),
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        tz: dt.tzinfo = VIETNAM,
        version: str = "",
    ) -> None:
        if last < first:
            raise OutOfRange("the calendar's last day is before its first")
        self.first, self.last, self.tz, self.version = first, last, tz, version
        self.office_hours = office_hours
        off, extra = frozenset(days_off), frozenset(working_weekends)
        self._ord0 = first.toordinal()
        length = last.toordinal() - self._ord0 + 1
        self._working = bytearray(length)
        self._next = array("l", [0]) * (length + 1)  # index of the first working day on or after
        self._days: list[dt.date] = []
        self._midnights: list[dt.datetime] = []
        self._sessions: list[Sessions] = []
        for offset in range(length):
            day = dt.date.fromordinal(self._ord0 + offset)
            self._next[offset] = len(self._days)
            if day in extra or (day.weekday() < 5 and day not in off):
                self._working[offset] = 1
                self._days.append(day)
                self._midnights.append(dt.datetime(day.year, day.month, day.day, tzinfo=tz))
                self._sessions.append(office_hours.sessions_on(day))
        self._next[length] = len(self._days)
        self._count = len(self._days)

    # --- positions ---------------------------------------------------------------------------
    def position(self, moment: dt.datetime) -> int:
        """Seconds of working time from the calendar's start to ``moment`` (normalized forward)."""
        if moment.tzinfo is None:
            raise CalendarError("a moment must carry its time zone")
        local = moment if moment.tzinfo is self.tz else moment.astimezone(self.tz)
        offset = local.toordinal() - self._ord0
        if offset < 0 or offset >= len(self._working):
            raise OutOfRange(f"{local.date()} is outside the calendar ({self.first}–{self.last})")
        index = self._next[offset]
        if index >= self._count:
            raise OutOfRange(f"no working day after {local.date()} within the calendar")
        if not self._working[offset]:
            return index * LEGAL_DAY
        clock = local.hour * 3600 + local.minute * 60 + local.second
        passed = 0
        for start, end in self._sessions[index]:
            if clock <= start:
                break
            if clock < end:
                passed += clock - start
                break
            passed += end - start
        return index * LEGAL_DAY + passed

    def moment(self, position: int, *, closing: bool = True) -> dt.datetime:
        """The clock time of a position; on a day boundary the close of the earlier day when
        ``closing``, else the opening of the next."""
        index, passed = divmod(position, LEGAL_DAY)
        if closing and passed == 0 and index > 0:
            index, passed = index - 1, LEGAL_DAY
        if index < 0 or index >= self._count:
            raise OutOfRange("the result falls outside the calendar")
        sessions = self._sessions[index]
        clock = sessions[-1][1]
        for start, end in sessions:
            # On a session boundary: the close of the session when closing, else the next opening.
            if passed < end - start or (closing and passed == end - start):
                clock = start + passed
                break
            passed -= end - start
        return self._midnights[index] + dt.timedelta(seconds=clock)

    # --- the arithmetic ------------------------------------------------------------------------
    def _start(self, received: dt.datetime, cutoff: int | None) -> int:
        position = self.position(received)
        if cutoff is not None:
            index, passed = divmod(position, LEGAL_DAY)
            local = self.moment(position, closing=False)
            if passed and (local.hour * 3600 + local.minute * 60 + local.second) > cutoff:
                position = (index + 1) * LEGAL_DAY
        return position

    def add_seconds(
        self, received: dt.datetime, seconds: int, *, cutoff: int | None = None
    ) -> dt.datetime:
        """The due moment ``seconds`` of working time after ``received``.

        Zero means "within the day": the close of the (normalized) receipt day. With ``cutoff``
        (seconds after midnight, e.g. 15:00), a receipt after it counts from the next working day.
        """
        if seconds < 0:
            raise InvalidAmount("working time to add must not be negative")
        position = self._start(received, cutoff)
        if seconds == 0:
            return self.moment((position // LEGAL_DAY + 1) * LEGAL_DAY)
        return self.moment(position + seconds)

    def add_working_days(
        self, received: dt.datetime, days: Decimal | Fraction | float | int | str, **kw: int | None
    ) -> dt.datetime:
        return self.add_seconds(received, quarter_days(days) * QUARTER_DAY, **kw)

    def add_working_hours(
        self, received: dt.datetime, hours: Decimal | Fraction | float | int | str, **kw: int | None
    ) -> dt.datetime:
        value = Fraction(Decimal(str(hours))) * 3600
        if value < 0 or value.denominator != 1:
            raise InvalidAmount("working hours must be ≥ 0 and whole seconds")
        return self.add_seconds(received, int(value), **kw)

    def add_calendar_days(self, received: dt.datetime, days: int) -> dt.datetime:
        """The civil-law rule: the receipt day is not counted, the period ends with the last day;
        a last day that is not worked moves to the next working day. Returned as that day's close."""
        if days < 0:
            raise InvalidAmount("calendar days must not be negative")
        local = received.astimezone(self.tz)
        offset = local.toordinal() + days - self._ord0
        if offset < 0 or offset >= len(self._working):
            raise OutOfRange("the period ends outside the calendar")
        index = self._next[offset]
        return self.moment((index + 1) * LEGAL_DAY)

    def elapsed(self, start: dt.datetime, end: dt.datetime) -> int:
        """Seconds of working time from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        return self.position(end) - self.position(start)

    def late_by(self, due: dt.datetime, done: dt.datetime) -> int:
        """Seconds of working time by which ``done`` missed ``due``; 0 when on time."""
        return max(0, self.elapsed(due, done))

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        return self.moment(self.position(moment), closing=False)

    def counting_start(self, received: dt.datetime, cutoff: int | None = None) -> dt.datetime:
        """Where a time limit starts counting: the next working moment, or the next working
        day's opening for a dossier received after ``cutoff`` (seconds after midnight)."""
        return self.moment(self._start(received, cutoff), closing=False)

    # --- days ----------------------------------------------------------------------------------
    def is_working_day(self, day: dt.date) -> bool:
        offset = day.toordinal() - self._ord0
        if offset < 0 or offset >= len(self._working):
            raise OutOfRange(f"{day} is outside the calendar ({self.first}–{self.last})")
        return bool(self._working[offset])

    def is_working_moment(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.tz)
        if not self.is_working_day(local.date()):
            return False
        clock = local.hour * 3600 + local.minute * 60 + local.second
        index = self._next[local.toordinal() - self._ord0]
        return any(start <= clock <= end for start, end in self._sessions[index])

    def working_days_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in ``[first, last]``."""
        lo, hi = first.toordinal() - self._ord0, last.toordinal() - self._ord0 + 1
        if lo < 0 or hi > len(self._working) or hi < lo:
            raise OutOfRange("dates outside the calendar")
        return self._next[hi] - self._next[lo]

    def working_days(self, first: dt.date, last: dt.date) -> Sequence[dt.date]:
        lo = bisect.bisect_left(self._days, first)
        hi = bisect.bisect_right(self._days, last)
        return self._days[lo:hi]
