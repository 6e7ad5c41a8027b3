"""Reference data read on every write, kept in the process between changes.

The catalog's versions, time limits and internal processes, the agencies, the staff's roles and
the working calendar's versions change a few times a month; a desk reads them on every dossier it
receives. A read through ``cached`` is kept in this process under the database's *reference
stamp*, and served again while the stamp is unchanged.

The stamp is moved by database triggers (migration core 0003) on every insert, update, delete or
truncate of the tables in ``TABLES`` — whatever makes the change: the services, the admin, a bulk
update, raw SQL, another process. A stamp is never reused (a PostgreSQL sequence, which a rollback
does not wind back; on SQLite a random 64-bit number), so an entry read inside a transaction that
was rolled back is never served under a stamp that later means other data. Without a stamp row (a
database just flushed) nothing is cached.

What is cached is kept pickled and unpickled on the way out — a caller may change what it gets
without changing what the next caller gets, and unpickling a model instance costs a third of
deep-copying it.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")

# The tables whose rows a ``cached`` read may depend on. A table added here needs a migration
# installing its triggers (tests/core/test_reference.py fails until it has them).
TABLES = (
    "agencies_agency",
    "agencies_staffrole",
    "catalog_internalprocess",
    "catalog_procedure",
    "catalog_procedureversion",
    "catalog_timelimit",
    "workdays_calendarversion",
)

LIMIT = 20_000  # entries per stamp; past it the process starts again from empty

_lock = threading.Lock()
_held: tuple[int | None, dict] = (None, {})


def stamp() -> int | None:
    """The database's reference stamp now (None on a database without one)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM core_referencestamp WHERE id = 1")
        row = cursor.fetchone()
    return None if row is None else row[0]


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or a copy of its value read earlier under the current stamp."""
    global _held
    now = stamp()
    if now is None:
        return compute()
    held, entries = _held
    if held != now:
        with _lock:
            if _held[0] != now:
                _held = (now, {})
            entries = _held[1]
    try:
        return pickle.loads(entries[key])  # noqa: S301 - our own bytes, never the network's
    except KeyError:
        value = compute()
        if len(entries) >= LIMIT:
            entries.clear()
        entries[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return value
