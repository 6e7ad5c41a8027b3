"""The outbox: one message for the national side per journal event, written by the subscriber
``queue`` in the event's own transaction (``dossiers.events``), so a change and its message
commit or roll back together. Nothing is sent from here (``delivery`` does, after commit)."""

from __future__ import annotations

from django.conf import settings

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.national.models import OutboxMessage, SyncState

Status = SyncState.Status


def enabled() -> bool:
    """Synchronisation runs only where the national adapter is configured."""
    return bool(settings.NATIONAL["URL"])


def queue(dossier: Dossier, event: DossierEvent) -> None:
    """``dossiers.events`` subscriber: tell the national side about ``event``. A dossier already
    synchronised waits again; one that is retrying, parked or blocked keeps its place (its later
    messages wait behind the first one not acknowledged)."""
    if not enabled():
        return
    OutboxMessage.objects.create(dossier=dossier, event=event, sequence=event.sequence)
    changed = SyncState.objects.filter(dossier=dossier, status=Status.SYNCED).update(
        status=Status.WAITING, next_attempt_at=None
    )
    if not changed:
        SyncState.objects.get_or_create(dossier=dossier)
