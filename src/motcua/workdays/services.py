"""Writes to the calendar: overrides, office hours, and publishing a new calendar version."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from motcua.workdays.models import CalendarOverride, CalendarVersion, OfficeSeason
from motcua.workdays.snapshot import build_snapshot, digest


def current_schedules(season_model=OfficeSeason) -> dict[str, list[dict]]:
    schedules: dict[str, list[dict]] = {}
    for season in season_model.objects.select_related("schedule").order_by(
        "schedule__code", "starts_month", "starts_day"
    ):
        schedules.setdefault(season.schedule.code, []).append(
            {
                "starts": f"{season.starts_month:02d}-{season.starts_day:02d}",
                "sessions": [
                    [f"{season.morning_start:%H:%M}", f"{season.morning_end:%H:%M}"],
                    [f"{season.afternoon_start:%H:%M}", f"{season.afternoon_end:%H:%M}"],
                ],
            }
        )
    return schedules


def snapshot_from_db(
    override_model=CalendarOverride, season_model=OfficeSeason, version_model=CalendarVersion
) -> dict:
    overrides: Iterable[dict] = override_model.objects.values(
        "date", "kind", "reason", "document", "source"
    )
    return build_snapshot(
        settings.WORKDAYS_FIRST_YEAR,
        settings.WORKDAYS_LAST_YEAR,
        list(overrides),
        current_schedules(season_model),
    )


def publish_version(
    reason: str = "",
    *,
    override_model=CalendarOverride,
    season_model=OfficeSeason,
    version_model=CalendarVersion,
) -> CalendarVersion:
    """Freeze the calendar as it stands; a no-op (returns the latest) when nothing changed.

    The model arguments let the data migration call this with its historical models.
    """
    with transaction.atomic():
        snapshot = snapshot_from_db(override_model, season_model, version_model)
        key = digest(snapshot)
        latest = version_model.objects.order_by("-id").first()
        if latest is not None and latest.key == key:
            return latest
        existing = version_model.objects.filter(key=key).first()
        if existing is not None:
            # Back to an earlier state: re-publish it as the newest so "latest" stays a simple max.
            existing.delete()
        return version_model.objects.create(key=key, reason=reason[:255], snapshot=snapshot)
