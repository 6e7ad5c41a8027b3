"""Reference data read on every write, kept in the process between changes.

The catalog's versions, time limits and internal processes, the agencies, the staff's roles and
the working calendar's versions change a few times a month; a desk reads them on every dossier it
receives. A read through ``cached`` is kept in this process under the database's *reference
stamp*, and served again while the stamp is unchanged.

The stamp is moved by database triggers on every insert, update, delete or truncate of the tables
the apps ``register`` (each in its ``AppConfig.ready``: the tables its cached reads depend on) —
whatever makes the change: the services, the admin, a bulk update, raw SQL, another process.
Migration core 0003 installed the first ones; ``install_triggers`` runs after every ``migrate``
and puts back any that is missing (SQLite drops a table's triggers when a migration rebuilds the
table) and adds those of a table newly registered.

A cached read that touched a table nobody registered would be served stale after that table
changed. With ``settings.MOTCUA_REFERENCE_GUARD`` (on in the test suite) every read made for the
cache is watched and one touching such a table fails (``UnregisteredTable``).

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
import re
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

_registered: set[str] = set()


def register(*models: type[Model]) -> None:
    """The rows of ``models`` are reference data: cached reads may depend on them, and every
    write to their tables moves the stamp."""
    _registered.update(model._meta.db_table for model in models)


def tables() -> tuple[str, ...]:
    """The tables registered so far, in order."""
    return tuple(sorted(_registered))


class UnregisteredTable(AssertionError):
    """A read made for the cache touched a table no app registered."""


@cache
def _model_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


_QUOTED = re.compile(r'"(\w+)"')


def _watch(execute, sql, params, many, context):
    touched = set(_QUOTED.findall(sql)) & _model_tables()
    stray = touched - _registered
    if stray:
        raise UnregisteredTable(
            f"a cached read touched {sorted(stray)}, not registered with core.reference: "
            "its changes would not move the stamp"
        )
    return execute(sql, params, many, context)


@contextmanager
def _reading() -> Iterator[None]:
    """A read made for the cache: watched when the guard is on."""
    if getattr(settings, "MOTCUA_REFERENCE_GUARD", False):
        with default_connection.execute_wrapper(_watch):
            yield
    else:
        yield


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
        with _reading():
            return compute()
    entries = _entries(now)
    try:
        return pickle.loads(entries[key])  # noqa: S301 - our own bytes, never the network's
    except KeyError:
        with _reading():
            value = compute()
        _keep(entries, key, value)
        return value


_shared: tuple[tuple[int, str] | None, dict] = (None, {})


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or the very value it returned under the current stamp — not a copy: for a
    large value its callers only read (the catalog's search index), too costly to copy per use.
    Values of an earlier stamp are dropped when the stamp moves."""
    global _shared
    now = stamp()
    if now is None:
        with _reading():
            return compute()
    held, values = _shared
    if held != now:
        with _lock:
            if _shared[0] != now:
                _shared = (now, {})
            values = _shared[1]
    try:
        return values[key]
    except KeyError:
        with _reading():
            value = compute()
        if len(values) >= 8:  # a few dates and scopes at most; past it, start again
            values.clear()
        values[key] = value
        return value


def cached_each(keys: Iterable[K], read: Callable[[list[K]], dict[K, T]]) -> dict[K, T]:
    """``{key: value}`` for ``keys``, each kept as ``cached`` keeps a value, under one read of
    the stamp; the keys not kept yet are read together by one call of ``read(missing)``, which
    leaves out those that have no value."""
    now = stamp()
    keys = set(keys)
    if now is None:
        with _reading():
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
        with _reading():
            read_now = read(missing)
        for key, value in read_now.items():
            _keep(entries, key, value)
            found[key] = value
    return found


_SQLITE_MOVE = (
    "INSERT INTO core_referencestamp (id, token) VALUES (1, random()) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """Every trigger of the registered tables that is missing, created; those in place, left alone."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence and the function come from migration core 0003.
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            present = {name for (name,) in cursor.fetchall()}
            for table in tables():
                if f"{table}_reference_stamp" not in present:
                    cursor.execute(
                        f"CREATE TRIGGER {table}_reference_stamp "
                        f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                        "FOR EACH STATEMENT EXECUTE FUNCTION core_move_reference_stamp()"
                    )
        elif connection.vendor == "sqlite":
            for table in tables():
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_reference_stamp_{event.lower()} "
                        f"AFTER {event} ON {table} BEGIN {_SQLITE_MOVE}; END"
                    )


def after_migrate(using: str = "default", **kwargs) -> None:
    """``post_migrate`` receiver for the core app."""
    install_triggers(connections[using])
