"""A review's compliance cost (Decree 63/2010 as amended; reviews.cost), before and after
its recommendations."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from motcua.reviews import cost
from motcua.reviews.models import (
    CostParameters,
    Recommendation,
    Review,
)
from motcua.reviews.services.common import Kind, Outcome


def _params(row: CostParameters) -> cost.CostParameters:
    return cost.CostParameters(
        year=row.year,
        hourly_income=row.hourly_income,
        hours_per_day=Fraction(row.hours_per_day),
        source=row.source,
    )


def _inputs(
    days: Decimal, hours: Decimal, fees: int, other: int, executions: int
) -> cost.CostInputs:
    return cost.CostInputs(
        working_days=Fraction(days),
        preparation_hours=Fraction(hours),
        fees=int(fees),
        other_costs=int(other),
        executions_per_year=executions,
    )


def _after(review: Review, recommendations: list[Recommendation]) -> tuple[Decimal, object]:
    """The time limit and cost inputs once the (not rejected) recommendations apply; None for
    the inputs when one of them abolishes the procedure."""
    live = [r for r in recommendations if r.current and r.outcome != Outcome.REJECTED]
    if any(r.kind == Kind.ABOLISH for r in live):
        return Decimal(0), None
    days = min(
        [review.working_days] + [r.proposed_days for r in live if r.proposed_days is not None],
    )
    hours = min(
        [review.preparation_hours]
        + [r.proposed_preparation_hours for r in live if r.proposed_preparation_hours is not None]
    )
    other = min(
        [review.other_costs]
        + [r.proposed_other_costs for r in live if r.proposed_other_costs is not None]
    )
    return days, _inputs(days, hours, review.fees, other, review.dossiers_per_year)


def recompute(review: Review) -> Review:
    """Refresh a review's cost before/after from its inputs and current recommendations."""
    params = _params(review.parameters)
    before = _inputs(
        review.working_days,
        review.preparation_hours,
        review.fees,
        review.other_costs,
        review.dossiers_per_year,
    )
    days_after, after = _after(review, list(review.recommendations.all()))
    result = cost.saving(before, after, params)
    review.cost_before, review.cost_after, review.days_after, review.cost_basis = (
        result.before,
        result.after,
        days_after,
        result.basis,
    )
    review.save(update_fields=["cost_before", "cost_after", "days_after", "cost_basis"])
    return review
