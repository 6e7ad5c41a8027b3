import pytest

from motcua.workdays.services import official_days_rows
from motcua.workdays.snapshot import build_snapshot, calendar_from, digest

DEFAULT_SCHEDULE = {
    "default": [{"starts": "01-01", "sessions": [["07:00", "11:30"], ["13:30", "17:00"]]}]
}


def official_calendar(schedules=DEFAULT_SCHEDULE):
    """The calendar a fresh installation starts with, built without the database."""
    snapshot = build_snapshot(2018, 2030, official_days_rows(), schedules)
    return calendar_from(snapshot, "default", digest(snapshot))


@pytest.fixture(scope="session")
def cal():
    return official_calendar()
