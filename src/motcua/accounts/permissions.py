"""Who may do what, in one place: views, the API and the admin all ask ``can()``.

A role is held in an agency for a period (``agencies.StaffRole``) and grants a fixed set of actions in
that agency. A Django superuser passes every check (API-CONTRACT.md). Province-wide actions (the
catalog, the calendar) are granted by a role held anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from motcua.agencies.models import Agency, Role, StaffRole
from motcua.core import reference
from motcua.core.request_cache import remember


class Action:
    # dossiers (one-stop shop)
    DOSSIER_RECEIVE = "dossier.receive"
    DOSSIER_CHECK = "dossier.check"  # accept / request papers / refuse at reception
    DOSSIER_VIEW = "dossier.view"
    DOSSIER_PROCESS = "dossier.process"  # forward, send back, ask for papers during appraisal
    DOSSIER_ASSIGN = "dossier.assign"
    DOSSIER_APPROVE = "dossier.approve"
    DOSSIER_TRANSFER = "dossier.transfer"
    DOSSIER_RECORD_RESULT = "dossier.record_result"
    DOSSIER_APOLOGIZE = "dossier.apologize"
    DOSSIER_RETURN = "dossier.return"
    DOSSIER_STOP = "dossier.stop"
    # catalog and control of procedures (province-wide)
    CATALOG_MANAGE = "catalog.manage"
    DECISION_SIGN = "decision.sign"
    REVIEW_MANAGE = "review.manage"
    REVIEW_FILE = "review.file"
    REFORM_MANAGE = "reform.manage"
    REFORM_REPORT = "reform.report"
    # administration
    AGENCY_MANAGE = "agency.manage"
    STAFF_MANAGE = "staff.manage"
    CALENDAR_MANAGE = "calendar.manage"
    REPORTS_VIEW = "reports.view"
    FEEDBACK_ANSWER = "feedback.answer"  # answer feedback and petitions routed to the agency


PROVINCE_WIDE = {
    Action.CATALOG_MANAGE,
    Action.DECISION_SIGN,
    Action.REVIEW_MANAGE,
    Action.REFORM_MANAGE,
    Action.CALENDAR_MANAGE,
}

A = Action
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ONE_STOP_OFFICER: frozenset(
        {A.DOSSIER_RECEIVE, A.DOSSIER_CHECK, A.DOSSIER_VIEW, A.DOSSIER_RETURN, A.DOSSIER_STOP}
    ),
    Role.SPECIALIST: frozenset(
        {A.DOSSIER_VIEW, A.DOSSIER_PROCESS, A.REVIEW_FILE, A.REFORM_REPORT, A.FEEDBACK_ANSWER}
    ),
    Role.UNIT_LEADER: frozenset(
        {
            A.DOSSIER_VIEW,
            A.DOSSIER_PROCESS,
            A.DOSSIER_ASSIGN,
            A.DOSSIER_APPROVE,
            A.REVIEW_FILE,
            A.REFORM_REPORT,
            A.REPORTS_VIEW,
            A.FEEDBACK_ANSWER,
        }
    ),
    Role.AGENCY_LEADER: frozenset(
        {
            A.DOSSIER_VIEW,
            A.DOSSIER_PROCESS,
            A.DOSSIER_ASSIGN,
            A.DOSSIER_APPROVE,
            A.DOSSIER_TRANSFER,
            A.DOSSIER_RECORD_RESULT,
            A.DOSSIER_APOLOGIZE,
            A.REVIEW_FILE,
            A.REFORM_REPORT,
            A.REPORTS_VIEW,
            A.FEEDBACK_ANSWER,
        }
    ),
    Role.TTHC_CONTROLLER: frozenset(
        {
            A.CATALOG_MANAGE,
            A.DECISION_SIGN,
            A.REVIEW_MANAGE,
            A.REFORM_MANAGE,
            A.REPORTS_VIEW,
            A.DOSSIER_VIEW,
            A.FEEDBACK_ANSWER,
        }
    ),
    Role.ADMINISTRATOR: frozenset(
        {A.AGENCY_MANAGE, A.STAFF_MANAGE, A.CALENDAR_MANAGE, A.REPORTS_VIEW}
    ),
}


def active_roles(user, on: dt.date | None = None) -> list[StaffRole]:
    if not getattr(user, "is_authenticated", False):
        return []
    on = on or timezone.localdate()
    key = ("active_roles", user.pk, on)
    return remember(key, lambda: reference.cached(key, lambda: _read_roles(user, on)))


def _read_roles(user, on: dt.date) -> list[StaffRole]:
    return list(StaffRole.objects.valid_on(on).filter(user=user).select_related("agency"))


def can(user, action: str, agency: Agency | None = None, *, on: dt.date | None = None) -> bool:
    """Whether ``user`` may do ``action`` (in ``agency``, for agency-scoped actions)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return can_with(active_roles(user, on), action, agency)


def can_with(roles: Iterable[StaffRole], action: str, agency: Agency | None = None) -> bool:
    """``can()`` for roles already read (a list of many rows asks once, not once a row). The
    caller has checked that the user is active and not a superuser."""
    return can_at(roles, action, None if agency is None else agency.pk)


def can_at(roles: Iterable[StaffRole], action: str, agency_id: int | None) -> bool:
    """``can_with()`` for an agency known by its id (list rows read as values)."""
    for staff_role in roles:
        if action not in ROLE_ACTIONS.get(staff_role.role, ()):
            continue
        if action in PROVINCE_WIDE or agency_id is None or staff_role.agency_id == agency_id:
            return True
    return False


def agencies_for(user, action: str, *, on: dt.date | None = None) -> Iterable[int] | None:
    """Ids of the agencies where ``user`` may do ``action``; None means every agency."""
    if getattr(user, "is_superuser", False):
        return None
    return sorted(
        {r.agency_id for r in active_roles(user, on) if action in ROLE_ACTIONS.get(r.role, ())}
    )
