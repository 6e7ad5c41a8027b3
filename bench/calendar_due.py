"""Due-date computations per second on one core: random receipts over 2023–2026, N in 0.25..60
working days, on the official calendar. Also the same run's ratio against a plain day-by-day loop,
which is what a straightforward implementation does."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

from motcua.workdays.calendar import LEGAL_DAY
from motcua.workdays.snapshot import reference_calendar

VN = dt.timezone(dt.timedelta(hours=7))


def _workload(n: int, seed: int = 2023) -> list[tuple[dt.datetime, float]]:
    rng = random.Random(seed)
    base = dt.datetime(2023, 1, 1, tzinfo=VN)
    span = int((dt.datetime(2027, 1, 1, tzinfo=VN) - base).total_seconds())
    return [
        (base + dt.timedelta(seconds=rng.randrange(span - 200 * 86400)), rng.randint(1, 240) / 4)
        for _ in range(n)
    ]


def _naive_due(cal, start: dt.datetime, days: float) -> dt.datetime:
    """Walk day by day (only whole-day positions; enough for a fair cost comparison)."""
    position = cal.position(start)
    index, passed = divmod(position, LEGAL_DAY)
    day = cal.moment(index * LEGAL_DAY, closing=False).date()
    remaining = int(days * 4) * (LEGAL_DAY // 4) + passed
    while remaining > LEGAL_DAY:
        day += dt.timedelta(days=1)
        while not cal.is_working_day(day):
            day += dt.timedelta(days=1)
        remaining -= LEGAL_DAY
    return dt.datetime(day.year, day.month, day.day, tzinfo=VN)


def _rate(func, workload) -> float:
    best = 0.0
    for _ in range(3):  # best of three: the machine is shared and noisy
        started = time.perf_counter()
        for start, days in workload:
            func(start, days)
        best = max(best, len(workload) / (time.perf_counter() - started))
    return best


def run(quick: bool = False) -> Iterator[dict]:
    cal = reference_calendar()
    workload = _workload(20_000 if quick else 200_000)
    rate = _rate(cal.add_working_days, workload)
    yield {
        "bench": "calendar_due",
        "metric": "due_per_second",
        "value": round(rate),
        "unit": "1/s",
        "target": 200_000,
    }
    naive = _rate(lambda s, d: _naive_due(cal, s, d), workload[: len(workload) // 10])
    yield {
        "bench": "calendar_due",
        "metric": "speedup_vs_day_by_day",
        "value": round(rate / naive, 1),
        "unit": "x",
        "target": None,
    }
