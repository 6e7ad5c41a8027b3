import pytest

from motcua.workdays.official import official_days_rows
from motcua.workdays.snapshot import DEFAULT_SCHEDULES, build_snapshot, calendar_from, digest


def official_calendar(schedules=DEFAULT_SCHEDULES):
    """The calendar a fresh installation starts with, built without the database."""
    snapshot = build_snapshot(2018, 2030, official_days_rows(), schedules)
    return calendar_from(snapshot, "default", digest(snapshot))


@pytest.fixture(scope="session")
def cal():
    return official_calendar()
