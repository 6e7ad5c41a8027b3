"""Delivering the outbox (docs/adr/0018).

The unit of delivery is a dossier: its whole current state (``DongBoHoSoMC``) then the history
events not yet acknowledged (``CapNhatTienDoHoSoMC``), so its messages reach the national side in
order and a dossier's failure holds back its own later messages, never another dossier's. Many
dossiers go in one call, grouped by the unit that received them (``madonvi``) and by whether the
national side knows them already (``isUpdating``), up to ``MOTCUA_NATIONAL_BATCH``.

A refusal of a batch is looked into by halves until the dossier the national side refuses is
found; the others are delivered. A refused dossier is tried again after a back-off (doubled each
time from ``MOTCUA_NATIONAL_BACKOFF``, with jitter) until ``MOTCUA_NATIONAL_RETRIES`` attempts,
then parked for a person with the national side's message. A call with no usable answer (timeout,
refused connection, 5xx, not JSON) is retried the same way for every dossier of the call: the
answer may have been lost after the national side took the data, and sending the same state again
is harmless (it keys on ``MaHoSo``). Only ``error_code`` 0 acknowledges; a message is marked
acknowledged in the same transaction that records the answer, so an acknowledged message is never
sent again.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.national import mapping, payloads
from motcua.national.client import Client, NationalError, Refused, Unreachable
from motcua.national.models import OutboxMessage, SyncState

Status = SyncState.Status
DUE = (Status.WAITING, Status.RETRYING)


@dataclass
class Round:
    """What one round of delivery did."""

    acknowledged: int = 0
    retrying: int = 0
    parked: int = 0
    blocked: int = 0
    calls: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Round) -> None:
        self.acknowledged += other.acknowledged
        self.retrying += other.retrying
        self.parked += other.parked
        self.blocked += other.blocked
        self.calls += other.calls
        self.errors += other.errors


_TABLE = SyncState._meta.db_table
# Due dossiers taken by one sender for a while (their next attempt moved to the lease's end), in
# one statement: a second sender skips them, and a sender killed in the middle leaves them to
# the next one when the lease ends. (PostgreSQL re-checks the condition on rows another sender
# just took; SQLite runs one writer at a time.)
_CLAIM = (
    f"UPDATE {_TABLE} SET next_attempt_at = %s WHERE id IN ("  # noqa: S608 - table names only
    f"SELECT id FROM {_TABLE} WHERE status IN (%s, %s) "
    "AND (next_attempt_at IS NULL OR next_attempt_at <= %s) "
    "ORDER BY next_attempt_at, id LIMIT %s) "
    "AND (next_attempt_at IS NULL OR next_attempt_at <= %s) RETURNING dossier_id"
)


def claim(now: dt.datetime, limit: int) -> list[int]:
    """The dossiers due now (the longest waiting first) that this sender takes for a round,
    held under a lease."""
    lease = now + dt.timedelta(seconds=max(60.0, 10 * settings.NATIONAL["TIMEOUT"]))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CLAIM, [lease, *DUE, now, limit, now])
        return [row[0] for row in cursor.fetchall()]


def backoff(attempts: int, *, rng: Callable[[], float] = random.random) -> dt.timedelta:
    """The wait before attempt ``attempts + 1``: doubled each time, between half and all of it
    (jitter spreads the retries of a batch that failed together)."""
    base = settings.NATIONAL["BACKOFF"] * 2 ** max(0, attempts - 1)
    return dt.timedelta(seconds=base * (0.5 + rng() / 2))


def deliver(client: Client | None = None, *, now: dt.datetime | None = None) -> Round:
    """One round: the due dossiers, a batch of them, delivered as far as the national side lets."""
    client = client or Client.configured()
    now = now or timezone.now()
    done = Round()
    ids = claim(now, settings.NATIONAL["BATCH"])
    if not ids:
        return done
    statuses = mapping.statuses()
    groups: dict[tuple[str, bool], list[payloads.Prepared]] = defaultdict(list)
    pushed: dict[str, list[payloads.Prepared]] = defaultdict(list)  # only the history is due
    states = {
        pk: (known, acknowledged, pushed_to)
        for pk, known, acknowledged, pushed_to in SyncState.objects.filter(
            dossier_id__in=ids
        ).values_list("dossier_id", "known", "acknowledged_sequence", "pushed_sequence")
    }
    dossiers = payloads.load(ids)
    codes = payloads.codes_for(dossiers)
    for dossier in dossiers:
        known, acknowledged, pushed_to = states[dossier["id"]]
        try:
            prepared = payloads.prepare(dossier, statuses, acknowledged, codes)
        except mapping.Unmapped as err:
            _block(dossier["id"], str(err))
            done.blocked += 1
            continue
        if pushed_to >= prepared.sequence:
            pushed[prepared.madonvi].append(prepared)
        else:
            groups[(prepared.madonvi, known)].append(prepared)
    calls_before = client.calls
    for (madonvi, updating), batch in groups.items():
        done.add(_push(client, madonvi, batch, updating=updating, now=now))
    for madonvi, batch in pushed.items():
        done.add(_history(client, madonvi, batch, now))
    done.calls = client.calls - calls_before
    return done


def _push(
    client: Client,
    madonvi: str,
    batch: list[payloads.Prepared],
    *,
    updating: bool,
    now: dt.datetime,
) -> Round:
    """``DongBoHoSoMC`` for ``batch``, then the history of those the national side took."""
    done = Round()
    try:
        client.push(madonvi, [p.item for p in batch], updating=updating)
    except Refused as err:
        if len(batch) == 1:
            done.add(_failed(batch, err, now))
            return done
        middle = len(batch) // 2  # find the dossier it refuses: the others go through
        done.add(_push(client, madonvi, batch[:middle], updating=updating, now=now))
        done.add(_push(client, madonvi, batch[middle:], updating=updating, now=now))
        return done
    except Unreachable as err:
        done.add(_failed(batch, err, now))
        return done
    _mark_pushed(batch, now)
    done.add(_history(client, madonvi, batch, now))
    return done


def _history(
    client: Client, madonvi: str, batch: list[payloads.Prepared], now: dt.datetime
) -> Round:
    done = Round()
    items = [item for p in batch for item in p.history]
    if items:
        try:
            client.progress(madonvi, items)
        except Refused as err:
            if len(batch) == 1:
                done.add(_failed(batch, err, now))
                return done
            middle = len(batch) // 2
            done.add(_history(client, madonvi, batch[:middle], now))
            done.add(_history(client, madonvi, batch[middle:], now))
            return done
        except Unreachable as err:
            done.add(_failed(batch, err, now))
            return done
    _acknowledge(batch, now)
    done.acknowledged += len(batch)
    return done


def _by_sequence(batch: list[payloads.Prepared]) -> dict[int, list[int]]:
    """The batch's dossiers by the last event each payload includes (set-wise updates)."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for prepared in batch:
        grouped[prepared.sequence].append(prepared.dossier_id)
    return grouped


def _mark_pushed(batch: list[payloads.Prepared], now: dt.datetime) -> None:
    """The national side took these dossiers' state: it knows them from now on, and a retry
    of their history alone does not send that state again."""
    ids = [p.dossier_id for p in batch]
    SyncState.objects.filter(dossier_id__in=ids, known=False).update(
        known=True, first_acknowledged_at=now
    )
    by_sequence = _by_sequence(batch)
    for sequence, pks in by_sequence.items():
        SyncState.objects.filter(dossier_id__in=pks).update(pushed_sequence=sequence)


@transaction.atomic
def _acknowledge(batch: list[payloads.Prepared], now: dt.datetime) -> None:
    """The national side holds these dossiers as of each one's ``sequence``: their messages up
    to there are done; each is synchronised unless a later event has come in meanwhile (the
    states are locked first, so an event committing now is seen, or waits and sets it back)."""
    ids = [p.dossier_id for p in batch]
    list(SyncState.objects.select_for_update().filter(dossier_id__in=ids).values_list("pk"))
    by_sequence = _by_sequence(batch)
    for sequence, pks in by_sequence.items():  # a few distinct sequences a batch
        OutboxMessage.objects.filter(
            dossier_id__in=pks, sequence__lte=sequence, acknowledged_at__isnull=True
        ).update(acknowledged_at=now)
    later = set(
        OutboxMessage.objects.filter(dossier_id__in=ids, acknowledged_at__isnull=True).values_list(
            "dossier_id", flat=True
        )
    )
    for sequence, pks in by_sequence.items():
        SyncState.objects.filter(dossier_id__in=pks, acknowledged_sequence__lt=sequence).update(
            acknowledged_sequence=sequence
        )
    settled = dict(attempts=0, next_attempt_at=None, last_error="", acknowledged_at=now)
    SyncState.objects.filter(dossier_id__in=[pk for pk in ids if pk not in later]).update(
        status=Status.SYNCED, **settled
    )
    SyncState.objects.filter(dossier_id__in=[pk for pk in ids if pk in later]).update(
        status=Status.WAITING, **settled
    )


def _failed(batch: list[payloads.Prepared], err: NationalError, now: dt.datetime) -> Round:
    """Another attempt later, or parked for a person once the budget is spent."""
    done = Round(errors=[err.message])
    budget = settings.NATIONAL["RETRIES"]
    for prepared in batch:
        with transaction.atomic():
            state = SyncState.objects.select_for_update().get(dossier_id=prepared.dossier_id)
            state.attempts += 1
            state.last_error = err.message[:2000]
            if state.attempts >= budget:
                state.status, state.next_attempt_at = Status.PARKED, None
                done.parked += 1
            else:
                state.status = Status.RETRYING
                state.next_attempt_at = now + backoff(state.attempts)
                done.retrying += 1
            state.save()
    return done


def _block(dossier_id: int, reason: str) -> None:
    SyncState.objects.filter(dossier_id=dossier_id).update(
        status=Status.BLOCKED, last_error=reason[:2000], next_attempt_at=None
    )


def release(dossier_ids: list[int] | None = None) -> int:
    """Parked and blocked dossiers (all, or those named) go back to the queue, their attempts
    counted anew: after a person fixed the cause."""
    states = SyncState.objects.filter(status__in=(Status.PARKED, Status.BLOCKED))
    if dossier_ids is not None:
        states = states.filter(dossier_id__in=dossier_ids)
    return states.update(status=Status.WAITING, attempts=0, next_attempt_at=None, last_error="")


def resend(start: dt.date, end: dt.date, *, chunk: int = 5000) -> int:
    """Queue again the dossiers received from ``start`` to ``end`` (local days): after a mapping
    fix, or to connect a province that already runs. Their whole state and history go again;
    written in chunks, so a year's backlog does not hold the tables for long."""
    tz = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    ids = list(
        Dossier.objects.filter(received_at__gte=first, received_at__lt=last)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for at in range(0, len(ids), chunk):
        queue_whole(ids[at : at + chunk])
    return len(ids)


@transaction.atomic
def queue_whole(ids: list[int]) -> int:
    """The dossiers ``ids`` queued to go again whole — state and history — whatever the
    national side acknowledged of them before."""
    held = set(SyncState.objects.filter(dossier_id__in=ids).values_list("dossier_id", flat=True))
    SyncState.objects.bulk_create([SyncState(dossier_id=pk) for pk in ids if pk not in held])
    return SyncState.objects.filter(dossier_id__in=ids).update(
        status=Status.WAITING,
        acknowledged_sequence=0,
        pushed_sequence=0,
        attempts=0,
        next_attempt_at=None,
        last_error="",
    )


def run(client: Client | None = None, *, rounds: int | None = None) -> Round:
    """Rounds until nothing is due now (messages waiting for their retry time are not due)."""
    client = client or Client.configured()
    total = Round()
    count = 0
    while rounds is None or count < rounds:
        done = deliver(client)
        total.add(done)
        count += 1
        if done.acknowledged + done.retrying + done.parked + done.blocked == 0:
            break
    return total
