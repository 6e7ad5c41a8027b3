"""The one-stop shop's writes. Every change of a dossier goes through here, in one transaction that
writes the new state and one journal event (DESIGN rule 1, ``dossiers.journal``); the allowed moves
are ``transitions.TABLE``.

* ``reception`` — a dossier received at the counter, submitted online, supplemented online;
* ``processing`` — ``act``: every action of the transition table and its handler;
* ``terms`` — what a new dossier takes from the reference data of its day;
* ``common`` — the dossier's clock and the agency where an action is taken.

Reads are in ``dossiers.selectors``.
"""

from motcua.dossiers.journal import lock, record_event
from motcua.dossiers.services.common import AT_THE_DESK, acting_agency
from motcua.dossiers.services.processing import HANDLERS, PAUSED, act
from motcua.dossiers.services.reception import (
    OUTCOMES,
    Applicant,
    Attached,
    Handed,
    Outcome,
    receive,
    submit_online,
    supplement_online,
)
from motcua.dossiers.services.terms import Terms, terms

__all__ = [
    "AT_THE_DESK",
    "HANDLERS",
    "OUTCOMES",
    "PAUSED",
    "Applicant",
    "Attached",
    "Handed",
    "Outcome",
    "Terms",
    "act",
    "acting_agency",
    "lock",
    "receive",
    "record_event",
    "submit_online",
    "supplement_online",
    "terms",
]
