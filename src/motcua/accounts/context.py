"""Template context: which officer sections the navigation offers the signed-in user."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from motcua.accounts.permissions import Action, can


def _any(user, *actions: str) -> bool:
    return any(can(user, action) for action in actions)


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    # Lazy: most pages never ask, and the role lookup is cached per request anyway.
    return {
        "can_review": SimpleLazyObject(
            lambda: _any(user, Action.REVIEW_MANAGE, Action.REVIEW_FILE)
        ),
        "can_report": SimpleLazyObject(lambda: _any(user, Action.REPORTS_VIEW)),
        # The interconnection with the national portal is the TTHC control office's.
        "can_sync": SimpleLazyObject(lambda: _any(user, Action.CATALOG_MANAGE)),
        "can_reform": SimpleLazyObject(
            lambda: _any(user, Action.REFORM_MANAGE, Action.REFORM_REPORT, Action.REPORTS_VIEW)
        ),
    }
