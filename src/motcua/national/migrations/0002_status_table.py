"""The status table pre-filled one to one (domain/national-portal.md §3: the local state codes are
the national ones); an administrator changes a row where the national side wants another code."""

from django.db import migrations


def fill(apps, schema_editor):
    StatusMapping = apps.get_model("national", "StatusMapping")
    for state in range(1, 11):
        StatusMapping.objects.get_or_create(state=state, defaults={"national_status": state})


class Migration(migrations.Migration):
    dependencies = [("national", "0001_interconnection")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
