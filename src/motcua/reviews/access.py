"""Who sees which reviews: the control office every one, an agency its own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action, agencies_for, can
from motcua.core.errors import PermissionDenied


def may_read(user) -> bool:
    return can(user, Action.REVIEW_MANAGE) or can(user, Action.REVIEW_FILE)


def check_may_file(user, agency) -> None:
    """Refuses ``user`` who may not file reviews (or list a draft's procedures) for ``agency``:
    its own reviewers and the control office may."""
    if not can(user, Action.REVIEW_FILE, agency) and not can(user, Action.REVIEW_MANAGE):
        raise PermissionDenied(_("You may not file reviews for this agency."))


def scope(user, queryset: QuerySet, field: str = "agency") -> QuerySet:
    """Limit ``queryset`` to the agencies whose reviews ``user`` may read."""
    if can(user, Action.REVIEW_MANAGE):
        return queryset
    agencies = agencies_for(user, Action.REVIEW_FILE)
    return queryset if agencies is None else queryset.filter(**{f"{field}__in": agencies})
