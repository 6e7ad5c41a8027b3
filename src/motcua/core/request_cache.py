"""A cache that lives for one request: a value read several times while answering (the caller's
roles) is read once. Outside a request (commands, tasks, tests calling services) nothing is
cached, so a change is always seen."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
_store: contextvars.ContextVar[dict | None] = contextvars.ContextVar("request_cache", default=None)


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def remember_by_agency(
    key: Hashable, grouped: bool, compute: Callable[[], dict[int | None, T]]
) -> dict[int | None, T]:
    """For figures of a whole (key ``None``) and, when ``grouped``, of each agency: a whole
    asked for after its grouped figures is taken from them, not read again. A copy of the
    mapping is returned, so a caller may pop from it."""
    store = _store.get()
    if store is not None and not grouped and (key, True) in store:
        return {None: store[(key, True)][None]}
    return dict(remember((key, grouped), compute))


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
