"""Reference data read on every write, kept in the process between changes.

The catalog's versions, time limits and internal processes, the agencies, the staff's roles and
the working calendar's versions change a few times a month; a desk reads them on every dossier it
receives. A read through ``cached`` is kept in this process under the database's *reference
stamp*, and served again while the stamp is unchanged.

The stamp is moved by database triggers on every insert, update, delete or truncate of the tables
in ``TABLES`` — whatever makes the change: the services, the admin, a bulk update, raw SQL,
another process. Migration core 0003 installed them; ``install_triggers`` runs after every
``migrate`` and puts back any that is missing (SQLite drops a table's triggers when a migration
rebuilds the table) and adds those of a table newly listed.

A stamp is never reused (a PostgreSQL sequence, which a rollback does not wind back; on SQLite a
random 64-bit number), so an entry read inside a transaction that was rolled back is never served
under a stamp that later means other data. On PostgreSQL only a transaction's first reference
write moves the row (each write of a row leaves a version that the transaction's later reads
walk past: a catalog load made every read slower than the last); its later writes move a
transaction-local setting that is read with the row (migration core 0004). Without a stamp row
(a database just flushed) nothing is cached.

What is cached is kept pickled and unpickled on the way out — a caller may change what it gets
without changing what the next caller gets, and unpickling a model instance costs a third of
deep-copying it.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.db import connection as default_connection
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

# The tables whose rows a ``cached`` read may depend on.
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
_held: tuple[tuple[int, str] | None, dict] = (None, {})


# On PostgreSQL the row moves once per transaction and the transaction's later reference writes
# move a transaction-local setting (migration core 0004); the stamp is the two together.
_READ = {
    "postgresql": "SELECT token, coalesce(current_setting('motcua.reference_local', true), '') "
    "FROM core_referencestamp WHERE id = 1",
    "sqlite": "SELECT token, '' FROM core_referencestamp WHERE id = 1",
}


def stamp() -> tuple[int, str] | None:
    """The database's reference stamp now (None on a database without one)."""
    with default_connection.cursor() as cursor:
        cursor.execute(_READ[default_connection.vendor])
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def _entries(now: tuple[int, str]) -> dict:
    """The entries kept under the stamp ``now`` (a new stamp starts from empty)."""
    global _held
    held, entries = _held
    if held != now:
        with _lock:
            if _held[0] != now:
                _held = (now, {})
            entries = _held[1]
    return entries


def _keep(entries: dict, key: Hashable, value: object) -> None:
    if len(entries) >= LIMIT:
        entries.clear()
    entries[key] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or a copy of its value read earlier under the current stamp."""
    now = stamp()
    if now is None:
        return compute()
    entries = _entries(now)
    try:
        return pickle.loads(entries[key])  # noqa: S301 - our own bytes, never the network's
    except KeyError:
        value = compute()
        _keep(entries, key, value)
        return value


def cached_each(keys: Iterable[K], read: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """``{key: value}`` for ``keys``, each kept as ``cached`` keeps a value, under one read of
    the stamp; the keys not kept yet are read together by one call of ``read(missing)``, which
    leaves out those that have no value."""
    now = stamp()
    keys = set(keys)
    if now is None:
        return read(list(keys))
    entries = _entries(now)
    found, missing = {}, []
    for key in keys:
        kept = entries.get(key)
        if kept is None:
            missing.append(key)
        else:
            found[key] = pickle.loads(kept)  # noqa: S301 - our own bytes
    if missing:
        for key, value in read(missing).items():
            _keep(entries, key, value)
            found[key] = value
    return found


_SQLITE_MOVE = (
    "INSERT INTO core_referencestamp (id, token) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Every trigger of ``TABLES`` that is missing, created; those in place, left alone."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence and the function come from migration core 0003.
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            present = {name for (name,) in cursor.fetchall()}
            for table in TABLES:
                if f"{table}_reference_stamp" not in present:
                    cursor.execute(
                        f"CREATE TRIGGER {table}_reference_stamp "
                        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                        "FOR EACH STATEMENT EXECUTE FUNCTION core_move_reference_stamp()"
                    )
        elif connection.vendor == "sqlite":
            for table in TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_reference_stamp_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {_SQLITE_MOVE}; END"
                    )


def after_migrate(using: str = "default", **kwargs) -> None:
    """``post_migrate`` receiver for the core app."""
    install_triggers(connections[using])
