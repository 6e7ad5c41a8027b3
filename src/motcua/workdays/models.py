"""The calendar's data: official overrides, office hours, and the versions deadlines cite."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.workdays.calendar import LEGAL_DAY, hhmm


class CalendarOverride(models.Model):
    """An announced exception to the ordinary calendar, with the document that announced it.

    It wins over the ``holidays`` package: a day off on a weekday (a holiday, a compensatory day, a
    swap), a weekend day worked in exchange, or a package holiday that is in fact worked.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        COMPENSATORY = "compensatory_off", _("Compensatory or swapped day off")
        MAKEUP = "makeup_working", _("Make-up working day")
        WORKING = "working", _("Working day (overrides the holiday list)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    document = models.CharField(
        _("announcing document"), max_length=255, blank=True, help_text=_("e.g. 9441/TB-BNV")
    )
    source = models.TextField(_("source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.reason}"

    @property
    def is_day_off(self) -> bool:
        return self.kind in (self.Kind.HOLIDAY, self.Kind.COMPENSATORY)

    def clean(self) -> None:
        if self.kind == self.Kind.MAKEUP and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"kind": _("A make-up working day must be a Saturday or Sunday.")}
            )


class OfficeSchedule(models.Model):
    """Named office hours (by season) that agencies point at; ``default`` serves the rest."""

    DEFAULT_CODE = "default"

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["code"]
        verbose_name = _("office schedule")
        verbose_name_plural = _("office schedules")

    def __str__(self) -> str:
        return self.name


class OfficeSeason(models.Model):
    """Office hours from a day of the year until the next season of the same schedule."""

    schedule = models.ForeignKey(OfficeSchedule, models.CASCADE, related_name="seasons")
    starts_month = models.PositiveSmallIntegerField(_("starts (month)"), default=1)
    starts_day = models.PositiveSmallIntegerField(_("starts (day)"), default=1)
    morning_start = models.TimeField(_("morning opens"))
    morning_end = models.TimeField(_("morning closes"))
    afternoon_start = models.TimeField(_("afternoon opens"))
    afternoon_end = models.TimeField(_("afternoon closes"))

    class Meta:
        ordering = ["schedule", "starts_month", "starts_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "starts_month", "starts_day"], name="unique_season_start"
            )
        ]
        verbose_name = _("office season")
        verbose_name_plural = _("office seasons")

    def __str__(self) -> str:
        return (
            f"{self.starts_day:02d}/{self.starts_month:02d}: "
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def sessions(self) -> list[list[str]]:
        return [
            [f"{self.morning_start:%H:%M}", f"{self.morning_end:%H:%M}"],
            [f"{self.afternoon_start:%H:%M}", f"{self.afternoon_end:%H:%M}"],
        ]

    def clean(self) -> None:
        times = [self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end]
        if None in times:
            return
        seconds = [hhmm(t) for t in times]
        if seconds != sorted(seconds) or seconds[0] == seconds[1] or seconds[2] == seconds[3]:
            raise ValidationError(_("Opening and closing times must follow each other in order."))
        total = (seconds[1] - seconds[0]) + (seconds[3] - seconds[2])
        if total != LEGAL_DAY:
            raise ValidationError(
                _("The sessions last %(hours)s hours; the legal working day is 8 hours.")
                % {"hours": f"{total / 3600:g}"}
            )


class CalendarVersion(models.Model):
    """A frozen, complete copy of the calendar: every due date cites the version that produced it,
    so a later announcement never silently moves an existing deadline, and any deadline can be
    recomputed exactly."""

    key = models.CharField(_("version"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["-id"]
        get_latest_by = "id"
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self) -> str:
        return f"{self.key} ({self.created_at:%d/%m/%Y %H:%M})"
