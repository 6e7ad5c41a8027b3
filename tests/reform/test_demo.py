"""The demo's 2023 reform plan states the report's figures on 30 June 2023."""

import datetime as dt

import pytest

from motcua.demo import reform
from motcua.reform import selectors
from motcua.reform.models import ReformPlan

pytestmark = pytest.mark.django_db


def test_the_30_june_2023_figures_equal_the_report(demo, api):
    # The suite's database holds the demo province (load_demo, which loads the plan).
    assert reform.load() == 0
    plan = ReformPlan.objects.get(number=reform.PLAN_NUMBER)
    figures = selectors.progress(plan, dt.date(2023, 6, 30))
    assert figures["objectives"] == 40 and figures["tasks"] == 66
    assert (figures["done"], figures["in_progress"], figures["not_started"]) == (2, 63, 1)
    assert figures["overdue"] == 0
    levels = figures["unit_plans"]["by_level"]
    assert (levels["department"]["filed"], levels["department"]["expected"]) == (19, 19)
    assert (levels["district"]["filed"], levels["district"]["expected"]) == (8, 8)
    body = api.get("/api/v1/reform/progress", {"year": 2023, "as_of": "2023-06-30"}).json()
    assert {k: body[k] for k in ("objectives", "tasks", "done", "in_progress", "not_started")} == {
        "objectives": 40,
        "tasks": 66,
        "done": 2,
        "in_progress": 63,
        "not_started": 1,
    }
    assert (
        body["overdue"] == 0 and body["unit_plans"]["filed"] == body["unit_plans"]["expected"] == 27
    )
    # After the year the picture has moved on, without anyone editing a status: dated tasks
    # done (a few late), the one never started overdue.
    after = selectors.progress(plan, dt.date(2024, 1, 15))
    assert after["done"] > 2 and after["done_late"] == 3 and after["overdue"] == 1
    assert after["not_started"] == 0
