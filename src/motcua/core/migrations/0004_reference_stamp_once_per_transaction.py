"""PostgreSQL: the reference stamp's row is written once per transaction.

Every write of a row leaves a version that later reads in the same transaction walk past, so a
transaction making thousands of reference writes (loading a catalog) made each stamp read and
each trigger slower than the last. The row is now moved by a transaction's first reference
write; its later ones move a transaction-local setting, read with the row (core.reference.stamp).
Both are undone together by a rollback, to a savepoint too. SQLite updates in place: unchanged."""

from django.db import migrations

ONCE = """
CREATE OR REPLACE FUNCTION core_move_reference_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved text := current_setting('motcua.reference_local', true);
    token bigint := nextval('core_referencestamp_token');
BEGIN
    IF moved IS NULL OR moved = '' THEN
        INSERT INTO core_referencestamp (id, token) VALUES (1, token)
        ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    END IF;
    PERFORM set_config('motcua.reference_local', token::text, true);
    RETURN NULL;
END
$$;
"""
EVERY_TIME = """
CREATE OR REPLACE FUNCTION core_move_reference_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_referencestamp (id, token) VALUES (1, nextval('core_referencestamp_token'))
    ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    RETURN NULL;
END
$$;
"""


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("core", "0003_reference_stamp")]

    operations = [migrations.RunPython(run(ONCE), run(EVERY_TIME))]
