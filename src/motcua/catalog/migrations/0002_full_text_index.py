"""The full-text index of the catalog's search text: SQLite FTS5 (an external-content table kept
in sync by triggers) or, on PostgreSQL, a stored tsvector ('simple' configuration: the text is
already folded) with a GIN index. The ORM never reads these: catalog.search queries them."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalog_fts USING fts5(search_text, content='catalog_procedureversion', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_fts_insert AFTER INSERT ON catalog_procedureversion BEGIN "
    "INSERT INTO catalog_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalog_fts_delete AFTER DELETE ON catalog_procedureversion BEGIN "
    "INSERT INTO catalog_fts(catalog_fts, rowid, search_text) VALUES ('delete', old.id, "
    "old.search_text); END",
    "CREATE TRIGGER catalog_fts_update AFTER UPDATE OF search_text ON catalog_procedureversion "
    "BEGIN INSERT INTO catalog_fts(catalog_fts, rowid, search_text) VALUES ('delete', old.id, "
    "old.search_text); INSERT INTO catalog_fts(rowid, search_text) VALUES (new.id, "
    "new.search_text); END",
    "INSERT INTO catalog_fts(catalog_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalog_fts_update",
    "DROP TRIGGER IF EXISTS catalog_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_fts_insert",
    "DROP TABLE IF EXISTS catalog_fts",
]
# A stored tsvector: rechecking matches then reads it instead of parsing the text again.
POSTGRES_UP = [
    "ALTER TABLE catalog_procedureversion ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX catalog_version_fts ON catalog_procedureversion USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS catalog_version_fts",
    "ALTER TABLE catalog_procedureversion DROP COLUMN IF EXISTS search_vector",
]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
