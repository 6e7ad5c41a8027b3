"""Compliance cost: the worked example W1 of domain/README.md §13, to the đồng."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.reviews.cost import PRACTICE_2025, CostInputs, annual_cost, saving


def test_w1_time_cut_from_ten_to_nine_working_days():
    before = CostInputs(working_days=Fraction(10), executions_per_year=10)
    after = CostInputs(working_days=Fraction(9), executions_per_year=10)
    result = saving(before, after, PRACTICE_2025)
    assert result.before == 32_000_000
    assert result.after == 28_800_000
    assert result.amount == 3_200_000
    assert result.percent == Decimal("10.00")


def test_an_abolished_procedure_saves_everything():
    before = CostInputs(working_days=Fraction(15), executions_per_year=3, fees=50_000)
    result = saving(before, None, PRACTICE_2025)
    assert result.after == 0
    assert result.percent == Decimal("100.00")


def test_fees_other_costs_and_preparation_time_count():
    inputs = CostInputs(
        working_days=Fraction(1, 2),
        preparation_hours=Fraction(3),
        fees=100_000,
        other_costs=20_000,
        executions_per_year=2,
    )
    # (4 h + 3 h) × 40,000 + 100,000 + 20,000 = 400,000 per execution
    assert annual_cost(inputs, PRACTICE_2025) == 800_000


def test_negative_inputs_are_refused():
    with pytest.raises(ValueError):
        CostInputs(working_days=Fraction(-1))


@given(st.integers(0, 200), st.integers(0, 200), st.integers(0, 10_000))
def test_shorter_time_never_costs_more(a, b, n):
    low, high = sorted((a, b))
    result = saving(
        CostInputs(working_days=Fraction(high, 4), executions_per_year=n),
        CostInputs(working_days=Fraction(low, 4), executions_per_year=n),
        PRACTICE_2025,
    )
    assert result.amount >= 0


def test_abolishing_a_procedure_without_dossiers_saves_its_whole_cost_per_dossier():
    # No dossier in recent years: 0 × the cost per dossier would report a 0% saving. The 2025
    # provincial decisions take the cost of one dossier as the basis instead.
    before = CostInputs(working_days=Fraction(15), fees=50_000, executions_per_year=0)
    result = saving(before, None, PRACTICE_2025)
    assert result.basis == "per_dossier"
    assert result.before == 15 * 8 * 40_000 + 50_000
    assert (result.after, result.percent) == (0, Decimal("100.00"))
    shorter = saving(before, CostInputs(working_days=Fraction(12), fees=50_000), PRACTICE_2025)
    assert shorter.basis == "per_dossier" and shorter.amount == 3 * 8 * 40_000
    counted = saving(
        CostInputs(working_days=Fraction(15), executions_per_year=2), None, PRACTICE_2025
    )
    assert counted.basis == "annual"
