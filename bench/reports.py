"""The periodic report and the service-quality indicators at volume.

1,000,000 dossiers on SQLite and 10,000,000 on PostgreSQL (``--quick``: 20,000; ``BENCH_REPORT_
DOSSIERS`` sets another number), spread over January 2023 to June 2026 across the demo province's
agencies, written in bulk from a few thousand made-up lifecycles (received, resolved early, on
time or late, refused, withdrawn, returned; counter, post and online) — not through the services:
the counts need the volume, not the history — and the statistics' day book rebuilt from them.
Then, best of three:

* the 6-month province report (2026-H1) from the day book — target ≤ 2 s;
* the same counts read over the dossiers, for the ratio (and as a check: they must agree);
* the month's indicators (2026-06): the province's scorecard and every agency's ranking —
  target ≤ 2 s;
* rebuilding the day book from the dossiers (informational).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import time
import zoneinfo
from collections.abc import Iterator

from bench.django_env import database

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "1.012781"
FIRST = dt.datetime(2023, 1, 2, 7, 30, tzinfo=VN)
SPAN_DAYS = (dt.date(2026, 6, 30) - dt.date(2023, 1, 2)).days
NAMES = (["Nguyễn", "Trần", "Lê", "Hoàng", "Nông", "Triệu"], ["Văn", "Thị", "Đức"], ["An", "Hà"])


def _setup():
    from motcua.agencies.models import Agency
    from motcua.catalog import services as catalog
    from motcua.catalog.models import DecisionItem
    from motcua.catalog.services import import_national_records, read_lines
    from motcua.demo import agencies
    from motcua.demo.catalog import SAMPLE

    agencies.load_2023()
    import_national_records([line for line in read_lines(SAMPLE) if f'"{CODE}"' in line])
    decision = catalog.create_decision("1/QĐ-BENCH")
    catalog.add_item(decision, DecisionItem.Action.NEW, CODE)
    catalog.sign_decision(decision, signed_on=dt.date(2023, 1, 2))
    desks = list(Agency.objects.filter(level__in=["department", "district", "commune"]))
    return desks


def _lifecycles(version, rng: random.Random, count: int) -> list[dict]:
    """``count`` dossier rows received on the first day, as dicts of column values."""
    from motcua.dossiers.models import Dossier, State

    rows = []
    for index in range(count):
        received = FIRST + dt.timedelta(minutes=rng.randrange(0, 9 * 60))
        limit = rng.choice([3, 5, 7, 10, 15, 20])
        legal_due = received + dt.timedelta(days=limit * 7 / 5)
        channel = rng.choices(["online", "direct", "post"], [70, 28, 2])[0]
        values = {
            "received_at": received,
            "legal_due_at": legal_due,
            "due_at": legal_due,
            "state": State.PROCESSING,
            "digitized": channel == "online" or rng.random() < 0.7,
            "reused": channel == "online" and rng.random() < 0.1,
        }
        roll = rng.random()
        if roll < 0.03:  # refused at reception: never received
            values |= {"received_at": None, "legal_due_at": None, "due_at": None}
            values |= {"refused_at": received, "state": State.REFUSED}
        elif roll < 0.05:
            values |= {"stopped_at": received + dt.timedelta(days=2), "state": State.STOPPED}
        else:
            late = rng.random() < 0.05
            share = rng.uniform(1.05, 1.4) if late else rng.uniform(0.3, 0.97)
            resolved = received + (legal_due - received) * share
            values |= {
                "resolved_at": resolved,
                "late": late,
                "early": not late and resolved.astimezone(VN).date() < legal_due.date(),
                "state": State.RESOLVED,
            }
            if rng.random() < 0.95:
                values |= {"returned_at": resolved + dt.timedelta(hours=20)}
                values |= {"state": State.RETURNED}
        dossier = Dossier(
            code="",
            procedure_id=version.procedure_id,
            version=version,
            regime="nd61-2018",
            channel=channel,
            applicant_kind="person",
            applicant_name="",
            result_delivery="direct",
            limit_value=limit,
            limit_unit="working_days",
            **values,
        )
        row = {f.attname: getattr(dossier, f.attname) for f in Dossier._meta.concrete_fields}
        row["id"] = index  # the writer's key for what it prepares once
        rows.append(row)
    return rows


def _generate(total: int, desks, version, rng: random.Random) -> float:
    from django.db import transaction

    from motcua.core.codes import format_dossier_code
    from motcua.core.text import fold
    from motcua.demo.volume import RowWriter
    from motcua.dossiers.models import Dossier

    weights = [{"department": 40, "district": 8, "commune": 1}[d.level] for d in desks]
    cumulative = list(itertools.accumulate(weights))
    names = [f"{a} {b} {c}" for a in NAMES[0] for b in NAMES[1] for c in NAMES[2]]
    folded = {name: fold(name) for name in names}
    lifecycles = _lifecycles(version, rng, 3000)
    sequence: dict[tuple[int, dt.date], int] = {}
    writer = RowWriter(Dossier)
    started = time.perf_counter()
    with transaction.atomic():
        for _ in range(total):
            desk = rng.choices(desks, cum_weights=cumulative)[0]
            shift = dt.timedelta(days=rng.randrange(SPAN_DAYS))
            day = FIRST.date() + shift
            number = sequence[desk.pk, day] = sequence.get((desk.pk, day), 0) + 1
            name = rng.choice(names)
            writer.add(
                rng.choice(lifecycles),
                shift,
                {
                    "code": format_dossier_code(desk.code, day, number),
                    "applicant_name": name,
                    "applicant_folded": folded[name],
                    "deciding_agency_id": desk.pk,
                    "receiving_agency_id": desk.pk,
                    "holder_id": desk.pk,
                },
            )
            if len(writer.rows) == 20_000:
                writer.write()
        writer.write()
    return time.perf_counter() - started


def _best(function, repeat: int = 3) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def run(quick: bool = False) -> Iterator[dict]:
    rng = random.Random(8)
    with database() as vendor:
        from motcua.catalog.models import ProcedureVersion
        from motcua.dossiers import tally
        from motcua.reports import indicators, periods, statistics

        default = 20_000 if quick else (10_000_000 if vendor == "postgresql" else 1_000_000)
        total = int(os.environ.get("BENCH_REPORT_DOSSIERS", default))
        desks = _setup()
        version = ProcedureVersion.objects.get(procedure__code=CODE, source="province")
        written = _generate(total, desks, version, rng)
        rebuilt = time.perf_counter()
        tally.rebuild()
        rebuilt = time.perf_counter() - rebuilt
        bench = f"reports ({vendor}, {total:,} dossiers)"

        def row(metric: str, value, unit: str, target: float | None = None) -> dict:
            # A target here is a ceiling: lower is better.
            return {"bench": bench, "metric": metric, "value": value, "unit": unit} | (
                {"target": target, "higher_is_better": False} if target else {"target": None}
            )

        yield row("dossiers_written_per_second", round(total / written), "1/s")
        yield row("day_book_rebuild", round(rebuilt, 2), "s")

        half = periods.calendar_period("2026-H1")
        scope = statistics.Scope()
        book, from_book = _best(lambda: statistics.dossier_statistics(half))
        direct, over = _best(lambda: statistics._counted_over_dossiers(half, scope, False)[None])
        assert all(over[k] == from_book[k] for k in from_book if k in over), "they disagree"
        yield row("half_year_report", round(book, 3), "s", 2.0)
        yield row("half_year_over_dossiers", round(direct, 3), "s")
        yield row("speedup_day_book", round(direct / book, 1), "x")

        month, _ = _best(lambda: (indicators.scorecard("2026-06"), indicators.ranking("2026-06")))
        yield row("month_indicators", round(month, 3), "s", 2.0)
