"""Reads of the reform plan: each task's status on a day, derived from the lead agency's reports
and the deadline, and the plan's figures "as of" any date."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.reform.models import Area, ProgressReport, ReformPlan, ReformTask
from motcua.reform.services import expected_units

# What a leader sees; the contract's counts: done (on time or late), in_progress, not_started,
# overdue.
STATES = {
    "not_started": _("Not started"),
    "in_progress": _("Under way"),
    "done": _("Done"),
    "done_late": _("Done late"),
    "overdue": _("Overdue"),
}
# Overdue first: what needs a leader's attention.
ATTENTION = ["overdue", "not_started", "in_progress", "done_late", "done"]


@dataclass
class TaskState:
    task: ReformTask
    state: str
    percent: int
    last: ProgressReport | None

    @property
    def label(self):
        return STATES[self.state]


def state_of(task: ReformTask, reports: list[ProgressReport], as_of: dt.date) -> TaskState:
    """The task's status on ``as_of``: the lead agency's latest report up to that day, read
    against the deadline. Coordinating agencies' reports are history, not the task's status."""
    known = [r for r in reports if r.agency_id == task.lead_id and r.reported_on <= as_of]
    last = max(known, key=lambda r: (r.reported_on, r.pk), default=None)
    due = task.due_on
    if last is not None and last.status == ProgressReport.Status.DONE:
        state = "done_late" if due is not None and last.reported_on > due else "done"
    elif due is not None and as_of > due:
        state = "overdue"
    elif last is not None and last.status == ProgressReport.Status.IN_PROGRESS:
        state = "in_progress"
    else:
        state = "not_started"
    return TaskState(task, state, last.percent if last else 0, last)


def task_states(plan: ReformPlan, as_of: dt.date, *, tasks=None) -> list[TaskState]:
    tasks = (
        (tasks if tasks is not None else plan.tasks.all())
        .select_related("lead", "objective")
        .prefetch_related(
            "coordinators",
            Prefetch("reports", queryset=ProgressReport.objects.filter(reported_on__lte=as_of)),
        )
    )
    return [state_of(task, list(task.reports.all()), as_of) for task in tasks]


def _counts(states: list[TaskState]) -> dict:
    counter = Counter(s.state for s in states)
    return {
        "tasks": len(states),
        "done": counter["done"] + counter["done_late"],
        "done_late": counter["done_late"],
        "in_progress": counter["in_progress"],
        "not_started": counter["not_started"],
        "overdue": counter["overdue"],
    }


def unit_plans(plan: ReformPlan) -> dict:
    """Who has filed a unit plan and who has not, by level (19/19 departments, 8/8 districts)."""
    expected = list(expected_units(plan).order_by("level", "code"))
    filed = set(plan.unit_plans.values_list("agency_id", flat=True))
    by_level = {}
    for level in (Agency.Level.DEPARTMENT, Agency.Level.DISTRICT):
        ids = [a for a in expected if a.level == level]
        by_level[level] = {
            "label": Agency.Level(level).label,
            "filed": sum(1 for a in ids if a.pk in filed),
            "expected": len(ids),
            "missing": [a for a in ids if a.pk not in filed],
        }
    return {
        "filed": sum(1 for a in expected if a.pk in filed),
        "expected": len(expected),
        "by_level": by_level,
    }


def progress(plan: ReformPlan, as_of: dt.date) -> dict:
    """The plan's figures on ``as_of`` (API-CONTRACT.md ``reform/progress``), by area and by lead
    agency, with every task's state."""
    states = task_states(plan, as_of)
    by_area = defaultdict(list)
    by_agency = defaultdict(list)
    for s in states:
        by_area[s.task.area].append(s)
        by_agency[s.task.lead].append(s)
    units = unit_plans(plan)
    return {
        "plan": plan,
        "as_of": as_of,
        "objectives": plan.objectives.count(),
        **_counts(states),
        "unit_plans": units,
        "by_area": [
            {"area": area, "label": label, **_counts(by_area[area])}
            for area, label in Area.choices
            if by_area[area]
        ],
        "by_agency": sorted(
            ({"agency": agency, **_counts(rows)} for agency, rows in by_agency.items()),
            key=lambda row: (-row["overdue"], -row["not_started"], row["agency"].name),
        ),
        "states": sorted(
            states, key=lambda s: (ATTENTION.index(s.state), s.task.due_on or dt.date.max)
        ),
    }


def plan_of_year(year: int) -> ReformPlan | None:
    return ReformPlan.objects.filter(year=year).order_by("-issued_on").first()
