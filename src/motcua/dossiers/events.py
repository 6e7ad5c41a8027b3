"""What follows a dossier's journal event: an explicit, ordered list of subscribers, each called
with the dossier (as just written) and its new event, inside the transaction that wrote them —
outbox style: a subscriber writes rows (the day book, messages to send, a message for the
national portal), never talks to the outside; whatever must leave the machine is sent from those
rows after commit. A subscriber that fails rolls the whole change back, event included.

A subscriber is named here by its dotted path, so an app above ``dossiers`` (the national-portal
synchronisation) is added by one line without ``dossiers`` importing it."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.utils.module_loading import import_string

from motcua.dossiers import notifications, tally
from motcua.dossiers.models import Dossier, DossierEvent

Subscriber = Callable[[Dossier, DossierEvent], None]


def count_in_the_day_book(dossier: Dossier, event: DossierEvent) -> None:
    """The statistics' day book adds what the change made of the dossier (``tally.sync``)."""
    tally.sync(dossier)


def queue_messages_to_the_applicant(dossier: Dossier, event: DossierEvent) -> None:
    """The applicant's e-mail and SMS about the event, written now, sent after commit."""
    notifications.queue(dossier, event)


# In the order they run.
SUBSCRIBERS: list[str] = [
    "motcua.dossiers.events.count_in_the_day_book",
    "motcua.dossiers.events.queue_messages_to_the_applicant",
    "motcua.national.outbox.queue",  # the national portal's copy (off unless configured)
]


@functools.cache
def subscribers() -> tuple[Subscriber, ...]:
    return tuple(import_string(path) for path in SUBSCRIBERS)


def recorded(dossier: Dossier, event: DossierEvent) -> None:
    """Run every subscriber for ``event``, in order, in the caller's transaction."""
    for subscriber in subscribers():
        subscriber(dossier, event)
