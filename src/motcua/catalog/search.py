"""Catalog search: one box, accent-insensitive, forgiving of typos, best match first.

Every version stores ``search_text``: its folded name, code and field, framed by spaces so that a
query word matches the start of a word. A query word that starts no word of the catalog is
corrected to the closest words of the vocabulary (edit distance 1, or 2 for long words).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, Sum, When
from django.db.models.functions import Length

from motcua.catalog.models import ProcedureVersion, SearchTerm, SearchWord
from motcua.catalog.selectors import NATIONAL, PROVINCE, in_force
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


def expand(word: str) -> list[str]:
    """The words a query word stands for: itself when it starts a catalog word, else the
    closest vocabulary words."""
    if word[0].isdigit() or len(word) < 3:
        return [word]
    if SearchTerm.objects.filter(term__gte=word, term__lt=word + "\uffff").exists():
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


def index_versions(versions: Iterable[ProcedureVersion]) -> None:
    """Put versions in the inverted index (one row per word)."""
    rows = [
        SearchWord(word=word, version_id=version.pk)
        for version in versions
        for word in set(version.search_text.split())
        if len(word) <= 64
    ]
    SearchWord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=5000)


def refresh_term_counts() -> None:
    """How many versions use each vocabulary word (after bulk loads)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_searchterm SET count = (SELECT COUNT(*) FROM catalog_searchword w "
            "WHERE w.word = catalog_searchterm.term)"
        )


@dataclass
class SearchResult:
    versions: list[ProcedureVersion]
    total: int
    corrected: dict[str, list[str]]


@dataclass
class QueryWord:
    word: str
    alternatives: list[str]
    prefix: bool

    def condition(self) -> Q:
        condition = Q()
        for alternative in self.alternatives:
            pattern = f" {alternative}" if self.prefix else f" {alternative} "
            condition |= Q(search_text__contains=pattern)
        return condition

    def index_rows(self):
        if self.prefix:
            return SearchWord.objects.filter(
                word__gte=self.word, word__lt=self.word + "\uffff"
            ).values("version_id")
        return SearchWord.objects.filter(word__in=self.alternatives).values("version_id")

    def frequency(self) -> int:
        if self.word[0].isdigit():
            return 0  # a code: as selective as it gets
        terms = (
            SearchTerm.objects.filter(term__gte=self.word, term__lt=self.word + "\uffff")
            if self.prefix
            else SearchTerm.objects.filter(term__in=self.alternatives)
        )
        return terms.aggregate(n=Sum("count"))["n"] or 0


MAX_RANKED = 1000


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
    if scope == "province":
        qs = qs.filter(source=PROVINCE)
    else:
        # One answer per procedure: a national record gives way to the province's version.
        province = ProcedureVersion.objects.filter(
            in_force(on), source=PROVINCE, procedure_id=OuterRef("procedure_id")
        )
        qs = qs.exclude(Q(source=NATIONAL) & Exists(province))
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
    if not query_words:
        total = qs.count()
        page = list(
            qs.select_related("procedure", "field").order_by("procedure__code")[
                offset : offset + limit
            ]
        )
        return SearchResult(page, total, {})

    # Every word matches whole, but the last, which may be the start of a word (typing).
    planned: list[QueryWord] = []
    corrected: dict[str, list[str]] = {}
    for position, word in enumerate(query_words):
        alternatives = expand(word)
        if alternatives != [word]:
            corrected[word] = alternatives
        last = position == len(query_words) - 1
        prefix = last and alternatives == [word] and len(word) >= 3 and not word[0].isdigit()
        planned.append(QueryWord(word, alternatives, prefix))
    driver = min(planned, key=QueryWord.frequency)
    qs = qs.filter(pk__in=driver.index_rows())
    for item in planned:
        if item is not driver:
            qs = qs.filter(item.condition())

    phrase = " " + " ".join(query_words) + " "
    rows = list(
        qs.annotate(
            phrase_first=Case(When(search_text__contains=phrase, then=0), default=1),
            size=Length("search_text"),
        )
        .order_by("phrase_first", "size")
        .values_list("id", "search_text", "procedure__code")[:MAX_RANKED]
    )
    total = len(rows) if len(rows) < MAX_RANKED else qs.count()
    wanted = [a for item in planned for a in item.alternatives]

    def rank(row: tuple) -> tuple:
        _pk, text, code = row
        return (
            -int(code in query_words),
            -int(phrase in text),
            -sum(f" {w} " in text for w in wanted),
            text.find(f" {query_words[0]}"),
            len(text),
            code,
        )

    ordered = sorted(rows, key=rank)
    # Say only the corrections the results actually use.
    texts = [row[1] for row in ordered[:200]]
    corrected = {
        word: used
        for word, alternatives in corrected.items()
        if (used := [a for a in alternatives if any(f" {a} " in t for t in texts)])
    }
    page_ids = [row[0] for row in ordered[offset : offset + limit]]
    versions = ProcedureVersion.objects.select_related("procedure", "field").in_bulk(page_ids)
    return SearchResult([versions[i] for i in page_ids], total, corrected)
