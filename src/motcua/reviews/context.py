"""Template context: whether the signed-in officer sees the review pages in the navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def navigation(request: HttpRequest) -> dict:
    from motcua.reviews.access import may_read

    # Lazy: most pages never ask, and the role lookup is cached per request anyway.
    return {"can_review": SimpleLazyObject(lambda: may_read(getattr(request, "user", None)))}
