"""A cache that lives for one request: a value read several times while answering (the caller's
roles) is read once. Outside a request (commands, tasks, tests calling services) nothing is
cached, so a change is always seen."""

from __future__ import annotations

import contextvars
import functools
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


ByAgency = Callable[..., dict]  # read(*args, grouped=...) -> {None: whole, agency id: …}


def once_by_agency(read: ByAgency) -> ByAgency:
    """``read(*args, grouped=…)`` — figures of a whole (key ``None``) and, when ``grouped``,
    of each agency — done once per request for the same arguments (they must be hashable); a
    whole asked for after its grouped figures is taken from them, not read again. A copy of
    the mapping is returned, so a caller may pop from it."""

    @functools.wraps(read)
    def remembered(*args, grouped: bool = False) -> dict:
        key = (read.__module__, read.__qualname__, *args)
        store = _store.get()
        if store is not None and not grouped and (key, True) in store:
            return {None: store[(key, True)][None]}
        return dict(remember((key, grouped), lambda: read(*args, grouped=grouped)))

    return remembered


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
