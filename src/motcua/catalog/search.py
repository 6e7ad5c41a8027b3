"""Catalog search: one box, accent-insensitive, forgiving of typos, best match first.

Every version stores ``search_text``: its folded name, code and field between spaces. The database's
own text index over it (SQLite FTS5, PostgreSQL tsvector: docs/adr/0008) finds the matches; a query
word that starts no word of the catalog is corrected to the closest words of the vocabulary (edit
distance 1, or 2 for long words); the matches are ranked here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from motcua.catalog.models import ProcedureVersion, SearchTerm
from motcua.catalog.selectors import NATIONAL, PROVINCE, in_force
from motcua.catalog.shapes import SUMMARY
from motcua.core.text import fold

_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)+(?:\.h[0-9]{2})?|[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def framed(*parts: str) -> str:
    """The stored search text: folded words between spaces (" cap giay phep 1.012781 ")."""
    return " " + " ".join(w for part in parts for w in words(part)) + " "


def record_terms(texts: Iterable[str]) -> None:
    """Add the words of ``texts`` to the vocabulary (one look-up and one insert)."""
    found = {
        word
        for text in texts
        for word in words(text)
        if 2 <= len(word) <= 64 and not word[0].isdigit()
    }
    if not found:
        return
    existing = set(SearchTerm.objects.filter(term__in=found).values_list("term", flat=True))
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t) for t in sorted(found - existing)], ignore_conflicts=True
    )


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment), giving up above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _checked(word: str) -> bool:
    """Whether ``expand`` looks ``word`` up at all (numbers and short words stand as typed)."""
    return not (word[0].isdigit() or len(word) < 3)


def known_starts(words: list[str]) -> set[str]:
    """The words among ``words`` that start a catalog word, asked in one query."""
    words = [w for w in dict.fromkeys(words) if _checked(w)]
    if not words:
        return set()
    table = SearchTerm._meta.db_table
    exists = f"EXISTS (SELECT 1 FROM {table} WHERE term >= %s AND term < %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join([exists] * len(words)),
            [bound for w in words for bound in (w, w + "\uffff")],
        )
        found = cursor.fetchone()
    return {w for w, yes in zip(words, found, strict=True) if yes}


def expand(word: str, known: set[str] | None = None) -> list[str]:
    """The words a query word stands for: itself when it starts a catalog word, else the
    closest vocabulary words. ``known``: the words already found to start one."""
    if not _checked(word):
        return [word]
    if word in (known if known is not None else known_starts([word])):
        return [word]
    limit = 1 if len(word) <= 5 else 2
    candidates = SearchTerm.objects.annotate(size=Length("term")).filter(
        term__startswith=word[0], size__gte=len(word) - limit, size__lte=len(word) + limit
    )
    scored = sorted(
        (d, abs(len(term) - len(word)), term)
        for term in candidates.values_list("term", flat=True)
        if (d := _distance(word, term, limit)) <= limit
    )
    if not scored:
        return [word]
    # Every word at the closest distance: the other words of the query pick the right one.
    best = scored[0][0]
    return [term for d, _l, term in scored if d == best][:12]


@dataclass
class SearchResult:
    versions: list[ProcedureVersion]
    total: int
    corrected: dict[str, list[str]]
    estimated: bool = False  # True: ``total`` counts matching texts, before the filters
    has_more: bool = False


@dataclass
class QueryWord:
    word: str
    alternatives: list[str]
    prefix: bool


RANKED = 600  # up to this many matching texts are all ranked; beyond, the phrase's first
WINDOW = 200  # beyond RANKED: how many of the phrase's matches are ranked for a page


class FullTextIndex:
    """The database's own text index: SQLite FTS5 or PostgreSQL's GIN over tsvector."""

    def __init__(self) -> None:
        self.vendor = connection.vendor

    def _term(self, word: str, prefix: bool) -> str:
        # Words are [a-z0-9.] after folding, so nothing here needs escaping.
        if self.vendor == "postgresql":
            return word + (":*" if prefix else "")
        if "." in word:  # a code such as 1.012781 is tokenized as "1" "012781": a phrase
            return '"' + " ".join(word.split(".")) + '"'
        return f'"{word}"' + ("*" if prefix else "")

    def query(self, planned: list[QueryWord], *, phrase: bool = False) -> str:
        if phrase:
            words = [item.word for item in planned]
            if self.vendor == "postgresql":
                if len(words) > 1 and all(w.isalpha() for w in words):
                    # Adjacent pairs are indexed as tokens (migration 0004): no row-by-row check.
                    return " & ".join(f"{a}x{b}" for a, b in itertools.pairwise(words))
                return " <-> ".join(words)
            return '"' + " ".join(w.replace(".", " ") for w in words) + '"'
        joiner, either = (" & ", " | ") if self.vendor == "postgresql" else (" AND ", " OR ")
        parts = []
        for item in planned:
            terms = [self._term(a, item.prefix) for a in item.alternatives]
            parts.append(terms[0] if len(terms) == 1 else "(" + either.join(terms) + ")")
        return joiner.join(parts)

    def matching_ids(self, match: str, limit: int | None = None) -> RawSQL | None:
        if self.vendor == "sqlite":
            sql = "SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH %s"
        elif self.vendor == "postgresql":
            sql = (
                "SELECT id FROM catalog_procedureversion "
                "WHERE search_vector @@ to_tsquery('simple'::regconfig, %s)"
            )
            if limit is not None:
                # With a LIMIT the planner bets on a sequential scan finding matches early, and
                # loses on phrases (positions are checked row by row). OFFSET 0 plans the inner
                # query on its own, through the index; the outer LIMIT still stops it early.
                sql = f"SELECT id FROM ({sql} OFFSET 0) AS found"  # noqa: S608
        else:
            return None
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return RawSQL(sql, [match])  # noqa: S611 - the match string is built from [a-z0-9.] words

    def ids(self, match: str, limit: int | None = None) -> list[int]:
        """Matching version ids, fetched first: the database then looks the few rows up by
        primary key instead of scanning the catalog to test membership."""
        found = self.matching_ids(match, limit)
        if found is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(found.sql, found.params)
            return [row[0] for row in cursor.fetchall()]

    def estimate(self, match: str) -> int:
        """The number of matching texts, cheaply: SQLite's FTS counts in a few milliseconds;
        PostgreSQL's planner estimate avoids visiting tens of thousands of rows."""
        found = self.matching_ids(match)
        if found is None:
            return 0
        with connection.cursor() as cursor:
            if self.vendor != "postgresql":
                cursor.execute(f"SELECT COUNT(*) FROM ({found.sql})", found.params)  # noqa: S608
                return cursor.fetchone()[0]
            cursor.execute(f"EXPLAIN (FORMAT JSON) {found.sql}", found.params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])


def search(
    query: str = "",
    *,
    on: dt.date,
    scope: str | None = None,
    field: int | None = None,
    level: str | None = None,
    agency: str | None = None,
    online: str | None = None,
    kind: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> SearchResult:
    qs = ProcedureVersion.objects.filter(in_force(on))
    dedupe = scope != "province"
    if not dedupe:
        qs = qs.filter(source=PROVINCE)
    if field:
        qs = qs.filter(field_id=field)
    if level:
        qs = qs.filter(levels__contains=f",{level},")
    if agency:
        qs = qs.filter(agencies__code=agency)
    if online:
        qs = qs.filter(online=online)
    if kind:
        qs = qs.filter(procedure__kind=kind)

    query_words = words(query)
    index = FullTextIndex()
    if not query_words or index.vendor not in ("sqlite", "postgresql"):
        return _search_in_sql(qs, query_words, on, dedupe, offset, limit)

    # Every word matches whole, but the last, which may be the start of a word (typing).
    planned: list[QueryWord] = []
    corrected: dict[str, list[str]] = {}
    known = known_starts(query_words)
    for position, word in enumerate(query_words):
        alternatives = expand(word, known)
        if alternatives != [word]:
            corrected[word] = alternatives
        last = position == len(query_words) - 1
        prefix = last and alternatives == [word] and len(word) >= 3 and not word[0].isdigit()
        planned.append(QueryWord(word, alternatives, prefix))
    phrase = " " + " ".join(query_words) + " "
    wanted = [a for item in planned for a in item.alternatives]

    def rank(row: tuple) -> tuple:
        text, code = row[1], row[2].lower()
        return (
            -int(code in query_words),
            -int(phrase in text),
            -sum(f" {w} " in text for w in wanted),
            text.find(f" {query_words[0]}"),
            len(text),
            code,
        )

    match = index.query(planned)
    found = index.ids(match, RANKED + 1)
    if len(found) <= RANKED:
        # Few matches: every one is ranked and counted exactly.
        rows = sorted(_rows(qs, found, on, dedupe), key=rank)
        total, estimated, has_more = len(rows), False, len(rows) > offset + limit
    else:
        # Thousands of matches: the phrase's matches first, then the others, a window at a time;
        # the total is an estimate of the matching texts, before the date and the filters.
        need = offset + limit + 1
        phrase_ids = index.ids(index.query(planned, phrase=True), WINDOW + need)
        rows = sorted(_rows(qs, phrase_ids, on, dedupe), key=rank)
        if len(rows) < need:
            seen = {row[0] for row in rows}
            others = found if WINDOW + need <= len(found) else index.ids(match, WINDOW + need)
            more = _rows(qs, others[: WINDOW + need], on, dedupe)
            rows += sorted((row for row in more if row[0] not in seen), key=rank)
        total = max(index.estimate(match), len(found), len(rows))
        estimated, has_more = True, len(rows) > offset + limit
    page_ids = [row[0] for row in rows[offset : offset + limit]]
    return SearchResult(_load(page_ids), total, _used(corrected, rows), estimated, has_more)


def _among(ids: Iterable[int]) -> list[int] | RawSQL:
    """What ``__in`` should get for a few hundred ids: PostgreSQL plans one array parameter
    faster than hundreds of parameters; SQLite takes the list."""
    ids = list(ids)
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


def _rows(qs, ids: list[int], on: dt.date, dedupe: bool) -> list[tuple]:
    """(id, search_text, code) of the matching versions in force, one per procedure: a national
    record gives way to the province's version of the same procedure."""
    rows = list(
        qs.filter(pk__in=_among(ids))
        .order_by()
        .values_list("id", "search_text", "procedure__code", "procedure_id", "source")
    )
    if dedupe:
        national = {row[3] for row in rows if row[4] == NATIONAL}
        published = (
            set(
                ProcedureVersion.objects.filter(
                    in_force(on), source=PROVINCE, procedure_id__in=_among(national)
                ).values_list("procedure_id", flat=True)
            )
            if national
            else set()
        )
        rows = [row for row in rows if not (row[4] == NATIONAL and row[3] in published)]
    return [row[:3] for row in rows]


def _search_in_sql(qs, query_words, on, dedupe, offset, limit) -> SearchResult:
    """The whole list (no query), or a database without a text index: filter in SQL."""
    if dedupe:
        province = ProcedureVersion.objects.filter(
            in_force(on), source=PROVINCE, procedure_id=OuterRef("procedure_id")
        )
        qs = qs.exclude(Q(source=NATIONAL) & Exists(province))
    for word in query_words:
        qs = qs.filter(search_text__contains=f" {word}")
    total = qs.count()
    ordering = ("procedure__code",) if not query_words else ("search_text",)
    page = list(
        qs.select_related("procedure", "field")
        .defer("raw")
        .order_by(*ordering)[offset : offset + limit + 1]
    )
    return SearchResult(page[:limit], total, {}, has_more=len(page) > limit)


def _used(corrected: dict[str, list[str]], rows: list[tuple]) -> dict[str, list[str]]:
    """Say only the corrections the results actually use."""
    texts = [row[1] for row in rows[:200]]
    return {
        word: used
        for word, alternatives in corrected.items()
        if (used := [a for a in alternatives if any(f" {a} " in t for t in texts)])
    }


def _load(ids: list[int]) -> list[ProcedureVersion]:
    # What a result row shows (the API's summary, the portal's list), not every column: the
    # original record alone costs more to decode than the rest of the page.
    versions = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .only(*SUMMARY.columns(joined=True))
        .in_bulk(ids)
    )
    return [versions[i] for i in ids]
