"""The demo dossiers: made through the service layer, every waiting state present, each journal
replaying to its dossier."""

import pytest
from django.utils import timezone

from motcua.demo import catalog, dossiers
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_counter_and_online_dossiers(demo):
    # One test: loading the demo catalog takes a while, and both stories stand on it.
    catalog.load()
    counter_dossiers_in_every_state()
    online_dossiers_paid_and_rated()


def counter_dossiers_in_every_state() -> None:
    made = dossiers.load()
    assert 250 <= made == Dossier.objects.count()
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states >= set(State) - {State.SUBMITTED}  # online submissions come next
    assert Dossier.objects.filter(late=True).exists()
    assert Dossier.objects.filter(apologies__gt=0).exists()
    for dossier in Dossier.objects.order_by("?")[:40]:
        assert selectors.replay(dossier) == (dossier.state, dossier.due_at)
    assert not Dossier.objects.filter(events__at__year__gt=2023).exists()
    assert dossiers.load() == 0  # loading again changes nothing


def online_dossiers_paid_and_rated() -> None:
    from motcua.demo import online
    from motcua.payments.models import Payment
    from motcua.payments.reconcile import reconcile
    from motcua.portal.models import Feedback, Rating

    made = online.load()
    mine = Dossier.objects.filter(owner__username="congdan@motcua.vn", channel="online")
    assert made == mine.count() >= 5
    assert {State.SUBMITTED, State.PAYMENT, State.RETURNED} <= set(
        mine.values_list("state", flat=True)
    )
    paid = Payment.objects.filter(method="online", state="paid")
    assert paid.exists() and not any(reconcile(timezone.localdate(p.paid_at)) for p in paid)
    assert Rating.objects.filter(dossier__in=mine).exists()
    assert Feedback.objects.filter(answered_at__isnull=False, score="satisfied").exists()
    assert not mine.filter(events__at__year__gt=2023).exists()
    for dossier in mine:
        assert selectors.replay(dossier) == (dossier.state, dossier.due_at)
    assert online.load() == 0
