"""The demo dossiers: made through the service layer, every waiting state present, each journal
replaying to its dossier."""

import pytest

from motcua.demo import catalog, dossiers
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_dossiers_in_every_state_of_the_counter(demo):
    catalog.load()
    made = dossiers.load()
    assert 250 <= made == Dossier.objects.count()
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states >= set(State) - {State.SUBMITTED}  # online submissions come with the portal
    assert Dossier.objects.filter(late=True).exists()
    assert Dossier.objects.filter(apologies__gt=0).exists()
    for dossier in Dossier.objects.order_by("?")[:40]:
        assert selectors.replay(dossier) == (dossier.state, dossier.due_at)
    assert not Dossier.objects.filter(events__at__year__gt=2023).exists()
    assert dossiers.load() == 0  # loading again changes nothing
