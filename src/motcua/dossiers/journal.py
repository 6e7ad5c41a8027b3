"""The journal of a dossier: every change is one event, written in the transaction that makes
it (DESIGN rule 1), and followed by the event's subscribers (``dossiers.events``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import NotFound
from motcua.dossiers import events
from motcua.dossiers.models import Dossier, DossierEvent, State

# What each journal entry means to the applicant (the officer's workspace names the actions): the
# portal's timeline and the history the national portal shows.
MEANINGS = {
    "submit": gettext_lazy("Submitted online"),
    "receive": gettext_lazy("Handed in at the one-stop desk"),
    "accept": gettext_lazy("Accepted: the time limit runs"),
    "request_supplement": gettext_lazy("More papers are needed"),
    "supplement": gettext_lazy("Papers supplied"),
    "refuse": gettext_lazy("Not accepted"),
    "hand_over": gettext_lazy("Sent to the deciding agency"),
    "assign": gettext_lazy("Assigned to a specialist"),
    "forward": gettext_lazy("A processing step was completed"),
    "send_back": gettext_lazy("Sent back for another look"),
    "transfer": gettext_lazy("Sent to another agency for its part"),
    "request_payment": gettext_lazy("Fees are due"),
    "confirm_payment": gettext_lazy("Fees paid"),
    "record_result": gettext_lazy("Result issued"),
    "apologize": gettext_lazy("Apology and new appointment"),
    "return_result": gettext_lazy("Result handed over"),
    "request_stop": gettext_lazy("You asked to stop"),
    "stop": gettext_lazy("Stopped"),
    "decline_stop": gettext_lazy("The request to stop was declined"),
    "digitize": gettext_lazy("A document was digitized"),
    "confirm_fields": gettext_lazy("Details read from a document were confirmed"),
    "revoke_result": gettext_lazy("The electronic result was revoked"),
}
# The same for the officers' journal: the applicant in the third person.
OFFICE_MEANINGS = {**MEANINGS, "request_stop": gettext_lazy("The applicant asked to stop")}


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
