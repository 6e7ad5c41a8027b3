"""A throw-away database for a benchmark: SQLite in a temporary directory, or the PostgreSQL named
by BENCH_DATABASE_URL (created and dropped by Django's test-database machinery)."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager


@contextmanager
def database():
    tmp = tempfile.mkdtemp(prefix="motcua-bench-")
    os.environ.setdefault("MOTCUA_DATA_DIR", tmp)
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )

    setup_test_environment()  # the test client's host, in-memory mail
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield connection.vendor
    finally:
        teardown_databases(old, verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
