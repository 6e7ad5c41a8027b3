"""Which action may move a dossier from which state, and who may do it: one table (DESIGN rule 1,
domain/README.md §2.2). ``RESUME`` means "back to the state the pause interrupted"."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.accounts.permissions import Action as Perm
from motcua.dossiers.models import State

S = State
RESUME = 0  # the dossier's ``resume_state``


@dataclass(frozen=True)
class Move:
    target: int
    permission: str


# (state, action) -> move. An action absent from a state's row is not allowed there (409);
# an action absent from every row is unknown (400).
TABLE: dict[tuple[int, str], Move] = {
    # online reception check (1) — a counter dossier starts in 2, 3 or 5 directly
    (S.SUBMITTED, "accept"): Move(S.RECEIVED, Perm.DOSSIER_CHECK),
    (S.SUBMITTED, "request_supplement"): Move(S.SUPPLEMENT, Perm.DOSSIER_CHECK),
    (S.SUBMITTED, "refuse"): Move(S.REFUSED, Perm.DOSSIER_CHECK),
    # received: handed over to the deciding agency
    (S.RECEIVED, "hand_over"): Move(S.PROCESSING, Perm.DOSSIER_RECEIVE),
    # processing along the internal process
    (S.PROCESSING, "assign"): Move(S.PROCESSING, Perm.DOSSIER_ASSIGN),
    (S.PROCESSING, "forward"): Move(S.PROCESSING, Perm.DOSSIER_PROCESS),
    (S.PROCESSING, "send_back"): Move(S.PROCESSING, Perm.DOSSIER_PROCESS),
    (S.PROCESSING, "transfer"): Move(S.PROCESSING, Perm.DOSSIER_TRANSFER),
    (S.PROCESSING, "request_supplement"): Move(S.SUPPLEMENT, Perm.DOSSIER_PROCESS),
    (S.PROCESSING, "request_payment"): Move(S.PAYMENT, Perm.DOSSIER_PROCESS),
    (S.PROCESSING, "record_result"): Move(S.RESOLVED, Perm.DOSSIER_RECORD_RESULT),
    (S.PROCESSING, "apologize"): Move(S.PROCESSING, Perm.DOSSIER_APOLOGIZE),
    # the applicant owes papers or money: the clock is paused until they come
    (S.SUPPLEMENT, "supplement"): Move(RESUME, Perm.DOSSIER_CHECK),
    (S.PAYMENT, "confirm_payment"): Move(RESUME, Perm.DOSSIER_CHECK),
    (S.PAYMENT, "apologize"): Move(S.PAYMENT, Perm.DOSSIER_APOLOGIZE),
    (S.SUPPLEMENT, "apologize"): Move(S.SUPPLEMENT, Perm.DOSSIER_APOLOGIZE),
    # the result goes back to the applicant
    (S.RESOLVED, "return_result"): Move(S.RETURNED, Perm.DOSSIER_RETURN),
    # stop (§2.7): asked before any decision exists, then the stop notice — or refused
    (S.STOP_REQUESTED, "stop"): Move(S.STOPPED, Perm.DOSSIER_STOP),
    (S.STOP_REQUESTED, "decline_stop"): Move(RESUME, Perm.DOSSIER_STOP),
}
for _state in (S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.PAYMENT):
    TABLE[(_state, "request_stop")] = Move(S.STOP_REQUESTED, Perm.DOSSIER_STOP)
# An extension asked for by an apology, where the province has it approved.
for _state in (S.PROCESSING, S.SUPPLEMENT, S.PAYMENT):
    TABLE[(_state, "approve_extension")] = Move(_state, Perm.DOSSIER_APOLOGIZE)
    TABLE[(_state, "reject_extension")] = Move(_state, Perm.DOSSIER_APOLOGIZE)

ACTIONS: frozenset[str] = frozenset(action for _s, action in TABLE)
# What applicants may do to their own dossier from the portal (the desk may do it for them too).
APPLICANT_ACTIONS: frozenset[str] = frozenset({"supplement", "request_stop"})
PAUSING: frozenset[int] = frozenset({S.SUPPLEMENT, S.PAYMENT, S.STOP_REQUESTED})
FINAL: frozenset[int] = frozenset({S.REFUSED, S.STOPPED, S.RETURNED})


# Actions that only make sense while an extension waits for approval.
ON_EXTENSION_REQUEST: frozenset[str] = frozenset({"approve_extension", "reject_extension"})


def allowed(state: int, *, extension_requested: bool = False) -> list[str]:
    """The actions allowed in ``state``, in the table's order."""
    return [
        action
        for (s, action) in TABLE
        if s == state and (extension_requested or action not in ON_EXTENSION_REQUEST)
    ]
