"""Who sees and changes which rows in the admin: one table, one rule.

Every model in the admin is governed by one action of the role table (``permissions.ROLE_ACTIONS``)
and, for agency data, by the paths from a row to the agencies it belongs to (``SCOPES``). The rule:

* a superuser may do everything;
* a model without an entry is the superuser's alone (fail closed: a new admin page is closed
  until its scope is declared here);
* a province-wide action (the catalog, the calendar, reviews, the reform plan) covers every row
  once held in any agency;
* otherwise a row is *seen* when one of its agencies is among the caller's and *changed or
  deleted* only when all of them are (a user holding roles in two agencies is managed by neither
  agency's administrator alone; a row that belongs to no agency is the superuser's). With
  ``tree`` the caller's agencies include every agency under them.

``admin_scope.ScopedAdmin`` applies it in the admin (under every registered admin, third-party
ones included); ``backends.RolePermissionBackend`` answers Django's model-level questions from the
same table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Model

from motcua.accounts.permissions import (
    PROVINCE_WIDE,
    ROLE_ACTIONS,
    Action,
    active_roles,
    agencies_for,
)
from motcua.agencies.models import Agency


@dataclass(frozen=True)
class Scope:
    action: str | None = None  # None: the superuser's alone
    agency: tuple[str, ...] = ()  # ORM paths from a row to its agencies; () with an action: all
    tree: bool = False  # the caller's agencies and every agency under them
    public: bool = False  # any admin user may look (public directory data), not change
    delete: bool = True  # False: only a superuser deletes (history kept by validity dates)


SUPERUSER_ONLY = Scope()

# By "app_label.model", or "app_label" for every model of an app.
SCOPES: dict[str, Scope] = {
    "workdays": Scope(Action.CALENDAR_MANAGE),
    # Office hours shared by several agencies change only with the consent of all of them.
    "workdays.officeschedule": Scope(Action.AGENCY_MANAGE, ("agency",), tree=True),
    "workdays.officeseason": Scope(Action.AGENCY_MANAGE, ("schedule__agency",), tree=True),
    "agencies.agency": Scope(Action.AGENCY_MANAGE, ("pk",), tree=True, public=True, delete=False),
    "agencies.unit": Scope(Action.AGENCY_MANAGE, ("agency",), tree=True),
    "agencies.staffrole": Scope(Action.STAFF_MANAGE, ("agency",), tree=True),
    # The territory and successions between agencies reach beyond any one agency.
    "agencies.administrativeunit": Scope(public=True),
    "agencies.unitsuccession": SUPERUSER_ONLY,
    "agencies.agencysuccession": SUPERUSER_ONLY,
    "accounts.user": Scope(Action.STAFF_MANAGE, ("staff_roles__agency",), tree=True),
    "catalog": Scope(Action.CATALOG_MANAGE),
    "reviews": Scope(Action.REVIEW_MANAGE),
    "reform": Scope(Action.REFORM_MANAGE),
    "quality.agencyevaluation": Scope(Action.REVIEW_MANAGE),  # the control office scores agencies
    "quality.rating": Scope(
        Action.REPORTS_VIEW, ("dossier__receiving_agency", "dossier__deciding_agency")
    ),
    "quality.feedback": Scope(Action.REPORTS_VIEW, ("agency",)),
    # The interconnection is the TTHC control office's, province-wide.
    "national": Scope(Action.CATALOG_MANAGE),
}


def scope_of(model: type[Model]) -> Scope:
    return scope_for(model._meta.app_label, model._meta.model_name)


def scope_for(app_label: str, model_name: str) -> Scope:
    return SCOPES.get(f"{app_label}.{model_name}") or SCOPES.get(app_label) or SUPERUSER_ONLY


def with_descendants(ids: Iterable[int]) -> set[int]:
    """``ids`` and every agency below them in the tree."""
    children: dict[int, list[int]] = {}
    for pk, parent in Agency.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(ids), list(ids)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def scope_agencies(user, scope: Scope) -> set[int] | None:
    """The agencies whose rows ``user`` reaches under ``scope``; None: every row."""
    if user.is_active and user.is_superuser:
        return None
    if not user.is_active or scope.action is None:
        return set()
    held = set(agencies_for(user, scope.action) or ())
    if scope.action in PROVINCE_WIDE or not scope.agency:
        return None if held else set()
    return with_descendants(held) if scope.tree else held


def may_look(user) -> bool:
    """Whether ``user`` holds any power of the admin (and so may look at public rows)."""
    if not user.is_active:
        return False
    actions = {scope.action for scope in SCOPES.values() if scope.action}
    return any(agencies_for(user, action) for action in actions)


def row_agencies(model: type[Model], pk, scope: Scope) -> set[int]:
    rows = model._default_manager.filter(pk=pk)
    found: set[int] = set()
    for path in scope.agency:
        found.update(a for a in rows.values_list(path, flat=True) if a is not None)
    return found


def grantable_roles(user) -> set[str]:
    """The roles ``user`` may give: none carrying a province-wide power they do not hold."""
    if user.is_superuser:
        return set(ROLE_ACTIONS)
    held = {a for r in active_roles(user) for a in ROLE_ACTIONS.get(r.role, ())}
    return {role for role, actions in ROLE_ACTIONS.items() if (actions & PROVINCE_WIDE) <= held}
