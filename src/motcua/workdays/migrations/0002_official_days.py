"""Reference data every installation needs: the default office hours and the official days off and
make-up working days of 2023–2026; then the first calendar version."""

import datetime as dt

from django.db import migrations


def load(apps, schema_editor):
    from motcua.workdays.official import official_days_rows
    from motcua.workdays.services import publish_version

    Override = apps.get_model("workdays", "CalendarOverride")
    Schedule = apps.get_model("workdays", "OfficeSchedule")
    Season = apps.get_model("workdays", "OfficeSeason")
    Version = apps.get_model("workdays", "CalendarVersion")

    schedule, _ = Schedule.objects.get_or_create(
        code="default", defaults={"name": "Giờ làm việc hành chính (mặc định)"}
    )
    Season.objects.get_or_create(
        schedule=schedule,
        starts_month=1,
        starts_day=1,
        defaults={
            "morning_start": dt.time(7, 0),
            "morning_end": dt.time(11, 30),
            "afternoon_start": dt.time(13, 30),
            "afternoon_end": dt.time(17, 0),
        },
    )
    for row in official_days_rows():
        Override.objects.update_or_create(date=row.pop("date"), defaults=row)
    publish_version(
        "Dữ liệu ban đầu: ngày nghỉ chính thức 2023–2026",
        override_model=Override,
        season_model=Season,
        version_model=Version,
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
