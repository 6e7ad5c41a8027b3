"""Catalog search: one box, in the words people use, the best matches first.

A query is read the way it was typed (``catalog.spelling``: accents missing or wrong, Telex and
VNI leftovers, i for y), its phrases in everyday language replaced by the catalog's words (the
synonym table the control office keeps: "sổ đỏ", "gpxd", "mở công ty"), a word that is in no
name corrected to the closest ones, filler words ("xin", "làm", "muốn") counted little. Every
procedure that shares a meaningful word with the query is a candidate; the in-memory index
(``catalog.index``, docs/adr/0019) ranks them — the query's words covered, how rare they are,
in the name's order, in the field, with the province's own procedures first. A query always
answers with its best partial matches.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

import numpy as np
from django.db.models import Exists, OuterRef, Q

from motcua.catalog.index import (
    COVERAGE_SHARE,
    FIELD_WEIGHT,
    LEVEL_BITS,
    ONLINE_CODES,
    PAIR_WEIGHT,
    VARIANT_WEIGHT,
    Index,
    for_day,
    variants_of,
)
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import NATIONAL, PROVINCE, in_force
from motcua.catalog.shapes import SUMMARY
from motcua.catalog.spelling import untyped, words


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


@dataclass
class SearchResult:
    versions: list[ProcedureVersion]
    total: int
    corrected: dict[str, list[str]]
    estimated: bool = False  # kept for the API's count_is_estimate: every count is exact now
    has_more: bool = False


# Words that say how people ask, not what they ask for: they count a little.
# fmt: off
FILLER = frozenset((
    "xin", "lam", "muon", "toi", "minh", "em", "anh", "chi", "can", "giup", "cach", "nhu",
    "nao", "dau", "gi", "the", "nhe", "a", "oi", "o", "di", "ve", "de", "cho", "voi", "thi",
    "la", "phai", "duoc", "ra", "sao", "bao", "lau", "nhieu", "tien",
))
# fmt: on
FILLER_WEIGHT = 0.15
SAID_WEIGHT = 0.3  # a phrase's own words, where the synonym table says what it means
MEANT_WEIGHT = 0.8  # each word of what it means
NUMBERS = dict(
    zip(
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        ["mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"],
        strict=True,
    )
)
RELATIVE_FLOOR = 0.2
MAX_WORDS = 24  # a query longer than this is read up to here
_CODE = re.compile(r"^[0-9]+(?:\.[0-9]+)+(?:\.h[0-9]{2})?$")


@dataclass
class Unit:
    """One query word to look for: its alternatives (a correction may have several), how much
    it counts, and whether it pairs with its neighbours (the name's word order)."""

    alternatives: list[str]
    weight: float = 1.0
    pairs: bool = True


def _closest(word: str, index: Index) -> list[str]:
    """The vocabulary words within one edit (two for long words), the commonest first."""
    limit = 1 if len(word) <= 5 else 2
    deletes = index.deletes()
    candidates = set(deletes.get(word, ()))
    for at in range(len(word)):
        candidates.update(deletes.get(word[:at] + word[at + 1 :], ()))
    scored = sorted(
        (distance, -len(index.terms[c].docs) if c in index.terms else 0, c)
        for c in candidates
        if (distance := _distance(word, c, limit)) <= limit
    )
    if not scored:
        return []
    best = scored[0][0]
    return [c for d, _df, c in scored if d == best][:5]


def plan(query_words: list[str], index: Index) -> tuple[list[Unit], dict[str, list[str]]]:
    """The query as units to score, and the corrections made (typed word → folded words)."""
    corrected: dict[str, list[str]] = {}
    typed = []
    for word in query_words:
        known = word in index.vocabulary or word in index.said
        if (
            not known
            and (fixed := untyped(word))
            and (fixed in index.vocabulary or fixed in index.said)
        ):
            corrected[word] = [fixed]
            word = fixed
        typed.append(word)
    units: list[Unit] = []
    at = 0
    while at < len(typed):
        for size in range(min(index.longest_synonym, len(typed) - at), 0, -1):
            said_words = typed[at : at + size]
            means = index.synonyms.get(tuple(said_words))
            if means is not None:
                if _in_names(said_words, index):
                    # Names use these words too ("tnhh", "giấy phép kinh doanh"): they count.
                    units += [Unit([w]) for w in said_words]
                else:
                    units += [Unit([w], SAID_WEIGHT, pairs=False) for w in said_words]
                # What it means counts as one phrase, however many words the catalog needs.
                weight = MEANT_WEIGHT * min(1.0, (size + 2) / len(means))
                units += [Unit([w], weight) for w in means]
                at += size
                break
        else:
            units.append(_unit(typed[at], at == len(typed) - 1, index, corrected))
            at += 1
    return units, corrected


def _in_names(phrase: list[str], index: Index) -> bool:
    if len(phrase) == 1:
        return phrase[0] in index.terms
    return all(f"{a} {b}" in index.pairs for a, b in itertools.pairwise(phrase))


def _unit(word: str, last: bool, index: Index, corrected: dict[str, list[str]]) -> Unit:
    if word in FILLER:
        return Unit([word], FILLER_WEIGHT, pairs=False)
    if word in NUMBERS:
        return Unit([word, NUMBERS[word]])  # "1 thành viên": names write "một"
    if word in index.vocabulary or word[0].isdigit() or len(word) < 3:
        return Unit([word])
    if last and (started := index.completions(word)):
        return Unit(started)  # still being typed: every way it may go on
    close = _closest(word, index)
    if not close:
        return Unit([word])
    corrected[word] = close
    return Unit(close)


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
    filters = Filters(scope, field, level, agency, online, kind)
    query_words = words(query)[:MAX_WORDS]
    if not query_words:
        return _listing(on, filters, offset, limit)
    index = for_day(on)
    units, corrected = plan(query_words, index)
    scores = np.zeros(index.size, dtype=np.float32)
    covered = np.zeros(index.size, dtype=np.float32)
    for unit in units:
        meaningful = unit.weight > FILLER_WEIGHT
        index.add(
            scores, index.terms, unit.alternatives, unit.weight, covered if meaningful else None
        )
        if unit.pairs:
            index.add(scores, index.fields, unit.alternatives, unit.weight * FIELD_WEIGHT)
    for left, right in itertools.pairwise(units):
        if left.pairs and right.pairs:
            joined = [f"{a} {b}" for a in left.alternatives[:3] for b in right.alternatives[:3]]
            index.add(scores, index.pairs, joined, PAIR_WEIGHT * (left.weight + right.weight) / 2)
    for word in query_words:
        if _CODE.match(word):
            for doc in index.with_code(word):
                scores[doc] += 1000.0  # a procedure's own code comes first
                covered[doc] += 1.0
    scores *= index.prior
    # The share of the name the query covers, and the variants it did not ask for.
    scores *= 1 - COVERAGE_SHARE + COVERAGE_SHARE * np.minimum(covered / index.mass, 1)
    # A variant the name holds and the query does not ask for, or one the query names and the
    # name does not hold.
    said = query_words + [w for unit in units for w in unit.alternatives[:1]]
    asked = np.uint64(variants_of(said, query=True))
    named = np.uint64(variants_of(said))
    mismatched = np.bitwise_count(index.variants & ~asked) + np.bitwise_count(
        named & ~index.variants
    )
    scores *= VARIANT_WEIGHT ** mismatched.astype(np.float32)
    mask = _filters(index, on, filters)
    # A result shares at least one word with the query that is not a filler word.
    mask &= (scores > 0) & (covered > 0)
    if mask.any():
        mask &= scores >= RELATIVE_FLOOR * float(scores[mask].max())
    found = np.nonzero(mask)[0]
    need = offset + limit + 1
    if len(found) > need:
        found = found[np.argpartition(-scores[found], need - 1)[:need]]
    found = found[np.lexsort((index.code_rank[found], -scores[found]))]
    page = [int(index.ids[doc]) for doc in found[offset : offset + limit]]
    shown = {
        word: [index.surface(w) for w in alternatives] for word, alternatives in corrected.items()
    }
    total = int(mask.sum())
    return SearchResult(_load(page), total, shown, has_more=total > offset + limit)


@dataclass(frozen=True)
class Filters:
    """What narrows a search besides its words (the portal's and the API's filters)."""

    scope: str | None = None
    field: int | None = None
    level: str | None = None
    agency: str | None = None
    online: str | None = None
    kind: str | None = None


def _filters(index: Index, on: dt.date, f: Filters) -> np.ndarray:
    mask = index.province.copy() if f.scope == "province" else ~index.shadowed
    if f.field:
        mask &= index.field_ids == f.field
    if f.level:
        mask &= (index.levels & LEVEL_BITS.get(f.level, 0)) != 0
    if f.online:
        mask &= index.online == ONLINE_CODES.get(f.online, -2)
    if f.kind:
        mask &= index.kinds == f.kind
    if f.agency:
        ids = ProcedureVersion.objects.filter(in_force(on), agencies__code=f.agency).values_list(
            "id", flat=True
        )
        mask &= np.isin(index.ids, np.fromiter(ids, dtype=np.int64))
    return mask


def _listing(on: dt.date, f: Filters, offset: int, limit: int) -> SearchResult:
    """The whole list, by code, filtered in SQL (no words to rank by)."""
    qs = ProcedureVersion.objects.filter(in_force(on))
    if f.scope == "province":
        qs = qs.filter(source=PROVINCE)
    else:
        province = ProcedureVersion.objects.filter(
            in_force(on), source=PROVINCE, procedure_id=OuterRef("procedure_id")
        )
        qs = qs.exclude(Q(source=NATIONAL) & Exists(province))
    if f.field:
        qs = qs.filter(field_id=f.field)
    if f.level:
        qs = qs.filter(levels__contains=f",{f.level},")
    if f.agency:
        qs = qs.filter(agencies__code=f.agency)
    if f.online:
        qs = qs.filter(online=f.online)
    if f.kind:
        qs = qs.filter(procedure__kind=f.kind)
    total = qs.count()
    page = list(
        qs.select_related("procedure", "field")
        .defer("raw")
        .order_by("procedure__code", "-number")[offset : offset + limit + 1]
    )
    return SearchResult(page[:limit], total, {}, has_more=len(page) > limit)


def _load(ids: list[int]) -> list[ProcedureVersion]:
    # What a result row shows (the API's summary, the portal's list), not every column: the
    # original record alone costs more to decode than the rest of the page.
    versions = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .only(*SUMMARY.columns(joined=True))
        .in_bulk(ids)
    )
    return [versions[i] for i in ids]
