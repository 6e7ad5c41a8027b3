"""Who sees which reviews: the control office every one, an agency its own."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.permissions import Action, agencies_for, can


def may_read(user) -> bool:
    return can(user, Action.REVIEW_MANAGE) or can(user, Action.REVIEW_FILE)


def scope(user, queryset: QuerySet, field: str = "agency") -> QuerySet:
    """Limit ``queryset`` to the agencies whose reviews ``user`` may read."""
    if can(user, Action.REVIEW_MANAGE):
        return queryset
    agencies = agencies_for(user, Action.REVIEW_FILE)
    return queryset if agencies is None else queryset.filter(**{f"{field}__in": agencies})
