"""Catalog search in citizens' words (issue 21): the queries of ``bench/data/search_queries.tsv``
— written the way people type them, each with the procedure it wants — searched in the catalog of
the national records (the sample and the Ministry of Justice's, 2,300 procedures). Reported: the
share found first (target ≥ 0.8), in the first five (target ≥ 0.95), and the mean reciprocal
rank; the misses are listed with what came first. The speed over 100,000 versions is
``catalog_search``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from bench.django_env import database

QUERIES = Path(__file__).resolve().parent / "data" / "search_queries.tsv"


def queries(path: Path = QUERIES) -> list[tuple[str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            query, codes = line.split("\t")
            rows.append((query, codes.split(",")))
    return rows


def run(quick: bool = False) -> Iterator[dict]:
    with database() as vendor:
        from django.utils import timezone

        from motcua.catalog.search import search
        from motcua.catalog.services import import_file
        from motcua.demo.catalog import JUSTICE, SAMPLE

        for path in (SAMPLE, JUSTICE):
            import_file(path, on=dt.date(2022, 1, 1))
        today = timezone.localdate()
        ranks, misses = [], []
        for query, codes in queries():
            found = [v.procedure.code for v in search(query, on=today, limit=10).versions]
            rank = next((i for i, code in enumerate(found, start=1) if code in codes), None)
            ranks.append(rank)
            if rank != 1:
                misses.append(
                    {"query": query, "wanted": codes[0], "rank": rank, "first": found[:3]}
                )
        tag = f"search_quality[{vendor}]"
        total = len(ranks)
        for metric, value, target in (
            ("top1", sum(r == 1 for r in ranks) / total, 0.8),
            ("top5", sum(r is not None and r <= 5 for r in ranks) / total, 0.95),
            ("mrr", sum(1 / r for r in ranks if r) / total, None),
        ):
            yield {
                "bench": tag,
                "metric": metric,
                "value": round(value, 3),
                "unit": "share",
                "target": target,
                "queries": total,
            }
        yield {
            "bench": tag,
            "metric": "misses",
            "value": len(misses),
            "unit": "queries",
            "target": None,
            "misses": misses,
        }
