"""Compliance cost (chi phí tuân thủ) of a procedure: pure arithmetic, domain/README.md §5.1.

The standard-cost structure: the time a person spends (preparing, travelling, waiting, and the
statutory processing time) valued at an hourly income, plus fees and other costs, times the number
of executions a year. Provinces in 2025 (Đồng Nai 2816/QĐ-UBND) value only the statutory processing
time: 1 working day = 8 hours, 1 hour = 40,000 đồng. The parameters are yearly and carry their source.
Money is whole đồng; rounding is half-up at the end, never in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class CostParameters:
    year: int
    hourly_income: int  # đồng per hour
    hours_per_day: Fraction = Fraction(8)
    source: str = ""


PRACTICE_2025 = CostParameters(
    year=2025,
    hourly_income=40_000,
    hours_per_day=Fraction(8),
    source="Đồng Nai 2816/QĐ-UBND (20/11/2025): thu nhập bình quân 2024, Tổng cục Thống kê",
)


@dataclass(frozen=True)
class CostInputs:
    working_days: Fraction = Fraction(0)  # statutory processing time
    preparation_hours: Fraction = Fraction(0)  # preparing documents, travelling, waiting
    fees: int = 0  # phí, lệ phí per execution, đồng
    other_costs: int = 0  # copies, certification, postage, consulting, per execution
    executions_per_year: int = 0

    def __post_init__(self) -> None:
        for name in ("working_days", "preparation_hours", "fees", "other_costs"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.executions_per_year < 0:
            raise ValueError("executions_per_year must not be negative")


def _dong(value: Fraction) -> int:
    return int(
        (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )


def cost_per_execution(inputs: CostInputs, params: CostParameters) -> Fraction:
    hours = Fraction(inputs.working_days) * params.hours_per_day + Fraction(
        inputs.preparation_hours
    )
    return hours * params.hourly_income + inputs.fees + inputs.other_costs


def annual_cost(inputs: CostInputs, params: CostParameters) -> int:
    """Đồng a year."""
    return _dong(cost_per_execution(inputs, params) * inputs.executions_per_year)


ANNUAL = "annual"
PER_DOSSIER = "per_dossier"


@dataclass(frozen=True)
class Saving:
    before: int
    after: int
    basis: str = ANNUAL  # PER_DOSSIER when the procedure had no dossier to count

    @property
    def amount(self) -> int:
        return self.before - self.after

    @property
    def percent(self) -> Decimal:
        """Saved share in percent, two decimals; an abolished procedure saves 100%."""
        if self.before == 0:
            return Decimal(0)
        share = Decimal(self.amount) * 100 / Decimal(self.before)
        return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def saving(before: CostInputs, after: CostInputs | None, params: CostParameters) -> Saving:
    """``after`` is None when the procedure is abolished. A procedure with no dossier a year
    has no annual cost to compare; as the 2025 provincial decisions do, the cost of one dossier
    is then the basis, so abolishing it saves 100% of that cost rather than 0% of nothing."""
    if before.executions_per_year == 0:
        per = _dong(cost_per_execution(before, params))
        after_per = 0 if after is None else _dong(cost_per_execution(after, params))
        return Saving(per, after_per, PER_DOSSIER)
    return Saving(annual_cost(before, params), 0 if after is None else annual_cost(after, params))
