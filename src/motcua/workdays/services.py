"""Writes to the calendar: overrides, office hours, and publishing a new calendar version."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from motcua.workdays.models import CalendarOverride, CalendarVersion, OfficeSeason
from motcua.workdays.snapshot import build_snapshot, digest

OFFICIAL_DAYS_CSV = Path(__file__).parent / "data" / "vn_official_nonworking_2023_2026.csv"
_COMPENSATORY = re.compile(r"nghỉ bù|hoán đổi", re.IGNORECASE)
_DOCUMENT = re.compile(r"\b(\d{2,5}/[A-ZĐ0-9-]+(?:-[A-ZĐ0-9]+)*)")


def official_days_rows(path: Path = OFFICIAL_DAYS_CSV) -> list[dict]:
    """The official days off and make-up Saturdays 2023–2026 as override rows.

    The file's single ``uncertain`` day (24/11/2026, "Ngày Văn hóa Việt Nam") is loaded as a
    *working* day: the ``holidays`` package lists it, but no amended Labour Code article or
    government notice making it a day off was found, and a deadline must follow the law in force.
    An administrator flips it in the admin once the document exists (docs/adr/0003).
    """
    rows = []
    with path.open(encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            occasion, source = record["occasion"].strip(), record["source"].strip()
            found = _DOCUMENT.search(source)
            if record["kind"] == "off":
                kind = (
                    CalendarOverride.Kind.COMPENSATORY
                    if _COMPENSATORY.search(occasion)
                    else CalendarOverride.Kind.HOLIDAY
                )
                note = ""
            elif record["kind"] == "makeup":
                kind, note = CalendarOverride.Kind.MAKEUP, ""
            else:
                kind = CalendarOverride.Kind.WORKING
                note = (
                    "Chưa xác nhận văn bản pháp luật; tính là ngày làm việc cho đến khi có văn bản."
                )
            rows.append(
                {
                    "date": dt.date.fromisoformat(record["date"]),
                    "kind": str(kind),
                    "reason": occasion,
                    "document": found.group(1) if found else "",
                    "source": source,
                    "note": note,
                }
            )
    return rows


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
