"""The catalog's search index, in memory (docs/adr/0019).

One document per procedure in force on a day (the province's version where it has one, else
the national record), its name's words weighed BM25-style — how rare a word is in the catalog,
how much of a short name it makes — with its field's words weighed less and adjacent words of
the name indexed as pairs, so "giấy phép xây dựng" in that order counts more than the four words
scattered. Scores are added up in numpy arrays: a query over 100,000 versions takes a few
milliseconds. The index is built once per process for a day and kept until the catalog changes
(``core.reference.shared``: any write to the versions, the fields or the synonyms).

The signals beside the words are the province's: a procedure the province publishes comes
before a national record it does not, a procedure done at the commune or the province before one
done only at a ministry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Exists, OuterRef

from motcua.catalog.models import ProcedureVersion, SearchSynonym
from motcua.catalog.selectors import NATIONAL, PROVINCE, in_force
from motcua.catalog.spelling import fold_word, folded_words, words
from motcua.core import reference
from motcua.core.text import fold

K1, B = 1.2, 0.5  # BM25: how fast a repeated word stops counting; how much length matters
FIELD_WEIGHT = 0.3  # a word of the field counts this much of a word of the name
PAIR_WEIGHT = 0.6  # two query words side by side in the name: this much more
LEVEL_PRIOR = {"commune": 1.1, "province": 1.05}  # else 0.9 (a ministry's alone)
PUBLISHED_PRIOR = 1.2  # in the province's list

# Words that make a procedure a variant of another ("cấp lại", "gia hạn", "có yếu tố nước
# ngoài"…): a name holding one the query does not ask for weighs less — people mean the basic
# procedure unless they say otherwise.
VARIANTS = (
    ("cap lai", "ky lai"),
    ("cap doi",),
    ("gia han",),
    ("dieu chinh",),
    ("bo sung",),
    ("thay doi",),
    ("hieu dinh",),
    ("cham dut",),
    ("tam ngung", "tiep tuc"),
    ("giai the",),
    ("thu hoi",),
    ("dung thuc hien",),
    ("huy",),
    ("xoa",),
    ("sua doi",),
    ("cap nhat",),
    ("chuyen doi",),
    ("luu dong",),
    ("yeu to nuoc ngoai", "nha thau nuoc ngoai", "nguoi nuoc ngoai"),
    ("bien gioi",),
    ("khoi phuc",),
    ("ket hop",),
    ("giam sat",),
    ("chia", "tach", "hop nhat", "sap nhap"),
    ("chi nhanh", "van phong dai dien"),
    ("xuat khau", "nhap khau", "tam nhap", "qua canh"),
)
# A query word that asks for these variants without naming them whole.
ASKS = {"lai": ("cap lai",), "doi": ("cap doi", "thay doi", "chuyen doi")}
VARIANT_WEIGHT = 0.75  # each variant the query does not ask for
COVERAGE_SHARE = 0.3  # how much of a score depends on the share of the name the query covers

LEVEL_BITS = {"ministry": 1, "province": 2, "district": 4, "commune": 8, "other": 16}
ONLINE_CODES = {value: index for index, value in enumerate(ProcedureVersion.Online.values)}
_SURFACE = re.compile(r"\w+")


@dataclass
class Postings:
    docs: np.ndarray  # document indices, ascending
    weights: np.ndarray  # BM25's term-in-document part (before the word's rarity)
    idf: float


def _postings(bags: list[list[str]], lengths: np.ndarray) -> dict[str, Postings]:
    """Each term's documents and BM25 weights, from each document's words (computed in arrays:
    a list of terms, a list of documents, then one sort)."""
    ids: dict[str, int] = {}
    terms, docs = [], []
    for doc, bag in enumerate(bags):
        for term in bag:
            terms.append(ids.setdefault(term, len(ids)))
            docs.append(doc)
    if not terms:
        return {}
    term_ids = np.array(terms, dtype=np.int64)
    doc_ids = np.array(docs, dtype=np.int64)
    # Occurrences of one term in one document counted together: the key sorts by term, then doc.
    keys, tf = np.unique(term_ids * len(bags) + doc_ids, return_counts=True)
    term_of, doc_of = keys // len(bags), (keys % len(bags)).astype(np.int32)
    average = float(lengths.mean()) if len(lengths) else 1.0
    norm = K1 * (1 - B + B * lengths[doc_of] / average)
    weights = (tf * (K1 + 1) / (tf + norm)).astype(np.float32)
    starts = np.searchsorted(term_of, np.arange(len(ids) + 1))
    total = len(bags)
    made = {}
    for term, index in ids.items():
        start, end = starts[index], starts[index + 1]
        df = int(end - start)
        made[term] = Postings(
            doc_of[start:end], weights[start:end], math.log(1 + (total - df + 0.5) / (df + 0.5))
        )
    return made


class Index:
    """The documents of one day, their postings and what a query needs to read itself."""

    def __init__(self, rows: list[dict], synonyms: list[tuple[str, str]]) -> None:
        self.size = len(rows)
        self.ids = np.array([r["id"] for r in rows], dtype=np.int64)
        self.codes = [r["procedure__code"] for r in rows]
        self.sorted_codes = sorted((code.lower(), doc) for doc, code in enumerate(self.codes))
        self.field_ids = np.array([r["field_id"] or 0 for r in rows], dtype=np.int64)
        self.levels = np.array(
            [sum(LEVEL_BITS.get(x, 0) for x in r["levels"].split(",") if x) for r in rows],
            dtype=np.int8,
        )
        self.online = np.array([ONLINE_CODES.get(r["online"], -1) for r in rows], dtype=np.int8)
        self.kinds = np.array([r["procedure__kind"] for r in rows])
        self.province = np.array([r["source"] == PROVINCE for r in rows], dtype=bool)
        self.shadowed = np.array([r["shadowed"] for r in rows], dtype=bool)
        order = sorted(range(self.size), key=lambda doc: self.codes[doc])
        self.code_rank = np.empty(self.size, dtype=np.int32)
        self.code_rank[order] = np.arange(self.size, dtype=np.int32)
        prior = np.full(self.size, 0.9, dtype=np.float32)
        prior[(self.levels & LEVEL_BITS["province"]) != 0] = LEVEL_PRIOR["province"]
        prior[(self.levels & LEVEL_BITS["commune"]) != 0] = LEVEL_PRIOR["commune"]
        prior[self.province] *= PUBLISHED_PRIOR
        self.prior = prior
        # A name says what the procedure does before its qualifiers (``action``: its variants),
        # and how long it is before a parenthesis ("(công trình…/nhà ở…)" lists the cases it
        # covers).
        names, fields, pairs, mains, variants = [], [], [], [], []
        field_words: dict[str, list[str]] = {}
        for row in rows:
            folded = fold(row["name"])
            name = folded_words(folded)
            main = folded_words(folded.split("(")[0]) or name
            mains.append(main)
            variants.append(variants_of(folded_words(action(folded))))
            names.append(name)
            pairs.append([f"{a} {b}" for a, b in itertools.pairwise(name)])
            field_name = row["field__name"] or ""
            if field_name not in field_words:
                field_words[field_name] = words(field_name)
            fields.append(field_words[field_name])
        self.variants = np.array(variants, dtype=np.uint64)
        lengths = np.array([len(main) or 1 for main in mains] or [1], dtype=np.float32)
        self.terms = _postings(names, lengths)
        self.pairs = _postings(pairs, lengths)
        field_lengths = np.array([len(bag) or 1 for bag in fields] or [1], np.float32)
        self.fields = _postings(fields, field_lengths)
        # How much there is to cover in each name: the rarity of its words, added up.
        self.mass = np.array(
            [sum(self.terms[w].idf for w in set(main)) or 1.0 for main in mains] or [1.0],
            dtype=np.float32,
        )
        self.vocabulary = set(self.terms) | set(self.fields)
        self.sorted_vocabulary = sorted(self.vocabulary)
        self._names = [row["name"] for row in rows]
        self._surfaces: dict[str, str] | None = None
        self.synonyms = {tuple(words(phrase)): words(means) for phrase, means in synonyms}
        self.synonyms.pop((), None)
        self.longest_synonym = max((len(p) for p in self.synonyms), default=0)
        self.said = {word for phrase in self.synonyms for word in phrase}  # their words
        self._deletes: dict[str, list[str]] | None = None

    def surface(self, word: str) -> str:
        """The accented form the folded ``word`` is most often written in (a correction is shown
        with its accents); read from the names the first time a correction needs it."""
        if self._surfaces is None:
            seen: dict[str, Counter] = defaultdict(Counter)
            for name in self._names:
                for written in _SURFACE.findall(name.lower()):
                    seen[fold_word(written)][written] += 1
            self._surfaces = {folded: forms.most_common(1)[0][0] for folded, forms in seen.items()}
        return self._surfaces.get(word, word)

    def with_code(self, code: str) -> list[int]:
        """The documents of the procedure ``code`` and its localised copies (1.012781.H03)."""
        code = code.lower()
        at = bisect.bisect_left(self.sorted_codes, (code, -1))
        found = []
        for held, doc in self.sorted_codes[at:]:
            if held != code and not held.startswith(code + "."):
                break
            found.append(doc)
        return found

    def deletes(self) -> dict[str, list[str]]:
        """Each vocabulary word under itself and its one-letter deletions (spelling look-up)."""
        if self._deletes is None:
            found: dict[str, list[str]] = defaultdict(list)
            for word in self.vocabulary:
                if word[0].isdigit() or len(word) < 3:
                    continue
                found[word].append(word)
                for at in range(len(word)):
                    found[word[:at] + word[at + 1 :]].append(word)
            self._deletes = dict(found)
        return self._deletes

    def completions(self, start: str, limit: int = 8) -> list[str]:
        """The commonest vocabulary words that start with ``start`` (a word being typed)."""
        found = []
        for word in self.sorted_vocabulary[bisect.bisect_left(self.sorted_vocabulary, start) :]:
            if not word.startswith(start):
                break
            found.append(word)
        found.sort(key=lambda w: -len(self.terms[w].docs) if w in self.terms else 0)
        return found[:limit]

    def add(
        self,
        scores: np.ndarray,
        postings: dict[str, Postings],
        terms: list[str],
        weight: float,
        covered: np.ndarray | None = None,
    ) -> None:
        """Add, for each document, the best of ``terms`` (alternatives of one query word), and
        to ``covered`` the rarity of the word found there."""
        if len(terms) == 1:
            found = postings.get(terms[0])
            if found is not None:
                scores[found.docs] += weight * found.idf * found.weights
                if covered is not None:
                    covered[found.docs] += found.idf
            return
        best = np.zeros(self.size, dtype=np.float32)
        rarity = np.zeros(self.size, dtype=np.float32)
        for term in terms:
            found = postings.get(term)
            if found is not None:
                best[found.docs] = np.maximum(best[found.docs], found.idf * found.weights)
                rarity[found.docs] = np.maximum(rarity[found.docs], found.idf)
        scores += weight * best
        if covered is not None:
            covered += rarity


_QUALIFIERS = re.compile(r";|\(| khi | trong truong hop | doi voi | do ")


def action(folded: str) -> str:
    """What a (folded) name says the procedure does, before its qualifiers: "cap lai giay phep
    … khi bi mat, … co su thay doi ve ten" is a re-issue, whatever the case it is for; "…; dang
    ky chuyen doi…" adds a case."""
    return _QUALIFIERS.split(f" {folded} ", maxsplit=1)[0]


def variants_of(folded: list[str], *, query: bool = False) -> int:
    """The bits of the variant words that ``folded`` holds (a query's also of those it asks for:
    "đổi" asks for "cấp đổi" and "thay đổi")."""
    text = " " + " ".join(folded) + " "
    named = {phrase for family in VARIANTS for phrase in family if f" {phrase} " in text}
    for word in set(folded) & set(ASKS) if query else ():
        named.update(ASKS[word])
    return sum(1 << bit for bit, family in enumerate(VARIANTS) if named & set(family))


def _rows(on: dt.date) -> list[dict]:
    province = ProcedureVersion.objects.filter(
        in_force(on), source=PROVINCE, procedure_id=OuterRef("procedure_id")
    )
    versions = (
        ProcedureVersion.objects.filter(in_force(on))
        .annotate(shadowed=Exists(province))
        .order_by("procedure__code", "-number")
        .values(
            "id",
            "name",
            "levels",
            "online",
            "source",
            "field_id",
            "field__name",
            "procedure__code",
            "procedure__kind",
            "shadowed",
        )
    )
    kept: list[dict] = []
    seen = set()
    for row in versions:
        # One version a procedure and source (the newest); a national record that the
        # province's version of the same procedure shadows is kept for the province scope only.
        key = (row["procedure__code"], row["source"])
        if key in seen:
            continue
        seen.add(key)
        row["shadowed"] = row["shadowed"] and row["source"] == NATIONAL
        kept.append(dict(row))
    return kept


def _boundaries() -> list[dt.date]:
    """The days the catalog in force changes on: a version starts, or the day after one ends."""
    days: set[dt.date] = set()
    for start, end in ProcedureVersion.objects.values_list("effective_from", "effective_to"):
        if start is not None:
            days.add(start)
        if end is not None:
            days.add(end + dt.timedelta(days=1))
    return sorted(days)


def for_day(on: dt.date) -> Index:
    """The index of the catalog in force on ``on``, built once until the catalog changes. Days
    between two changes of the catalog share one index: a search "as of" any day costs a build
    only when that day's catalog differs from every one held."""
    boundaries = reference.cached(("catalog.index.boundaries",), _boundaries)
    at = bisect.bisect_right(boundaries, on)
    epoch = boundaries[at - 1] if at else dt.date.min
    return reference.shared(
        ("catalog.index", epoch),
        lambda: Index(_rows(on), list(SearchSynonym.objects.values_list("phrase", "means"))),
    )
