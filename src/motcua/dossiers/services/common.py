"""What the one-stop shop's writes share: the moment of a change, the dossier's calendar, its
clock (the legal deadline and the appointment, paused and resumed) and where an action is taken."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.core.text import nfc
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.workdays import selectors as workdays
from motcua.workdays.calendar import WorkCalendar


def moment(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def calendar_of(dossier: Dossier) -> WorkCalendar:
    return workdays.calendar(dossier.calendar_version or None, dossier.schedule or "default")


def schedule_of(agency: Agency) -> str:
    if agency.office_schedule_id is None:  # the agency is at hand: no look-up by its code
        return "default"
    return workdays.schedule_for_agency(agency.code) or "default"


def start_clock(dossier: Dossier, at: dt.datetime) -> None:
    """Received complete: the appointment and the hand-over deadlines (domain/README.md §2.4)."""
    cal = calendar_of(dossier)
    dossier.received_at = at
    recompute(dossier)
    # Sent to the deciding agency at once, or at the next working day's start when received
    # after the transfer cut-off; the paper originals within one working day.
    local = at.astimezone(cal.tz)
    cutoff = dt.time.fromisoformat(settings.DOSSIER_TRANSFER_CUTOFF)
    if cal.is_working_moment(at) and local.time() <= cutoff:
        dossier.transfer_due_at = at
    else:
        day_after = cal.add_working_days(at, 0)  # the close of the receipt day (or the next)
        dossier.transfer_due_at = cal.next_working_moment(day_after + dt.timedelta(seconds=1))
    dossier.originals_due_at = cal.add_working_days(at, 1)


def recompute(dossier: Dossier) -> None:
    """The legal deadline and the appointment from the dossier's stored inputs."""
    if dossier.received_at is None or dossier.limit_value is None:
        return
    dossier.legal_due_at, dossier.due_at = deadlines.due(
        calendar_of(dossier),
        dossier.received_at,
        dossier.limit_value,
        dossier.limit_unit,
        cutoff=dossier.cutoff_seconds,
        paused=dossier.paused_seconds,
        extension=dossier.extension_seconds,
    )


def pause(dossier: Dossier, at: dt.datetime) -> None:
    dossier.resume_state = dossier.state
    if dossier.received_at is not None and dossier.paused_at is None:
        dossier.paused_at = at


def resume(dossier: Dossier, at: dt.datetime) -> int:
    """End a pause: the working time it lasted moves the deadline (0 before the clock started)."""
    if dossier.paused_at is None:
        return 0
    cal = calendar_of(dossier)
    paused = max(0, cal.elapsed(dossier.paused_at, at))
    dossier.paused_at = None
    dossier.paused_seconds += paused
    recompute(dossier)
    return paused


# Reception, return and stop are the receiving desk's; the rest belongs to the holder.
AT_THE_DESK = frozenset(
    {Perm.DOSSIER_CHECK, Perm.DOSSIER_RECEIVE, Perm.DOSSIER_RETURN, Perm.DOSSIER_STOP}
)


def acting_agency(dossier: Dossier, permission: str) -> Agency:
    """The agency where ``permission`` is exercised on the dossier."""
    return dossier.receiving_agency if permission in AT_THE_DESK else dossier.holder


def supplement_items(missing) -> list[str]:
    """The papers a supplement request lists, all at once (at least one)."""
    items = [nfc(m).strip() for m in (missing or []) if str(m).strip()]
    if not items:
        raise DomainError(
            _("List every missing or incorrect paper, all at once."),
            code="invalid",
            fields={"missing": [_("This field is required.")]},
        )
    return items


def refusal_reason(reason) -> str:
    """Why a dossier cannot be received (required)."""
    if not str(reason or "").strip():
        raise DomainError(
            _("Say why the dossier cannot be received."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    return nfc(reason).strip()
