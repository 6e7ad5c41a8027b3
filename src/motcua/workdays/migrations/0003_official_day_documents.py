"""The announcing letter of each official day, read again: the first reading took "2024/11" from
an address and "02/10" from a date. Only days still showing that misreading change; a document an
administrator typed stays."""

import re

from django.db import migrations

_MISREAD = re.compile(r"\b(\d{2,5}/[A-ZĐ0-9-]+(?:-[A-ZĐ0-9]+)*)")


def reread(apps, schema_editor):
    from motcua.workdays.official import OFFICIAL_DAYS_CSV, announcing_document

    import csv

    Override = apps.get_model("workdays", "CalendarOverride")
    with OFFICIAL_DAYS_CSV.open(encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            source = record["source"].strip()
            misread = _MISREAD.search(source)
            old = misread.group(1) if misread else ""
            new = announcing_document(source)
            if old != new:
                Override.objects.filter(date=record["date"], document=old).update(document=new)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0002_official_days")]

    operations = [migrations.RunPython(reread, migrations.RunPython.noop)]
