"""PostgreSQL: index adjacent word pairs too, so a phrase is found through the GIN index alone.

A tsquery phrase (``cap <-> dieu <-> chinh``) makes PostgreSQL read every row that holds all its
words and check positions row by row: tens of milliseconds when the words are common and the
phrase rare. Each pair of neighbouring words is also indexed as one token, the two words joined by
"x" (``capxdieu``, ``dieuxchinh``; no Vietnamese syllable ends in x, so no word is mistaken for a
pair), and a phrase is asked as the conjunction of its pairs. Two passes of a non-overlapping
replacement make the pairs: one from the first word, one from the second.
SQLite's FTS5 checks phrases in its index already and is left as it is."""

from django.db import migrations

PAIRS = r"""regexp_replace({text}, '([^ ]+) ([^ ]+)', '\1x\2', 'g')"""
TEXT = "search_text"
WITHOUT_FIRST = r"regexp_replace(search_text, '^ *[^ ]+', '')"
WITH_PAIRS = (
    "to_tsvector('simple'::regconfig, search_text) || "
    f"to_tsvector('simple'::regconfig, {PAIRS.format(text=TEXT)}) || "
    f"to_tsvector('simple'::regconfig, {PAIRS.format(text=WITHOUT_FIRST)})"
)
WORDS_ONLY = "to_tsvector('simple'::regconfig, search_text)"


def vector(expression: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS catalog_version_fts",
        "ALTER TABLE catalog_procedureversion DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE catalog_procedureversion ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX catalog_version_fts ON catalog_procedureversion USING gin (search_vector)",
    ]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_form_templates")]

    operations = [migrations.RunPython(run(vector(WITH_PAIRS)), run(vector(WORDS_ONLY)))]
