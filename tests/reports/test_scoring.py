"""Decision 766 scoring: the worked example W5 of domain/README.md §13."""

from decimal import Decimal

from motcua.reports.scoring import score


def test_w5_ratio_below_target():
    # Indicator 3.5b: 60% against a target of 80%, 2 points at most -> 0.6 / 0.8 × 2 = 1.5.
    assert score(60, 100, 2, target=80) == Decimal("1.50")


def test_reaching_the_target_gives_full_points():
    assert score(85, 100, 2, target=80) == Decimal("2.00")


def test_without_a_target_points_are_proportional():
    assert score(3, 4, 20) == Decimal("15.00")


def test_no_score_without_data():
    assert score(0, 0, 6) is None
