"""The working-day arithmetic on the official calendar (domain/README.md §9 and §13)."""

import datetime as dt

import pytest

from motcua.workdays.calendar import (
    CalendarError,
    InvalidAmount,
    InvalidOfficeHours,
    OfficeHours,
    OutOfRange,
    Season,
    WorkCalendar,
    hhmm,
    quarter_days,
)
from motcua.workdays.snapshot import build_snapshot, calendar_from
from tests.workdays.conftest import official_calendar

VN = dt.timezone(dt.timedelta(hours=7))
FIFTEEN = hhmm("15:00")


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN)


def local(moment):
    return moment.astimezone(VN).replace(tzinfo=None)


class TestWorkedExamples:
    def test_w4_twenty_working_days_from_thursday_15_january_2026(self, cal):
        # Observed slip: procedure 1.012781, in person, 20 working days, received Thu 15/01/2026
        # -> appointment Thu 12/02/2026; the receipt day is not counted.
        due = cal.add_working_days(at(2026, 1, 15, 9, 0), 20)
        assert local(due) == dt.datetime(2026, 2, 12, 9, 0)
        assert due.strftime("%A") == "Thursday"

    def test_w2_same_day_before_the_cutoff(self, cal):
        due = cal.add_working_days(at(2025, 11, 18, 14, 59), 0, cutoff=FIFTEEN)
        assert local(due) == dt.datetime(2025, 11, 18, 17, 0)

    def test_w2_same_day_after_the_cutoff_goes_to_the_next_working_day(self, cal):
        due = cal.add_working_days(at(2025, 11, 18, 15, 1), 0, cutoff=FIFTEEN)
        assert local(due) == dt.datetime(2025, 11, 19, 17, 0)

    def test_w2_exactly_at_the_cutoff_is_still_the_same_day(self, cal):
        due = cal.add_working_days(at(2025, 11, 18, 15, 0), 0, cutoff=FIFTEEN)
        assert local(due).date() == dt.date(2025, 11, 18)

    def test_w2_after_the_cutoff_on_a_friday_goes_to_monday(self, cal):
        due = cal.add_working_days(at(2025, 11, 21, 16, 0), 0, cutoff=FIFTEEN)
        assert local(due) == dt.datetime(2025, 11, 24, 17, 0)


class TestOfficialDays:
    @pytest.mark.parametrize(
        "day",
        [
            "2023-01-02",
            "2023-01-20",
            "2023-05-03",
            "2023-09-04",
            "2024-02-14",
            "2024-04-29",
            "2025-05-02",
            "2025-09-01",
            "2026-01-02",
            "2026-02-20",
            "2026-04-27",
            "2026-08-31",
        ],
    )
    def test_official_days_off(self, cal, day):
        assert not cal.is_working_day(dt.date.fromisoformat(day))

    @pytest.mark.parametrize("day", ["2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"])
    def test_make_up_saturdays_are_worked(self, cal, day):
        assert cal.is_working_day(dt.date.fromisoformat(day))

    def test_the_override_wins_over_the_package_for_the_2026_new_year_swap(self, cal):
        # The holidays package misses Fri 02/01/2026 off and Sat 10/01/2026 worked.
        due = cal.add_working_days(at(2025, 12, 31, 9, 0), 1)
        assert local(due) == dt.datetime(2026, 1, 5, 9, 0)
        due = cal.add_working_days(at(2026, 1, 9, 9, 0), 1)
        assert local(due) == dt.datetime(2026, 1, 10, 9, 0)

    def test_the_uncertain_24_november_2026_is_counted_as_a_working_day(self, cal):
        assert cal.is_working_day(dt.date(2026, 11, 24))

    def test_tet_2026_is_skipped(self, cal):
        due = cal.add_working_days(at(2026, 2, 13, 10, 0), 1)
        assert local(due) == dt.datetime(2026, 2, 23, 10, 0)

    def test_years_after_the_announcements_use_the_package(self, cal):
        # Tết 2027 (lunar) comes from the holidays package until the notice is entered.
        assert not cal.is_working_day(dt.date(2027, 2, 8))


class TestWorkingTime:
    def test_half_and_quarter_days_are_four_and_two_hours(self, cal):
        monday = at(2026, 3, 2, 7, 0)
        assert local(cal.add_working_days(monday, "0.25")) == dt.datetime(2026, 3, 2, 9, 0)
        assert local(cal.add_working_days(monday, "0.5")) == dt.datetime(2026, 3, 2, 11, 0)

    def test_time_runs_over_the_lunch_break(self, cal):
        due = cal.add_working_days(at(2026, 3, 2, 10, 0), "0.5")
        assert local(due) == dt.datetime(2026, 3, 2, 16, 0)

    def test_a_full_day_from_the_opening_ends_at_the_close(self, cal):
        due = cal.add_working_days(at(2026, 3, 2, 7, 0), 1)
        assert local(due) == dt.datetime(2026, 3, 2, 17, 0)

    def test_receipt_after_hours_counts_from_the_next_working_morning(self, cal):
        due = cal.add_working_days(at(2026, 3, 6, 18, 30), 1)  # Friday evening
        assert local(due) == dt.datetime(2026, 3, 9, 17, 0)
        assert local(cal.next_working_moment(at(2026, 3, 6, 18, 30))) == dt.datetime(
            2026, 3, 9, 7, 0
        )

    def test_receipt_on_a_sunday_counts_from_monday(self, cal):
        due = cal.add_working_hours(at(2026, 3, 8, 10, 0), 3)
        assert local(due) == dt.datetime(2026, 3, 9, 10, 0)

    def test_receipt_in_the_lunch_break_counts_from_the_afternoon(self, cal):
        due = cal.add_working_hours(at(2026, 3, 2, 12, 15), 1)
        assert local(due) == dt.datetime(2026, 3, 2, 14, 30)

    def test_hours_accept_quarter_hours(self, cal):
        due = cal.add_working_hours(at(2026, 3, 2, 7, 0), "1.25")
        assert local(due) == dt.datetime(2026, 3, 2, 8, 15)

    def test_cutoff_applies_to_multi_day_limits_too(self, cal):
        due = cal.add_working_days(at(2026, 3, 2, 15, 30), 1, cutoff=FIFTEEN)
        assert local(due) == dt.datetime(2026, 3, 3, 17, 0)

    def test_input_in_utc_is_read_in_vietnam_time(self, cal):
        utc = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)  # 09:00 in Hà Nội
        assert local(cal.add_working_days(utc, 20)) == dt.datetime(2026, 2, 12, 9, 0)

    def test_a_naive_moment_is_refused(self, cal):
        with pytest.raises(CalendarError):
            cal.add_working_days(dt.datetime(2026, 1, 15, 9, 0), 1)


class TestCalendarDays:
    def test_the_first_day_is_not_counted(self, cal):
        due = cal.add_calendar_days(at(2026, 3, 2, 9, 0), 10)  # Mon + 10 = Thu 12/03
        assert local(due) == dt.datetime(2026, 3, 12, 17, 0)

    def test_a_period_ending_on_a_day_off_runs_to_the_next_working_day(self, cal):
        due = cal.add_calendar_days(at(2026, 2, 10, 15, 30), 10)  # ends Fri 20/02, Tết
        assert local(due) == dt.datetime(2026, 2, 23, 17, 0)

    def test_a_period_ending_on_a_sunday(self, cal):
        due = cal.add_calendar_days(at(2026, 3, 2, 9, 0), 6)  # Sun 08/03
        assert local(due) == dt.datetime(2026, 3, 9, 17, 0)


class TestElapsedAndLateness:
    def test_elapsed_counts_only_office_time(self, cal):
        start, end = at(2026, 3, 6, 16, 0), at(2026, 3, 9, 8, 0)  # Fri 16:00 -> Mon 08:00
        assert cal.elapsed(start, end) == 2 * 3600

    def test_late_by_is_zero_when_on_time_and_counts_working_time_otherwise(self, cal):
        due = at(2026, 3, 6, 17, 0)
        assert cal.late_by(due, at(2026, 3, 6, 16, 0)) == 0
        assert cal.late_by(due, at(2026, 3, 9, 9, 0)) == 2 * 3600

    def test_working_days_between(self, cal):
        # February 2026: 20 weekdays, 5 of them Tết.
        assert cal.working_days_between(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 15


class TestBadInput:
    @pytest.mark.parametrize("days", ["-1", "0.3", "1.1", "abc"])
    def test_days_must_be_non_negative_quarters(self, cal, days):
        with pytest.raises(InvalidAmount):
            cal.add_working_days(at(2026, 3, 2, 9, 0), days)

    def test_quarter_days(self):
        assert quarter_days("2.75") == 11
        assert quarter_days(0) == 0

    def test_dates_outside_the_calendar(self, cal):
        with pytest.raises(OutOfRange):
            cal.add_working_days(at(2017, 12, 29, 9, 0), 1)
        with pytest.raises(OutOfRange):
            cal.add_working_days(at(2030, 12, 30, 9, 0), 5)

    def test_office_hours_must_make_the_legal_eight_hours(self):
        with pytest.raises(InvalidOfficeHours):
            OfficeHours.simple(("07:30", "11:30"), ("13:30", "17:00"))
        with pytest.raises(InvalidOfficeHours):
            OfficeHours.simple(("13:30", "17:00"), ("07:00", "11:30"))


class TestSeasons:
    def test_summer_and_winter_hours(self):
        schedules = {
            "default": [
                {"starts": "04-15", "sessions": [["07:00", "11:30"], ["13:30", "17:00"]]},
                {"starts": "10-15", "sessions": [["07:30", "11:30"], ["13:00", "17:00"]]},
            ]
        }
        cal = official_calendar(schedules)
        # Winter: opening 07:30, lunch until 13:00.
        winter = cal.add_working_hours(at(2026, 1, 5, 7, 0), "4.25")
        assert local(winter) == dt.datetime(2026, 1, 5, 13, 15)
        summer = cal.add_working_hours(at(2026, 6, 1, 7, 0), "4.25")
        assert local(summer) == dt.datetime(2026, 6, 1, 11, 15)

    def test_season_starts_must_be_real_days(self):
        with pytest.raises(InvalidOfficeHours):
            Season((2, 30), ((25200, 41400), (48600, 61200)))


def test_a_pure_calendar_needs_no_database():
    cal = WorkCalendar(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    due = cal.add_working_days(at(2026, 1, 1, 9, 0), 1)  # no holidays given: Thursday is worked
    assert local(due) == dt.datetime(2026, 1, 2, 9, 0)


def test_snapshot_lists_sources():
    from motcua.workdays.official import official_days_rows

    snapshot = build_snapshot(2026, 2026, official_days_rows(), {"default": []})
    assert snapshot["days_off"]["2026-01-02"]["source"]
    assert snapshot["working_weekends"]["2026-01-10"]["kind"] == "makeup_working"
    assert "2026-11-24" in snapshot["worked_holidays"]
    assert calendar_from  # the same module rebuilds calendars from snapshots


def test_each_official_day_names_the_letter_that_announced_it():
    from motcua.workdays.official import announcing_document, official_days_rows

    documents = {row["date"]: row["document"] for row in official_days_rows()}
    assert documents[dt.date(2025, 1, 28)] == "8726/VPCP-KGVX"  # not "2024/11" from an address
    assert documents[dt.date(2026, 1, 2)] == "12729/VPCP-KGVX"
    assert documents[dt.date(2024, 4, 29)] == "2450/VPCP-KGVX"
    assert documents[dt.date(2023, 9, 4)] == "8056/VPCP-KGVX"
    # The 2026 National Day swap is known from a proposal dated 02/10/2025, with no letter
    # number: it names none rather than "02/10".
    assert documents[dt.date(2026, 8, 31)] == ""
    for document in documents.values():
        assert not document or "/VPCP" in document or "/TB" in document or "-" in document
    assert announcing_document("https://x.vn/2024/11/a.html (VPCP 8726/VPCP-KGVX 26/11/2024)") == (
        "8726/VPCP-KGVX"
    )
    assert announcing_document("(Bộ Nội vụ proposal 02/10/2025)") == ""
