"""Model building blocks shared by several apps."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> ValidityQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class ValidityMixin(models.Model):
    """A validity window, both ends inclusive; an empty end is open."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity is before its start.")})


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an ``Idempotency-Key`` (DESIGN rule 5): a replay with
    the same key gets that answer back and writes nothing."""

    key = models.CharField(max_length=255)
    user_id = models.BigIntegerField(default=0)  # 0: an anonymous caller
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "user_id", "method", "path"],
                name="unique_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} [{self.key}]"


class RateCount(models.Model):
    """Requests counted per key in a fixed time window (``core.throttle``). Kept in the database,
    not in a process's memory, so every app process sees the same count."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()  # the window's start, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="unique_rate_window"),
        ]

    def __str__(self) -> str:
        return f"{self.key} @{self.window}: {self.count}"


class ReferenceStamp(models.Model):
    """One row, moved by database triggers on every change to reference data (core.reference):
    reads kept in a process are served only while it stays the same."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.token)
