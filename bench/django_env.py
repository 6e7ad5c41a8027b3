"""A throw-away database for a benchmark: SQLite in a temporary directory, or PostgreSQL when
BENCH_DATABASE_URL (or a postgres DATABASE_URL, as scripts/with-postgres.sh sets) names a server; the
database is created and dropped by Django's test-database machinery."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager


@contextmanager
def database(shared: bool = False):
    """``shared``: the test database in a file other processes can open (SQLite's is otherwise
    in memory); ``database_url()`` then names it."""
    tmp = tempfile.mkdtemp(prefix="motcua-bench-")
    os.environ.setdefault("MOTCUA_DATA_DIR", tmp)
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        url = os.environ["DATABASE_URL"]  # e.g. under scripts/with-postgres.sh
    os.environ["DATABASE_URL"] = url or f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    if shared and connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = f"{tmp}/test.sqlite3"
    setup_test_environment()  # the test client's host, in-memory mail
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield connection.vendor
    finally:
        teardown_databases(old, verbosity=0)
        teardown_test_environment()  # the next benchmark of the run sets it up again


def database_url() -> str:
    """The URL of the database in use (after ``database(shared=True)``), for another process."""
    from django.db import connection

    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{conf['NAME']}"
    auth = f"{conf['USER']}:{conf['PASSWORD']}@" if conf["PASSWORD"] else f"{conf['USER']}@"
    return f"postgres://{auth}{conf['HOST']}:{conf['PORT']}/{conf['NAME']}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def settle() -> None:
    """After a bulk load, bring the tables to the state a table in service is in: statistics
    fresh and, on PostgreSQL, vacuumed as autovacuum would have done (hint bits set, visibility
    map built) — otherwise the first reads of a million fresh rows write them back, and the
    timings measure that instead of the requests."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


DEMO_PASSWORD = "motcua-demo"


def api_headers(client, username: str = "stp.motcua") -> dict:
    """The Authorization header of a demo officer's API token, for the test client."""
    token = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": DEMO_PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Token {token}"}
