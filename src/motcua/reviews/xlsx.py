"""Spreadsheets of the review app in the layouts the offices exchange: review results, and a
simplification plan (part I the list, part II the benefits per procedure)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from motcua.core.xlsx import save, sheet
from motcua.reviews.models import Review, SimplificationPlan
from motcua.reviews.selectors import plan_rows


def _number(value) -> float | int:
    """Excel keeps days as numbers: 7.5, not "7,50"."""
    return int(value) if value == int(value) else float(value)


def reviews(rows: Iterable[Review]) -> bytes:
    workbook = Workbook()
    headers = [
        _("No."),
        _("Procedure code"),
        _("Procedure name"),
        _("Reviewing agency"),
        _("Reviewed on"),
        _("Still necessary"),
        _("Recommendations"),
        _("Time limit before (working days)"),
        _("Time limit after (working days)"),
        _("Dossiers a year"),
        _("Cost basis"),
        _("Cost before (đồng/year)"),
        _("Cost after (đồng/year)"),
        _("Saving (đồng/year)"),
        _("Saving (%)"),
    ]
    body = []
    for index, review in enumerate(rows, start=1):
        recs = [r for r in review.recommendations.all() if r.current]
        body.append(
            [
                index,
                review.procedure.code,
                review.version.name,
                review.agency.name,
                review.reviewed_on,
                _("Yes") if review.necessary else _("No"),
                "\n".join(f"{r.get_kind_display()}: {r.content}" for r in recs),
                _number(review.working_days),
                _number(review.days_after),
                review.dossiers_per_year,
                review.get_cost_basis_display(),
                review.cost_before,
                review.cost_after,
                review.saving,
                float(review.saving_percent),
            ]
        )
    sheet(
        workbook,
        _("Review results"),
        headers,
        body,
        [6, 14, 50, 30, 12, 10, 60, 14, 14, 14, 24] + [14] * 4,
    )
    for row in workbook.active.iter_rows(min_row=2, min_col=5, max_col=5):
        row[0].number_format = "DD/MM/YYYY"
    return save(workbook)


def simplification_plan(plan: SimplificationPlan) -> bytes:
    rows = plan_rows(plan)
    workbook = Workbook()
    part_one = [
        [
            row["index"],
            row["review"].procedure.code,
            row["review"].version.name,
            "\n".join(r.regulation for r in row["recommendations"] if r.regulation),
            "\n".join(f"{r.get_kind_display()}: {r.content}" for r in row["recommendations"]),
        ]
        for row in rows
    ]
    sheet(
        workbook,
        _("Part I – List"),
        [
            _("No."),
            _("Procedure code"),
            _("Procedure name"),
            _("Regulation to change"),
            _("Proposal"),
        ],
        part_one,
        [6, 14, 50, 40, 60],
    )
    two = workbook.create_sheet(_("Part II – Benefits")[:31])
    workbook.active = two
    part_two = []
    for row in rows:
        review = row["review"]
        recs = row["recommendations"]
        part_two.append(
            [
                row["index"],
                review.procedure.code,
                review.version.name,
                "\n".join(f"{r.get_kind_display()}: {r.content}" for r in recs),
                "\n".join(
                    f"{r.implementer}: {r.regulation}".strip(": ")
                    for r in recs
                    if r.implementer or r.regulation
                ),
                review.cost_before,
                review.cost_after,
                review.saving,
                float(review.saving_percent),
                _number(review.working_days),
                _number(review.days_after),
                _number(row["days_saved"]),
                float(row["days_percent"]),
                plan.roadmap,
            ]
        )
    sheet(
        workbook,
        _("Part II – Benefits"),
        [
            _("No."),
            _("Procedure code"),
            _("Procedure name"),
            _("1.1 Content of the simplification"),
            _("1.2 Implementation recommendation"),
            _("Cost before (đồng/year)"),
            _("Cost after (đồng/year)"),
            _("Cost saved (đồng/year)"),
            _("Cost cut (%)"),
            _("Time before (working days)"),
            _("Time after (working days)"),
            _("Time saved (working days)"),
            _("Time cut (%)"),
            _("1.4 Roadmap"),
        ],
        part_two,
        [6, 14, 50, 60, 40] + [14] * 8 + [20],
    )
    workbook.active = 0
    return save(workbook)
