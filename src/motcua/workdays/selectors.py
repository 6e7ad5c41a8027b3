"""Reads of the calendar: the current version, any earlier version, the days of a year."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from motcua.core import reference
from motcua.core.errors import NotFound
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.models import CalendarVersion, OfficeSchedule
from motcua.workdays.snapshot import calendar_from


def current_version_key() -> str:
    key = reference.cached(
        "calendar_version",
        lambda: CalendarVersion.objects.order_by("-id").values_list("key", flat=True).first(),
    )
    if key is None:
        raise NotFound(_("There is no working calendar yet."), code="calendar_missing")
    return key


@lru_cache(maxsize=64)
def _calendar(key: str, schedule: str) -> WorkCalendar:
    # Versions never change once written, so a built calendar can be kept per process.
    snapshot = CalendarVersion.objects.filter(key=key).values_list("snapshot", flat=True).first()
    if snapshot is None:
        raise no_such_version(key)
    return calendar_from(snapshot, schedule, key)


def no_such_version(key: str) -> NotFound:
    return NotFound(
        _("There is no calendar version %(key)s.") % {"key": key}, code="calendar_version_not_found"
    )


def calendar(
    version: str | None = None, schedule: str = OfficeSchedule.DEFAULT_CODE
) -> WorkCalendar:
    """The calendar of ``version`` (default: the current one) with ``schedule``'s office hours."""
    return _calendar(version or current_version_key(), schedule)


def schedule_for_agency(agency_code: str) -> str | None:
    """The office schedule of an agency, through the resolver named in settings (None: unknown)."""
    resolver = import_string(settings.WORKDAYS_SCHEDULE_RESOLVER)
    return resolver(agency_code)


def days_of_year(year: int, version: str | None = None) -> dict:
    key = version or current_version_key()
    snapshot = CalendarVersion.objects.filter(key=key).values_list("snapshot", flat=True).first()
    if snapshot is None:
        raise no_such_version(key)
    prefix = f"{year:04d}-"

    def rows(mapping: dict) -> list[dict]:
        return [
            {"date": day, "reason": info["reason"], "source": info["source"]}
            for day, info in sorted(mapping.items())
            if day.startswith(prefix)
        ]

    return {
        "year": year,
        "calendar_version": key,
        "days_off": rows(snapshot["days_off"]),
        "makeup_days": rows(snapshot["working_weekends"]),
    }
