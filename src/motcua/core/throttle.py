"""Fixed-window request counting in the database: the public look-ups that take a secret (the
tracking page's second factor) must not be guessable by trying many values."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.models import RateCount


class RateLimited(DomainError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(_("Too many attempts; please try again in a few minutes."))
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class Rate:
    """``limit`` requests per ``window`` seconds; written "30/60" in settings."""

    limit: int
    window: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        limit, _sep, window = text.partition("/")
        return cls(int(limit), int(window or 60))


def _window(rate: Rate, now: float) -> tuple[int, int]:
    start = int(now) // rate.window * rate.window
    return start, start + rate.window - int(now)


def used(key: str, rate: Rate, *, now: float | None = None) -> int:
    """How many times ``key`` was counted in the current window."""
    start, _left = _window(rate, time.time() if now is None else now)
    row = RateCount.objects.filter(key=key, window=start).values_list("count", flat=True).first()
    return row or 0


def check(key: str, rate: Rate, *, now: float | None = None) -> None:
    """Refuse (429) when ``key`` has used up its window, without counting this request."""
    now = time.time() if now is None else now
    if used(key, rate, now=now) >= rate.limit:
        raise RateLimited(_window(rate, now)[1])


def hit(key: str, rate: Rate, *, now: float | None = None, quiet: bool = False) -> None:
    """Count one request for ``key``; refuse (429) once the window's limit is passed (with
    ``quiet``, only count: the caller answers on its own)."""
    now = time.time() if now is None else now
    start, left = _window(rate, now)
    with transaction.atomic():
        updated = RateCount.objects.filter(key=key, window=start).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCount.objects.create(key=key, window=start, count=1)
            except IntegrityError:  # another request opened the window first
                RateCount.objects.filter(key=key, window=start).update(count=F("count") + 1)
            # Opening a window is the moment to forget this key's older ones.
            RateCount.objects.filter(key=key, window__lt=start).delete()
    if not quiet and used(key, rate, now=now) > rate.limit:
        raise RateLimited(left)
