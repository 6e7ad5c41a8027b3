"""Days typed as people here write them (dd/mm/yyyy), whatever the browser's language; ISO dates
from links and bookmarks still read; nothing else taken for a day."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.dates import day_text, parse_day, read_day, read_moment
from motcua.core.errors import DomainError
from motcua.core.fields import DayField, MomentField


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_a_day_written_either_way_reads_back(day):
    assert read_day(day_text(day)) == day
    assert read_day(day.isoformat()) == day
    assert read_day(f"{day.day}/{day.month}/{day.year}") == day  # without leading zeros
    assert DayField().clean(day_text(day)) == day


@pytest.mark.parametrize(
    "typed", ["", "15/13/2023", "30/02/2023", "2023/06/15", "15/06/23", "06-15-2023x", "ngày 15"]
)
def test_what_is_not_a_day_is_refused_with_the_shape_to_use(typed):
    assert read_day(typed) is None
    with pytest.raises(DomainError) as caught:
        parse_day(typed, "reviewed_on")
    assert "dd/mm/yyyy" in str(caught.value.fields["reviewed_on"][0])


def test_month_first_is_never_how_a_day_is_read():
    # 05/03/2027 is the 5th of March here, in the administration too (motcua/formats).
    assert read_day("05/03/2027") == dt.date(2027, 3, 5)
    assert DayField().clean("05/03/2027") == dt.date(2027, 3, 5)
    from django import forms
    from django.utils import translation

    for language in ("vi", "en"):
        with translation.override(language):
            assert forms.DateField().clean("05/03/2027") == dt.date(2027, 3, 5)


def test_a_moment_is_a_day_and_a_time():
    assert read_moment("15/06/2023 16:10") == dt.datetime(2023, 6, 15, 16, 10)
    assert read_moment("2023-06-15T16:10") == dt.datetime(2023, 6, 15, 16, 10)
    assert read_moment("15/06/2023") is None and read_moment("15/06/2023 25:00") is None
    assert MomentField().clean("15/06/2023 16:10").replace(tzinfo=None) == dt.datetime(
        2023, 6, 15, 16, 10
    )
