"""Writes of the reform plan: the plan, its objectives and tasks, unit plans, progress reports.

Every function checks its input and raises a ``DomainError`` (Vietnamese message, machine code)
before it writes anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.core.errors import Conflict, PermissionDenied, already_used, field_error
from motcua.core.text import fold, nfc
from motcua.reform.models import (
    Area,
    Objective,
    ProgressReport,
    ReformPlan,
    ReformTask,
    UnitPlan,
)

Timing = ReformTask.Timing
Status = ProgressReport.Status
# Who files a unit plan against the province's (domain/README.md §8.2): department-level agencies
# and district-level units.
UNIT_PLAN_LEVELS = (Agency.Level.DEPARTMENT, Agency.Level.DISTRICT)


# --- completion times ----------------------------------------------------------------------------

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_timing(text: str, year: int) -> tuple[str, dt.date | None]:
    """The annex's "completion time" as a kind and a deadline: "Thường xuyên" (regular, no
    deadline), "Quý II" or "Quý 2/2023" (the quarter's last day), "Tháng 6/2023" (the month's last
    day), "6 tháng đầu năm" (30 June), "Năm 2023" (31 December) or a date (31/12/2023).
    Raises ValueError when it reads none of them."""
    folded = fold(nfc(text or "")).strip().rstrip(".")
    if not folded:
        raise ValueError("empty")
    if "thuong xuyen" in folded or folded in ("hang nam", "ca nam thuong xuyen"):
        return Timing.REGULAR, None
    in_year = re.search(r"(20\d\d)\b", folded)
    when_year = int(in_year.group(1)) if in_year else year
    match = re.fullmatch(r"quy\s+(i{1,3}|iv|[1-4])(?:\s*(?:/|nam)\s*20\d\d)?", folded)
    if match:
        token = match.group(1)
        quarter = ROMAN.get(token) or int(token)
        return Timing.QUARTER, _quarter_end(when_year, quarter)
    match = re.fullmatch(r"thang\s+(\d{1,2})(?:\s*(?:/|nam)\s*20\d\d)?", folded)
    if match and 1 <= int(match.group(1)) <= 12:
        month = int(match.group(1))
        return Timing.MONTH, dt.date(when_year, month, calendar.monthrange(when_year, month)[1])
    if re.fullmatch(r"6 thang dau nam(?:\s*20\d\d)?", folded):
        return Timing.MONTH, dt.date(when_year, 6, 30)
    if re.fullmatch(r"(?:nam|ca nam|trong nam)\s*(?:20\d\d)?", folded):
        return Timing.DATE, dt.date(when_year, 12, 31)
    match = re.fullmatch(r"(?:truoc ngay\s+)?(\d{1,2})/(\d{1,2})/(20\d\d)", folded)
    if match:
        day, month, y = (int(g) for g in match.groups())
        return Timing.DATE, dt.date(y, month, day)
    match = re.fullmatch(r"(20\d\d)-(\d\d)-(\d\d)", folded)
    if match:
        return Timing.DATE, dt.date(*(int(g) for g in match.groups()))
    raise ValueError(f"unreadable completion time: {text!r}")


# --- the plan ------------------------------------------------------------------------------------


def create_plan(
    *,
    number: str,
    issued_on: dt.date,
    title: str,
    national_programme: str = "",
    provincial_programme: str = "",
    issuer: Agency | None = None,
) -> ReformPlan:
    number = nfc(number).strip()
    if not number:
        raise field_error("number", _("This field is required."), "required")
    if not nfc(title).strip():
        raise field_error("title", _("This field is required."), "required")
    if ReformPlan.objects.filter(number=number).exists():
        raise already_used(
            "number", _("Plan %(number)s already exists.") % {"number": number}, "plan_exists"
        )
    return ReformPlan.objects.create(
        year=issued_on.year,
        number=number,
        issued_on=issued_on,
        title=nfc(title).strip(),
        national_programme=nfc(national_programme).strip(),
        provincial_programme=nfc(provincial_programme).strip(),
        issuer=issuer,
    )


def add_objective(
    plan: ReformPlan,
    *,
    area: str,
    text: str,
    indicator: str = "",
    target: Decimal | None = None,
    unit: str = "",
) -> Objective:
    if area not in Area.values:
        raise field_error("area", _("Not a valid choice."))
    if not nfc(text).strip():
        raise field_error("text", _("This field is required."), "required")
    order = (plan.objectives.aggregate(n=Max("order"))["n"] or 0) + 1
    return Objective.objects.create(
        plan=plan,
        order=order,
        area=area,
        text=nfc(text).strip(),
        indicator=nfc(indicator).strip(),
        target=target,
        unit=unit,
    )


def task_values(plan: ReformPlan, raw: dict) -> dict:
    """Check one task's values; raises a DomainError naming the field."""
    title = nfc(str(raw.get("title", ""))).strip()
    if not title:
        raise field_error("title", _("A task needs its content."), "required")
    if raw.get("area") not in Area.values:
        raise field_error("area", _("Not a valid reform area."))
    lead = raw.get("lead")
    if lead is None:
        raise field_error("lead", _("A task needs a lead agency."), "lead_required")
    timing_text = nfc(str(raw.get("timing_text", ""))).strip()
    due_on = raw.get("due_on")
    if due_on is not None:
        timing = raw.get("timing") or Timing.DATE
    elif timing_text:
        try:
            timing, due_on = parse_timing(timing_text, plan.year)
        except ValueError:
            raise field_error(
                "timing",
                _(
                    "Unreadable completion time “%(text)s”: write a date (31/12/%(year)s), a "
                    "quarter (Quý II), a month (Tháng 6) or “Thường xuyên”."
                )
                % {"text": timing_text, "year": plan.year},
                "deadline_unreadable",
            ) from None
    elif raw.get("timing") == Timing.REGULAR:
        timing = Timing.REGULAR
    else:
        raise field_error("timing", _("A task needs a completion time."), "deadline_required")
    return {
        "number": nfc(str(raw.get("number", ""))).strip()[:20],
        "title": title,
        "area": raw["area"],
        "objective": raw.get("objective"),
        "lead": lead,
        "timing": timing,
        "due_on": due_on,
        "timing_text": timing_text[:100],
        "expected_output": nfc(str(raw.get("expected_output", ""))).strip(),
        "funding": nfc(str(raw.get("funding", ""))).strip()[:255],
    }


@transaction.atomic
def add_tasks(plan: ReformPlan, rows: Iterable[dict]) -> list[ReformTask]:
    """Add tasks in the annex's order (each row: number, title, area, lead, coordinators,
    timing_text or due_on, expected_output, funding, objective); all or none."""
    plan = ReformPlan.objects.select_for_update().get(pk=plan.pk)
    order = plan.tasks.aggregate(n=Max("order"))["n"] or 0
    made = []
    for raw in rows:
        values = task_values(plan, raw)
        order += 1
        task = ReformTask.objects.create(plan=plan, order=order, **values)
        coordinators = [a for a in raw.get("coordinators", []) if a != values["lead"]]
        if coordinators:
            task.coordinators.set(coordinators)
        made.append(task)
    return made


def expected_units(plan: ReformPlan):
    """The agencies that owe a unit plan: department- and district-level units in office on the
    plan's date."""
    return Agency.objects.valid_on(plan.issued_on).filter(level__in=UNIT_PLAN_LEVELS)


@transaction.atomic
def file_unit_plan(
    plan: ReformPlan,
    agency: Agency,
    *,
    number: str,
    issued_on: dt.date,
    tasks: Iterable[ReformTask] = (),
    by=None,
) -> UnitPlan:
    if not expected_units(plan).filter(pk=agency.pk).exists():
        raise field_error(
            "agency",
            _("%(agency)s does not file a unit plan against this plan.") % {"agency": agency.name},
            "not_a_planning_unit",
        )
    number = nfc(number).strip()
    if not number:
        raise field_error("number", _("This field is required."), "required")
    if issued_on < plan.issued_on:
        raise field_error("issued_on", _("A unit plan cannot precede the province's plan."))
    tasks = list(tasks)
    if any(task.plan_id != plan.pk for task in tasks):
        raise field_error("tasks", _("Some tasks belong to another plan."))
    try:
        with transaction.atomic():
            unit_plan = UnitPlan.objects.create(
                plan=plan, agency=agency, number=number, issued_on=issued_on, filed_by=by
            )
    except IntegrityError:
        raise Conflict(
            _("%(agency)s has already filed its plan.") % {"agency": agency.name},
            code="unit_plan_filed",
        ) from None
    unit_plan.tasks.set(tasks)
    return unit_plan


def may_report(agency: Agency, task: ReformTask) -> bool:
    return task.lead_id == agency.pk or task.coordinators.filter(pk=agency.pk).exists()


def report_progress(
    task: ReformTask,
    agency: Agency,
    *,
    reported_on: dt.date,
    status: str,
    percent=None,
    evidence: str = "",
    note: str = "",
    evidence_file=None,
    by=None,
) -> ProgressReport:
    """An agency's report on a task it leads or helps with. The status a leader sees is derived
    from the lead agency's reports and the deadline (``selectors``)."""
    if not may_report(agency, task):
        raise PermissionDenied(
            _("Task %(number)s belongs to %(lead)s; %(agency)s neither leads nor helps with it.")
            % {"number": task.number, "lead": task.lead.name, "agency": agency.name},
            code="not_your_task",
        )
    if status not in Status.values:
        raise field_error("status", _("Not a valid choice."))
    if percent in (None, ""):
        percent = {Status.NOT_STARTED: 0, Status.DONE: 100}.get(status)
    try:
        percent = int(str(percent).strip())
    except (TypeError, ValueError):
        raise field_error("percent", _("A whole number from 0 to 100.")) from None
    if not 0 <= percent <= 100:
        raise field_error("percent", _("A whole number from 0 to 100."), "percent_out_of_range")
    if status == Status.DONE and percent != 100:
        raise field_error("percent", _("A task reported done is 100% done."))
    if status == Status.NOT_STARTED and percent != 0:
        raise field_error("percent", _("A task not started is 0% done."))
    if status == Status.IN_PROGRESS and percent == 100:
        raise field_error("status", _("A task 100% done is reported as done."))
    if reported_on > timezone.localdate():
        raise field_error("reported_on", _("A report cannot be about a day still to come."))
    if reported_on < task.plan.issued_on:
        raise field_error("reported_on", _("The report precedes the plan."))
    return ProgressReport.objects.create(
        task=task,
        agency=agency,
        reported_on=reported_on,
        status=status,
        percent=percent,
        evidence=nfc(evidence).strip()[:255],
        evidence_file=evidence_file or "",
        note=nfc(note).strip(),
        by=by,
    )
