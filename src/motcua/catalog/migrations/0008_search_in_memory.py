"""Search ranks in memory (docs/adr/0019): the engines' text indexes of ADR 0008, the search text
they were built on and the vocabulary table go. Undone, the column, the table and the indexes
come back (words only: the pairs of migration 0004 are not rebuilt)."""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_fts_update",
    "DROP TRIGGER IF EXISTS catalog_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_fts_insert",
    "DROP TABLE IF EXISTS catalog_fts",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS catalog_version_fts",
    "ALTER TABLE catalog_procedureversion DROP COLUMN IF EXISTS search_vector",
]
SQLITE_BACK = [
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
]
POSTGRES_BACK = [
    "ALTER TABLE catalog_procedureversion ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX catalog_version_fts ON catalog_procedureversion USING gin (search_vector)",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_search_synonyms_seed")]

    operations = [
        # The indexes first: they are built on the column.
        migrations.RunPython(
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            run({"sqlite": SQLITE_BACK, "postgresql": POSTGRES_BACK}),
        ),
        migrations.RemoveField(model_name="procedureversion", name="search_text"),
        migrations.DeleteModel(name="SearchTerm"),
    ]
