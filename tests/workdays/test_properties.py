"""Properties of the working-time arithmetic, over random receipts 2023–2026."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.workdays.conftest import official_calendar

CAL = official_calendar()
VN = dt.timezone(dt.timedelta(hours=7))

moments = st.datetimes(
    min_value=dt.datetime(2023, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(microsecond=0, tzinfo=VN))
# 0.25 .. 60 working days, in quarter days. Zero is not an amount of time but "within the day"
# (the close of the receipt day), so it has its own tests.
quarters = st.integers(min_value=1, max_value=240)


def add(start, q):
    return CAL.add_working_days(start, q / 4)


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(min_value=0, max_value=240))
def test_the_due_moment_is_a_working_moment(start, q):
    assert CAL.is_working_moment(add(start, q))


@settings(max_examples=300, deadline=None)
@given(moments, quarters, quarters)
def test_adding_a_then_b_equals_adding_a_plus_b(start, a, b):
    assert add(add(start, a), b) == add(start, a + b)


@settings(max_examples=300, deadline=None)
@given(moments, quarters)
def test_the_working_time_between_start_and_due_is_what_was_added(start, q):
    assert CAL.elapsed(start, add(start, q)) == q * 2 * 3600


@settings(max_examples=300, deadline=None)
@given(moments, quarters, quarters)
def test_monotone_in_the_number_of_days(start, a, b):
    low, high = sorted((a, b))
    assert add(start, low) <= add(start, high)


@settings(max_examples=200, deadline=None)
@given(moments, st.integers(min_value=0, max_value=400))
def test_calendar_day_limits_end_on_a_working_day_not_before_the_period(start, n):
    due = CAL.add_calendar_days(start, n)
    assert CAL.is_working_day(due.date())
    assert due.date() >= start.date() + dt.timedelta(days=n)


@settings(max_examples=200, deadline=None)
@given(moments)
def test_the_next_working_moment_is_working_and_not_earlier(start):
    moment = CAL.next_working_moment(start)
    assert CAL.is_working_moment(moment)
    assert moment >= start
    assert CAL.elapsed(start, moment) == 0


@settings(max_examples=200, deadline=None)
@given(moments)
def test_within_the_day_is_the_close_of_the_first_working_day_from_receipt(start):
    due = add(start, 0)
    opening = CAL.next_working_moment(start)
    assert due.date() == opening.date()
    assert CAL.elapsed(opening, due) == CAL.elapsed(opening, add(opening, 0))
    assert due > start
