"""Reporting periods: calendar periods and the 15th-to-14th cut-off periods."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.reports import periods


@pytest.mark.parametrize(
    "key, start, end",
    [
        ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        ("2023-H1", dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
        ("2023-Q3", dt.date(2023, 7, 1), dt.date(2023, 9, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_calendar_periods(key, start, end):
    period = periods.calendar_period(key)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "key, start, end",
    [
        ("2023-06", dt.date(2023, 5, 15), dt.date(2023, 6, 14)),
        ("2023-Q1", dt.date(2022, 12, 15), dt.date(2023, 3, 14)),
        ("2023-H1", dt.date(2022, 12, 15), dt.date(2023, 6, 14)),
        ("2023-H2", dt.date(2023, 6, 15), dt.date(2023, 12, 14)),
        ("2023", dt.date(2022, 12, 15), dt.date(2023, 12, 14)),
    ],
)
def test_cutoff_periods_follow_decree_09(key, start, end):
    period = periods.cutoff_period(key, 15)
    assert (period.start, period.end) == (start, end)


def test_a_bad_key_is_refused():
    for key in ("2023-13", "2023-Q5", "23", "2023-H3", "năm 2023"):
        with pytest.raises(ValueError):
            periods.parse(key)


@given(st.integers(2000, 2090), st.booleans(), st.integers(1, 28))
def test_consecutive_months_tile_the_year_without_gap_or_overlap(year, cutoff, day):
    months = [
        periods.cutoff_period(f"{year}-{m:02d}", day)
        if cutoff
        else periods.calendar_period(f"{year}-{m:02d}")
        for m in range(1, 13)
    ]
    for before, after in itertools.pairwise(months):
        assert after.start == before.end + dt.timedelta(days=1)
    whole = periods.cutoff_period(str(year), day) if cutoff else periods.calendar_period(str(year))
    assert (months[0].start, months[-1].end) == (whole.start, whole.end)
    assert sum(m.days for m in months) == whole.days
