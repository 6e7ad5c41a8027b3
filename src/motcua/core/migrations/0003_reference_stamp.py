"""The reference stamp and the triggers that move it (core.reference)."""

from django.db import migrations, models

# Frozen here: a table added to core.reference.TABLES later gets its triggers after the next
# migrate (core.reference.install_triggers).
TABLES = (
    "agencies_agency",
    "agencies_staffrole",
    "catalog_internalprocess",
    "catalog_procedure",
    "catalog_procedureversion",
    "catalog_timelimit",
    "workdays_calendarversion",
)

SQLITE_MOVE = (
    "INSERT INTO core_referencestamp (id, token) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)
POSTGRES_FUNCTION = """
CREATE SEQUENCE core_referencestamp_token;
CREATE FUNCTION core_move_reference_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_referencestamp (id, token) VALUES (1, nextval('core_referencestamp_token'))
    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END
$$;
"""


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_reference_stamp "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION core_move_reference_stamp()"
            )
        schema_editor.execute(
            "INSERT INTO core_referencestamp (id, token) "
            "VALUES (1, nextval('core_referencestamp_token'))"
        )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_reference_stamp_{event.lower()} "
                    f"AFTER {event} ON {table} BEGIN {SQLITE_MOVE}; END"
                )
        schema_editor.execute(SQLITE_MOVE)
    else:
        raise NotImplementedError(f"No reference-stamp triggers for {vendor}.")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER {table}_reference_stamp ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER {table}_reference_stamp_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION core_move_reference_stamp()")
        schema_editor.execute("DROP SEQUENCE core_referencestamp_token")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_rate_count"),
        ("agencies", "0002_special_zone"),
        ("catalog", "0005_import_jobs"),
        ("workdays", "0002_official_days"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceStamp",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
