"""A change of the calendar publishes a new version; deadlines cite theirs and can be recomputed."""

import datetime as dt

import pytest
from django.db import transaction

from motcua.workdays import selectors
from motcua.workdays.models import CalendarOverride, CalendarVersion

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
VN = dt.timezone(dt.timedelta(hours=7))


def test_a_new_announcement_makes_a_new_version_and_old_deadlines_stay(api):
    start = dt.datetime(2027, 3, 1, 9, 0, tzinfo=VN)
    before = selectors.calendar()
    old_due = before.add_working_days(start, 5)

    with transaction.atomic():
        CalendarOverride.objects.create(
            date=dt.date(2027, 3, 3),
            kind=CalendarOverride.Kind.HOLIDAY,
            reason="Nghỉ đột xuất (thử nghiệm)",
            document="01/TB-THU",
        )
    after = selectors.calendar()
    assert after.version != before.version
    assert after.add_working_days(start, 5) == old_due + dt.timedelta(days=1)
    # The deadline computed before still recomputes exactly from the version it cites.
    assert selectors.calendar(before.version).add_working_days(start, 5) == old_due
    assert CalendarVersion.objects.count() == 2


def test_saving_without_a_change_publishes_nothing():
    override = CalendarOverride.objects.get(date=dt.date(2026, 1, 2))
    with transaction.atomic():
        override.save()
    assert CalendarVersion.objects.count() == 1


def test_the_api_reports_the_version_in_force(api):
    key = api.get("/api/v1/calendar/due", {"start": "2026-03-02T09:00:00+07:00", "days": 1}).json()
    assert key["calendar_version"] == CalendarVersion.objects.latest().key
