"""The statistics' day book: for each local day and deciding agency, how many dossiers were
received (by way of submitting, online kind, digitized, reusing stored copies), resolved (early,
late), refused, withdrawn and returned, and two counts from which the overdue ones at any
moment follow. A report over a period then adds up a few hundred rows instead of reading every
dossier (docs/adr/0013-statistics-day-book.md).

It is exact by construction: a dossier's contribution is a function of its own columns
(``facts``); whenever the services change a dossier they add the difference between its
contribution before and after (``sync``), in the same transaction; a bulk load (the demo year,
the benchmarks' generator) rebuilds it from the dossiers (``rebuild``). The suite checks it
against a rebuild after changing dossiers, and every count against direct counts.

Stocks at a moment ``t`` (a local midnight) are sums over the days before it:

* open at ``t`` = received − resolved − withdrawn after receipt;
* open and past the legal deadline at ``t`` = due − due_closed, where a received dossier counts
  in ``due`` on its legal deadline's day, and, once closed (resolved or withdrawn), in
  ``due_closed`` on the later of that day and the day it closed.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from motcua.catalog.models import Channel, ProcedureVersion
from motcua.dossiers.models import TALLY_FIELDS as FIELDS
from motcua.dossiers.models import TALLY_UNKNOWN as UNKNOWN
from motcua.dossiers.models import DailyCount
from motcua.dossiers.models import tally_snapshot as snapshot

COLUMNS = (
    "received",
    "received_direct",
    "received_online",
    "received_post",
    "online_full",
    "online_partial",
    "digitized",
    "reused",
    "resolved",
    "resolved_early",
    "resolved_late",
    "refused",
    "withdrawn",
    "withdrawn_after_receipt",
    "returned",
    "due",
    "due_closed",
    "received_full",
    "e_result",
    "shared",
)


def facts(row: tuple | None, online_kind: str = "", tz: dt.tzinfo | None = None) -> Counter:
    """A dossier's contribution: +1 for each (day, agency, column) it counts in; days are local
    to ``tz`` (default: the current time zone)."""
    out: Counter = Counter()
    if row is None:
        return out
    tz = tz or timezone.get_current_timezone()
    values: dict[str, Any] = dict(zip(FIELDS, row, strict=True))
    agency = values["deciding_agency_id"]

    def day(moment: dt.datetime) -> dt.date:
        return moment.astimezone(tz).date()

    def add(moment: dt.datetime, *columns: str) -> None:
        when = day(moment)
        for column in columns:
            out[when, agency, column] += 1

    received = values["received_at"]
    if received is not None:
        add(received, "received", f"received_{values['channel']}")
        if values["channel"] == Channel.ONLINE and online_kind in ("full", "partial"):
            add(received, f"online_{online_kind}")
        if online_kind == "full":
            add(received, "received_full")
        if values["digitized"]:
            add(received, "digitized")
        if values["reused"]:
            add(received, "reused")
        if values["reused"] or values["result_digitized"]:
            add(received, "shared")
    if values["resolved_at"] is not None:
        add(values["resolved_at"], "resolved")
        if values["result_digitized"]:
            add(values["resolved_at"], "e_result")
        if values["late"]:
            add(values["resolved_at"], "resolved_late")
        elif values["early"]:
            add(values["resolved_at"], "resolved_early")
    if values["refused_at"] is not None:
        add(values["refused_at"], "refused")
    if values["stopped_at"] is not None:
        add(values["stopped_at"], "withdrawn")
        if received is not None:
            add(values["stopped_at"], "withdrawn_after_receipt")
    if values["returned_at"] is not None:
        add(values["returned_at"], "returned")
    due = values["legal_due_at"]
    if received is not None and due is not None:
        add(due, "due")
        closed = values["resolved_at"] or values["stopped_at"]
        if closed is not None:
            add(max(due, closed, key=day), "due_closed")
    return out


def _online_kind(dossier) -> str:
    if dossier.version_id is None:
        return ""
    if type(dossier).version.is_cached(dossier):  # the services loaded it: no second read
        return dossier.version.online or ""
    return (
        ProcedureVersion.objects.filter(pk=dossier.version_id)
        .values_list("online", flat=True)
        .first()
        or ""
    )


def sync(dossier) -> None:
    """Add to the day book the change of ``dossier`` since it was loaded or last synced (call it
    after the dossier is written, in the same transaction)."""
    before = dossier.__dict__.get("_tally", None)
    if before == UNKNOWN:
        raise RuntimeError(
            "a dossier loaded without the day book's columns (FIELDS, e.g. by raw()) "
            "may not be changed: load it through Dossier.objects"
        )
    after = snapshot(dossier)
    if before == after:
        return
    kind = _online_kind(dossier)
    delta = facts(after, kind)
    delta.subtract(facts(before, kind))
    apply(delta)
    dossier._tally = after


def apply(delta: Counter) -> None:
    """Add ``delta`` to the day book: one statement for all the (day, agency) lines it touches,
    each created or added to (``INSERT … ON CONFLICT DO UPDATE``, PostgreSQL and SQLite alike,
    so a concurrent change adds to the line rather than failing on it)."""
    rows: dict[tuple, dict[str, int]] = defaultdict(dict)
    for (day, agency, column), n in delta.items():
        if n:
            rows[day, agency][column] = rows[day, agency].get(column, 0) + n
    if not rows:
        return
    params: list = []
    for (day, agency), changes in rows.items():
        params += [day, agency, *(changes.get(column, 0) for column in COLUMNS)]
    sql, row = _upsert_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql.format(values=", ".join([row] * len(rows))), params)


@functools.cache
def _upsert_sql() -> tuple[str, str]:
    table = DailyCount._meta.db_table
    columns = ", ".join(COLUMNS)
    added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    row = "(" + ", ".join(["%s"] * (len(COLUMNS) + 2)) + ")"
    sql = (
        f"INSERT INTO {table} (day, agency_id, {columns}) VALUES {{values}} "  # noqa: S608
        f"ON CONFLICT (day, agency_id) DO UPDATE SET {added}"
    )
    return sql, row


def rebuild(apps=None) -> int:
    """Recount the whole day book from the dossiers, with the same ``facts`` the services add
    (after a bulk load; ``apps``: the models as a migration sees them); returns its rows."""
    from django.apps import apps as installed

    apps = apps or installed
    Dossier = apps.get_model("dossiers", "Dossier")
    DailyCount = apps.get_model("dossiers", "DailyCount")
    Version = apps.get_model("catalog", "ProcedureVersion")
    kinds = dict(Version.objects.values_list("pk", "online"))
    tz = timezone.get_current_timezone()
    counted: Counter = Counter()
    rows = Dossier.objects.order_by().values_list(*(f.removesuffix("_id") for f in FIELDS))
    for row in rows.iterator(chunk_size=20_000):
        counted.update(facts(row, kinds.get(row[1], ""), tz))
    table: dict[tuple, dict[str, int]] = defaultdict(dict)
    for (day, agency, column), n in counted.items():
        if n:
            table[day, agency][column] = n
    with transaction.atomic():
        DailyCount.objects.all().delete()
        DailyCount.objects.bulk_create(
            (DailyCount(day=d, agency_id=a, **cells) for (d, a), cells in table.items()),
            batch_size=2000,
        )
    return len(table)
