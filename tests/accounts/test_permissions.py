"""The permission matrix: every role × action × own/other agency (DESIGN rule 7)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts.permissions import PROVINCE_WIDE, ROLE_ACTIONS, Action, agencies_for, can
from motcua.agencies.models import Agency, Role, StaffRole
from tests import factories

pytestmark = pytest.mark.django_db
IN_2023 = dt.date(2023, 6, 30)
ALL_ACTIONS = sorted(v for k, v in vars(Action).items() if k.isupper())


@pytest.fixture
def justice(demo):
    return Agency.objects.get(code="000.00.03.H03")


@pytest.fixture
def planning(demo):
    return Agency.objects.get(code="000.00.04.H03")


def officer(role: str, agency: Agency):
    return factories.officer(agency, role, username=f"t-{role}")


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_matrix(role, action, justice, planning):
    user = officer(role, justice)
    granted = action in ROLE_ACTIONS[role]
    assert can(user, action, justice) is granted
    expected_elsewhere = granted and action in PROVINCE_WIDE
    assert can(user, action, planning) is expected_elsewhere


@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_a_superuser_passes_every_check(action, planning):
    boss = get_user_model().objects.create_superuser("root", password="x")
    assert can(boss, action, planning)
    assert agencies_for(boss, action) is None


def test_anonymous_and_inactive_users_can_do_nothing(justice):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), Action.DOSSIER_VIEW, justice)
    user = officer(Role.AGENCY_LEADER, justice)
    user.is_active = False
    assert not can(user, Action.DOSSIER_VIEW, justice)


def test_roles_have_validity_periods(justice):
    user = get_user_model().objects.get(username="stp.motcua")
    StaffRole.objects.filter(user=user).update(valid_to=dt.date(2025, 6, 30))
    assert can(user, Action.DOSSIER_RECEIVE, justice, on=IN_2023)
    assert not can(user, Action.DOSSIER_RECEIVE, justice, on=dt.date(2025, 7, 1))


def test_agencies_for_lists_where_a_user_may_act(justice):
    user = get_user_model().objects.get(username="stp.motcua")
    assert agencies_for(user, Action.DOSSIER_RECEIVE, on=IN_2023) == [justice.pk]
    assert agencies_for(user, Action.DOSSIER_APPROVE, on=IN_2023) == []
