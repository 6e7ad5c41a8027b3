"""Reads of dossiers, and the audit of one: its journal replayed."""

from __future__ import annotations

import datetime as dt

from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.workdays import selectors as workdays


def replay(dossier: Dossier) -> tuple[int | None, dt.datetime | None]:
    """The state and the appointment the journal alone leads to: the receipt moment, the
    pauses and the extensions it records, counted again on the dossier's calendar version."""
    state, received, paused, extension = None, None, 0, 0
    for event in dossier.events.order_by("sequence"):
        state = event.to_state
        if "received_at" in event.data:
            received = dt.datetime.fromisoformat(event.data["received_at"])
        paused += int(event.data.get("paused_seconds", 0))
        extension += int(event.data.get("extension", 0))
    if received is None or dossier.limit_value is None:
        return state, None
    cal = workdays.calendar(dossier.calendar_version or None, dossier.schedule or "default")
    legal = deadlines.legal_due(
        cal,
        received,
        dossier.limit_value,
        dossier.limit_unit,
        cutoff=dossier.cutoff_seconds,
        paused=paused,
    )
    return state, deadlines.appointment(cal, legal, extension)
