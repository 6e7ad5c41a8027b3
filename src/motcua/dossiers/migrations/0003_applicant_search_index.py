"""PostgreSQL: a trigram index over the folded applicant names, so a search by part of a name
(`LIKE '%nguyen van an%'`) is answered by the index instead of reading every dossier (0.8 s at a
million rows without it). SQLite scans the names; the benchmark says how fast (docs/benchmarks.md).

``CREATE EXTENSION`` needs a role allowed to create it (a superuser, or the database owner on
PostgreSQL 13+ for trusted extensions such as pg_trgm)."""

from django.db import migrations

UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS dossier_applicant_trgm ON dossiers_dossier "
    "USING gin ((applicant_folded::text) gin_trgm_ops)",
]
DOWN = ["DROP INDEX IF EXISTS dossier_applicant_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_digitized_copies")]

    operations = [migrations.RunPython(run(UP), run(DOWN))]
