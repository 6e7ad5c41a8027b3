"""The province's annual administrative-reform (CCHC) plan (domain/README.md §8.1–8.2).

A ``ReformPlan`` has ``Objective``s and ``ReformTask``s in the annex layout (task, lead agency,
coordinating agencies, completion time, expected output, funding), grouped by the six reform
areas of Resolution 76/NQ-CP plus leadership and direction. Each department- and district-level
unit files a ``UnitPlan`` against it. Agencies report progress as often as they like
(``ProgressReport``, append-only); a task's status is derived from the reports and its deadline,
never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership, direction and communication")
    INSTITUTIONS = "institutions", _("Institutional reform")
    PROCEDURES = "procedures", _("Administrative procedure reform")
    APPARATUS = "apparatus", _("Reform of the administrative apparatus")
    CIVIL_SERVICE = "civil_service", _("Civil-service reform")
    PUBLIC_FINANCE = "public_finance", _("Public-finance reform")
    DIGITAL = "digital", _("E-government and digital government")


class ReformPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    title = models.TextField(_("title"))
    national_programme = models.TextField(
        _("national programme implemented"),
        blank=True,
        help_text=_("E.g. Resolution 76/NQ-CP on the state administrative reform programme."),
    )
    provincial_programme = models.TextField(_("provincial programme implemented"), blank=True)
    issuer = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-issued_on"]
        verbose_name = _("reform plan")
        verbose_name_plural = _("reform plans")

    def __str__(self) -> str:
        return f"{self.number} – {self.title[:80]}"


class Objective(models.Model):
    plan = models.ForeignKey(ReformPlan, models.CASCADE, related_name="objectives")
    order = models.PositiveIntegerField(_("no."))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.TextField(_("objective"))
    indicator = models.CharField(_("indicator"), max_length=255, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="unique_objective_order")
        ]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"


class ReformTask(models.Model):
    class Timing(models.TextChoices):
        DATE = "date", _("By a date")
        MONTH = "month", _("By a month")
        QUARTER = "quarter", _("By a quarter")
        REGULAR = "regular", _("Regular (all year)")

    plan = models.ForeignKey(ReformPlan, models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("no."), max_length=20, help_text=_("As printed in the annex."))
    title = models.TextField(_("task"))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    objective = models.ForeignKey(
        Objective,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("objective"),
    )
    lead = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        related_name="reform_tasks",
        verbose_name=_("lead agency"),
    )
    coordinators = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="coordinated_reform_tasks",
        verbose_name=_("coordinating agencies"),
    )
    timing = models.CharField(_("completion time"), max_length=10, choices=Timing.choices)
    due_on = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("Empty only for regular tasks.")
    )
    timing_text = models.CharField(_("completion time (as printed)"), max_length=100, blank=True)
    expected_output = models.TextField(_("expected output"), blank=True)
    funding = models.CharField(_("funding source"), max_length=255, blank=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="unique_task_order"),
            models.CheckConstraint(
                condition=Q(timing="regular", due_on__isnull=True)
                | (~Q(timing="regular") & Q(due_on__isnull=False)),
                name="task_deadline_unless_regular",
            ),
        ]
        verbose_name = _("reform task")
        verbose_name_plural = _("reform tasks")

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:80]}"


class UnitPlan(models.Model):
    """A department's or district's own reform plan, filed against the province's."""

    plan = models.ForeignKey(ReformPlan, models.CASCADE, related_name="unit_plans")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="reform_unit_plans")
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    tasks = models.ManyToManyField(
        ReformTask, blank=True, related_name="unit_plans", verbose_name=_("tasks taken on")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "agency"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "agency"], name="one_unit_plan_per_agency")
        ]
        verbose_name = _("unit plan")
        verbose_name_plural = _("unit plans")

    def __str__(self) -> str:
        return f"{self.number} – {self.agency}"


def evidence_upload_to(instance: ProgressReport, filename: str) -> str:
    return f"reform/{instance.task.plan_id}/{instance.task_id}/{filename}"


class ProgressReport(models.Model):
    """What an agency says of a task on a day; never edited, a new report follows."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("Under way")
        DONE = "done", _("Done")

    task = models.ForeignKey(ReformTask, models.CASCADE, related_name="reports")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+")
    reported_on = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    evidence = models.CharField(
        _("evidence document"),
        max_length=255,
        blank=True,
        help_text=_("Number and date of the document that shows the result."),
    )
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_upload_to, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ["task", "reported_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="percent_at_most_100"),
        ]
        indexes = [models.Index(fields=["task", "reported_on"], name="report_task_day")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.task.number}: {self.get_status_display()} {self.percent}%"
