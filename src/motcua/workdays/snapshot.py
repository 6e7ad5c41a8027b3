"""Resolve the calendar for a range of years into a frozen snapshot, and rebuild it.

The ``holidays`` package supplies the statutory holidays (lunar dates included); the overrides kept
in the database win over it. The snapshot lists every resolved exception explicitly, so a version can
be rebuilt exactly later even if the package changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib.metadata import version as package_version
from typing import Any

import holidays

from motcua.workdays.calendar import OfficeHours, Season, WorkCalendar, hhmm
from motcua.workdays.official import official_days_rows

DEFAULT_SCHEDULES = {
    "default": [{"starts": "01-01", "sessions": [["07:00", "11:30"], ["13:30", "17:00"]]}]
}
DAY_OFF_KINDS = {"holiday", "compensatory_off"}
WORKING_KINDS = {"makeup_working", "working"}
PACKAGE_SOURCE = "holidays"


def build_snapshot(
    first_year: int,
    last_year: int,
    overrides: Iterable[Mapping[str, Any]],
    schedules: Mapping[str, list[dict]],
) -> dict:
    """``overrides``: dicts with date, kind, reason, document, source.
    ``schedules``: code -> [{"starts": "MM-DD", "sessions": [["07:00", "11:30"], …]}]."""
    days_off: dict[str, dict] = {}
    working_weekends: dict[str, dict] = {}
    worked_holidays: dict[str, dict] = {}
    package = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    for day, name in sorted(package.items()):
        if day.weekday() < 5:
            days_off[day.isoformat()] = {"reason": name, "source": PACKAGE_SOURCE}
    for day in sorted(getattr(package, "weekend_workdays", ())):
        if first_year <= day.year <= last_year:
            working_weekends[day.isoformat()] = {
                "reason": "Ngày làm việc bù",
                "source": PACKAGE_SOURCE,
            }
    for row in sorted(overrides, key=lambda r: r["date"]):
        day = row["date"]
        if not first_year <= day.year <= last_year:
            continue
        key = day.isoformat()
        entry = {
            "reason": row["reason"],
            "source": row.get("document") or row.get("source") or "",
            "kind": row["kind"],
        }
        if row["kind"] in DAY_OFF_KINDS:
            working_weekends.pop(key, None)
            if day.weekday() < 5:
                days_off[key] = entry
        elif row["kind"] in WORKING_KINDS:
            days_off.pop(key, None)
            if day.weekday() >= 5:
                working_weekends[key] = entry
            else:
                worked_holidays[key] = entry
    snapshot = {
        "first": dt.date(first_year, 1, 1).isoformat(),
        "last": dt.date(last_year, 12, 31).isoformat(),
        "days_off": days_off,
        "working_weekends": working_weekends,
        "worked_holidays": worked_holidays,
        "schedules": {code: schedules[code] for code in sorted(schedules)},
        "holidays_package": package_version("holidays"),
    }
    return snapshot


def digest(snapshot: Mapping) -> str:
    # The package version is provenance, not content: the same days give the same key.
    content = {k: v for k, v in snapshot.items() if k != "holidays_package"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def office_hours_from(seasons: list[dict]) -> OfficeHours:
    built = []
    for season in seasons:
        month, day = (int(part) for part in season["starts"].split("-"))
        sessions = tuple((hhmm(a), hhmm(b)) for a, b in season["sessions"])
        built.append(Season((month, day), sessions))
    return OfficeHours(tuple(built))


def calendar_from(snapshot: Mapping, schedule: str, key: str) -> WorkCalendar:
    schedules = snapshot["schedules"]
    seasons = schedules.get(schedule) or schedules["default"]
    return WorkCalendar(
        first=dt.date.fromisoformat(snapshot["first"]),
        last=dt.date.fromisoformat(snapshot["last"]),
        days_off=[dt.date.fromisoformat(d) for d in snapshot["days_off"]],
        working_weekends=[dt.date.fromisoformat(d) for d in snapshot["working_weekends"]],
        office_hours=office_hours_from(seasons),
        version=key,
    )


def reference_calendar(first_year: int = 2018, last_year: int = 2030) -> WorkCalendar:
    """The calendar a fresh installation starts with (official days, default office hours),
    built without a database: for benchmarks and tests of the arithmetic."""
    snapshot = build_snapshot(first_year, last_year, official_days_rows(), DEFAULT_SCHEDULES)
    return calendar_from(snapshot, "default", digest(snapshot))
