"""Catalog search through the HTTP API over 100,000 procedure versions: p50 and p95 (target p95
≤ 30 ms), and the detail page. Versions are generated from the real national records' names."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

from bench.django_env import database, percentile, settle

TARGET_VERSIONS = 100_000


def _seed(total: int, rng: random.Random) -> list[str]:
    from motcua.catalog.models import Procedure, ProcedureVersion
    from motcua.catalog.services import import_file, refresh_statistics
    from motcua.demo.catalog import SAMPLE

    import_file(SAMPLE, on=dt.date(2022, 1, 1))
    real = list(ProcedureVersion.objects.values_list("name", "field_id"))
    qualifiers = [
        "cấp tỉnh",
        "cấp xã",
        "lần đầu",
        "cấp lại",
        "điều chỉnh",
        "gia hạn",
        "đối với tổ chức",
        "đối với cá nhân",
        "trong khu công nghiệp",
        "thủy nội địa",
    ]
    names = []
    batch_p, batch_v = [], []
    for index in range(total - len(real)):
        name, field_id = rng.choice(real)
        name = f"{name} {rng.choice(qualifiers)}"
        batch_p.append(Procedure(code=f"9.{index:06d}"))  # 9.: no real code clashes
        names.append((name, field_id))
        if len(batch_p) == 5000 or index == total - len(real) - 1:
            created = Procedure.objects.bulk_create(batch_p, ignore_conflicts=False)
            for procedure, (n, f) in zip(created, names, strict=True):
                batch_v.append(
                    ProcedureVersion(
                        procedure=procedure,
                        number=1,
                        status="published",
                        source="national",
                        name=n,
                        field_id=f,
                        levels=",province,",
                    )
                )
            ProcedureVersion.objects.bulk_create(batch_v)
            batch_p, batch_v, names = [], [], []
    refresh_statistics()
    return [n for n, _ in real]


def _queries(names: list[str], rng: random.Random, count: int) -> list[str]:
    from motcua.core.text import fold

    queries = []
    for _ in range(count):
        words = fold(rng.choice(names)).split()
        start = rng.randrange(max(1, len(words) - 3))
        queries.append(" ".join(words[start : start + rng.randint(2, 4)]))
    return queries


def run(quick: bool = False) -> Iterator[dict]:
    rng = random.Random(100)
    with database() as vendor:
        from django.test import Client

        total = 10_000 if quick else TARGET_VERSIONS
        from django.utils import timezone

        from motcua.catalog.index import for_day

        names = _seed(total, rng)
        settle()
        started = time.perf_counter()
        for_day(timezone.localdate())  # what the first search after a catalog change pays
        build = (time.perf_counter() - started) * 1000
        client = Client()
        timings, detail = [], []
        for query in _queries(names, rng, 30 if quick else 200):
            started = time.perf_counter()
            response = client.get("/api/v1/procedures", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        codes = ["1.012781", "1.001061", "2.002060", "1.004286"]
        for index in range(40 if quick else 200):
            started = time.perf_counter()
            response = client.get(f"/api/v1/procedures/{codes[index % len(codes)]}")
            detail.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        yield {
            "bench": f"catalog_search[{vendor},{total}]",
            "metric": "index_build_ms",
            "value": round(build, 1),
            "unit": "ms",
            "target": None,
        }
        for metric, values, target in [
            ("search_p50", timings, None),
            ("search_p95", timings, 30),
            ("detail_p50", detail, None),
            ("detail_p95", detail, 20),
        ]:
            share = 0.5 if metric.endswith("p50") else 0.95
            yield {
                "bench": f"catalog_search[{vendor},{total}]",
                "metric": metric,
                "value": round(percentile(values, share), 2),
                "unit": "ms",
                "target": target,
                "higher_is_better": False,
            }
