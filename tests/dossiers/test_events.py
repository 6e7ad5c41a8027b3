"""A journal event's after-effects: the ordered subscribers of ``dossiers.events``, each called
with the dossier and its event inside the event's transaction."""

import pytest
from django.db import transaction

from motcua.core.errors import DomainError
from motcua.dossiers import events, services
from motcua.dossiers.models import DailyCount, Dossier, DossierEvent, Notification
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db


def test_the_subscribers_are_the_day_book_the_applicants_messages_then_the_national_portal():
    assert events.SUBSCRIBERS == [
        "motcua.dossiers.events.count_in_the_day_book",
        "motcua.dossiers.events.queue_messages_to_the_applicant",
        "motcua.national.outbox.queue",
    ]
    assert [s.__name__ for s in events.subscribers()] == [
        "count_in_the_day_book",
        "queue_messages_to_the_applicant",
        "queue",
    ]


@pytest.fixture
def listening(monkeypatch):
    """One more subscriber, as the national-portal synchronisation will add: it sees every event
    with the dossier as written, inside the transaction."""
    seen = []

    def listen(dossier, event):
        assert transaction.get_connection().in_atomic_block
        seen.append((event.action, event.sequence, dossier.revision, dossier.state))

    declared = events.subscribers()
    monkeypatch.setattr(events, "subscribers", lambda: (*declared, listen))
    return seen


def test_every_event_reaches_every_subscriber_in_its_transaction(receive, listening):
    dossier = receive()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    journal = list(DossierEvent.objects.filter(dossier=dossier).order_by("sequence"))
    assert [(a, seq) for a, seq, _r, _s in listening] == [(e.action, e.sequence) for e in journal]
    assert all(revision == seq for _a, seq, revision, _s in listening)


def test_a_failing_subscriber_rolls_the_whole_change_back(receive, monkeypatch):
    dossier = receive()
    counted = list(DailyCount.objects.values_list("pk", "received"))
    messages = Notification.objects.count()

    def fail(dossier, event):
        raise DomainError("the outbox is full", code="invalid")

    declared = events.subscribers()
    monkeypatch.setattr(events, "subscribers", lambda: (*declared, fail))
    with pytest.raises(DomainError):
        services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    assert Dossier.objects.get(pk=dossier.pk).revision == dossier.revision
    assert DossierEvent.objects.filter(dossier=dossier).count() == dossier.revision
    assert list(DailyCount.objects.values_list("pk", "received")) == counted
    assert Notification.objects.count() == messages


def test_each_subscriber_alone(receive, monkeypatch):
    monkeypatch.setattr(events, "subscribers", lambda: ())
    dossier = receive()  # with no subscriber: neither counted nor messaged
    event = dossier.events.get(sequence=dossier.revision)
    received = sum(DailyCount.objects.values_list("received", flat=True))
    assert not Notification.objects.filter(dossier=dossier).exists()
    events.queue_messages_to_the_applicant(dossier, event)
    assert list(Notification.objects.filter(event=event).values_list("channel", flat=True)) == [
        "sms"
    ]
    events.count_in_the_day_book(dossier, event)
    assert sum(DailyCount.objects.values_list("received", flat=True)) == received + 1
