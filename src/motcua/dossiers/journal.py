"""The journal of a dossier: every change is one event, written in the transaction that makes
it (DESIGN rule 1), and followed by the event's subscribers (``dossiers.events``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.dossiers import events
from motcua.dossiers.models import Dossier, DossierEvent, State


def record(
    dossier: Dossier,
    action: str,
    *,
    at: dt.datetime,
    actor,
    from_state: int | None,
    due_before: dt.datetime | None,
    step: int | None = None,
    note: str = "",
    data: dict | None = None,
    saved: bool = False,
) -> DossierEvent:
    """One journal event for the change just made to ``dossier`` (saved here unless ``saved``:
    a new dossier is written once, with its first revision)."""
    ended = {}
    if dossier.state == State.REFUSED and dossier.refused_at is None:
        ended["refused_at"] = dossier.refused_at = at
    if dossier.state == State.STOPPED and dossier.stopped_at is None:
        ended["stopped_at"] = dossier.stopped_at = at
    if not saved:
        dossier.revision += 1
        dossier.save()
    elif ended:
        Dossier.objects.filter(pk=dossier.pk).update(**ended)
    event = DossierEvent.objects.create(
        dossier=dossier,
        sequence=dossier.revision,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        agency_id=dossier.holder_id,
        step=step,
        due_before=due_before,
        due_after=dossier.due_at,
        note=note,
        data=data or {},
    )
    events.recorded(dossier, event)  # the day book, the applicant's messages (dossiers.events)
    return event


def record_event(dossier: Dossier, action: str, *, at: dt.datetime, actor, **kw: Any) -> None:
    """A change that moves no state (a scan, a note): the journal still records it."""
    record(
        dossier,
        action,
        at=at,
        actor=actor,
        from_state=dossier.state,
        due_before=dossier.due_at,
        **kw,
    )


def lock(code: str) -> Dossier:
    """The dossier, its row locked until the transaction ends (PostgreSQL; SQLite's writers are
    serialized by their IMMEDIATE transactions)."""
    dossier = Dossier.objects.select_for_update().filter(code=code).first()
    if dossier is None:
        raise NotFound(_("Dossier %(code)s does not exist.") % {"code": code}, code="not_found")
    return dossier
