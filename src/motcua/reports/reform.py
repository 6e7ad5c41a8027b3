"""Every figure of the periodic administrative-reform report for a period, from the data: the
catalog's decisions and procedures, the reviews, the reform plan's progress on the last day, and
the dossiers. The document (DOCX, PDF) is laid out from this."""

from __future__ import annotations

from django.utils import translation

from motcua.catalog import selectors as catalog
from motcua.reform import selectors as reform
from motcua.reports import indicators, statistics
from motcua.reports.periods import Period
from motcua.reviews import selectors as reviews


def _reform_progress(period: Period) -> dict | None:
    plan = reform.plan_of_year(period.end.year)
    if plan is None:
        return None
    figures = reform.progress(plan, period.end)
    return {
        "plan": plan.number,
        "plan_title": plan.title,
        "as_of": period.end,
        "objectives": figures["objectives"],
        "tasks": figures["tasks"],
        "done": figures["done"],
        "done_late": figures["done_late"],
        "in_progress": figures["in_progress"],
        "not_started": figures["not_started"],
        "overdue": figures["overdue"],
        "unit_plans": {
            "filed": figures["unit_plans"]["filed"],
            "expected": figures["unit_plans"]["expected"],
            "by_level": {
                level: {"filed": row["filed"], "expected": row["expected"]}
                for level, row in figures["unit_plans"]["by_level"].items()
            },
        },
    }


def reform_report(period: Period) -> dict:
    published = catalog.catalog_statistics(period.start, period.end)
    procedures = published["procedures"]
    review = reviews.statistics(period.start, period.end)
    return {
        "period": {"from": period.start, "to": period.end, "key": period.key},
        "catalog": {
            "decisions": published["decisions"],
            "procedures": procedures["total"],
            "new": procedures["new"],
            "amended_or_replaced": procedures["amended"] + procedures["replaced"],
            "amended": procedures["amended"],
            "replaced": procedures["replaced"],
            "abolished": procedures["abolished"],
            "standardized": procedures["standardized"],
        },
        "reviews": {
            "procedures_reviewed": review["procedures_reviewed"],
            "recommendations": review["recommendations"],
            "by_kind": review["by_kind"],
            "plans_approved": review["plans_approved"],
            "cost_before": review["cost_before"],
            "cost_after": review["cost_after"],
            "saving_percent": review["saving_percent"],
            "drafts": review["drafts"]["drafts"],
            "draft_procedures": review["drafts"]["procedures"],
        },
        "reform": _reform_progress(period),
        "dossiers": statistics.dossier_statistics(period),
        "trend": statistics.monthly(period),
        "indicators": _indicators(period),
    }


def _indicators(period: Period) -> dict:
    """The province's Decision 766 score for the period's last month, by group."""
    month = f"{period.end:%Y-%m}"
    card = indicators.scorecard(month)
    with translation.override("vi"):
        groups = [
            {"code": g["code"], "name": str(g["label"]), "points": g["points"], "max": g["max"]}
            for g in card.groups
        ]
    return {"month": month, "total": card.total, "groups": groups}
