"""The outbox: one message for the national side per journal event, written by the subscriber
``queue`` in the event's own transaction (``dossiers.events``), so a change and its message
commit or roll back together. Nothing is sent from here (``delivery`` does, after commit)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.national.models import OutboxMessage, SyncState

Status = SyncState.Status


def enabled() -> bool:
    """Synchronisation runs only where the national adapter is configured."""
    return bool(settings.NATIONAL["URL"])


def queue(dossier: Dossier, event: DossierEvent) -> None:
    """``dossiers.events`` subscriber: tell the national side about ``event``. A dossier already
    synchronised waits again; one that is retrying, parked or blocked keeps its place (its later
    messages wait behind the first one not acknowledged). Two statements, on every receipt and
    action: the message, and the dossier's state created or set waiting."""
    if not enabled():
        return
    with connection.cursor() as cursor:
        cursor.execute(_MESSAGE, [dossier.pk, event.pk, event.sequence, timezone.now()])
        cursor.execute(_STATE, [dossier.pk])


_MESSAGE = (
    f"INSERT INTO {OutboxMessage._meta.db_table} "  # noqa: S608 - table names only
    "(dossier_id, event_id, sequence, created_at) VALUES (%s, %s, %s, %s)"
)
_TABLE = SyncState._meta.db_table
_STATE = (
    f"INSERT INTO {_TABLE} (dossier_id, status, known, acknowledged_sequence, "  # noqa: S608
    "pushed_sequence, attempts, last_error) "
    f"VALUES (%s, '{Status.WAITING}', false, 0, 0, 0, '') "
    f"ON CONFLICT (dossier_id) DO UPDATE SET status = '{Status.WAITING}', next_attempt_at = NULL "
    f"WHERE {_TABLE}.status = '{Status.SYNCED}'"
)
