"""The permission matrix: every role × every move of the table × own or other agency. A move is
allowed exactly when the role grants its permission and the dossier belongs to the officer's
agency (the receiving desk for reception, return and stop; the holder for the rest)."""

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts.permissions import ROLE_ACTIONS
from motcua.core.errors import DomainError, PermissionDenied
from motcua.demo.agencies import ROLE_LOGINS
from motcua.dossiers import services, transitions
from motcua.dossiers.models import Dossier, State
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db

PATH_TO = {  # the moves (as the superuser) that bring a fresh counter dossier to each state
    State.RECEIVED: [],
    State.PROCESSING: [("hand_over", {})],
    State.SUPPLEMENT: [("hand_over", {}), ("request_supplement", {"missing": ["Tờ khai"]})],
    State.PAYMENT: [("hand_over", {}), ("request_payment", {"amount": 10_000})],
    State.STOP_REQUESTED: [("hand_over", {}), ("request_stop", {})],
    State.RESOLVED: [("hand_over", {}), ("record_result", {"number": "1", "signer": "A"})],
}


def params(action: str) -> dict:
    return {
        "request_supplement": {"missing": ["Bản sao"]},
        "refuse": {"reason": "Không đủ điều kiện"},
        "record_result": {"number": "2", "signer": "B"},
        "request_payment": {"amount": 5_000},
        "transfer": {"agency": "000.00.00.H03", "days": 1},
        "assign": {"assignee": user("stp.chuyenvien").pk},
    }.get(action, {})


def dossier_in(state: int, receive) -> Dossier:
    admin = get_user_model().objects.get(username="admin")
    dossier = receive()
    if state == State.SUBMITTED:  # an online submission waiting for its check (issue 5's path)
        Dossier.objects.filter(pk=dossier.pk).update(
            state=State.SUBMITTED, received_at=None, due_at=None, legal_due_at=None
        )
        return Dossier.objects.get(pk=dossier.pk)
    for action, extra in PATH_TO[state]:
        dossier = services.act(dossier.code, action, user=admin, **extra)
    return dossier


@pytest.mark.parametrize(("state", "action"), sorted(transitions.TABLE))
def test_every_role_in_its_own_and_another_agency(state, action, receive):
    move = transitions.TABLE[(state, action)]
    wrong = []
    for role, login in ROLE_LOGINS.items():
        for prefix, own in (("stp", True), ("skhdt", False)):
            dossier = dossier_in(state, receive)
            expected = own and move.permission in ROLE_ACTIONS[role]
            try:
                services.act(dossier.code, action, user=user(f"{prefix}.{login}"), **params(action))
                allowed = True
            except PermissionDenied:
                allowed = False
            except DomainError as err:  # allowed through the check, refused for another reason
                allowed = True
                assert err.code not in ("transition_not_allowed", "unknown_action"), err
            if allowed != expected:
                wrong.append(f"{prefix}.{login}: {'allowed' if allowed else 'refused'}")
    assert not wrong, f"{State(state).name} {action}: " + ", ".join(wrong)
