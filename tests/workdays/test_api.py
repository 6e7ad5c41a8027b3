"""GET /api/v1/calendar/due and /calendar/days, as API-CONTRACT.md names them."""

import pytest

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due"
DAYS = "/api/v1/calendar/days"


def test_due_in_working_days(api):
    body = api.get(DUE, {"start": "2026-01-15T09:00:00+07:00", "days": "20"}).json()
    assert body["due"] == "2026-02-12T09:00:00+07:00"
    assert body["calendar_version"]
    assert body["unit"] == "working_days"


def test_due_in_hours_and_calendar_days(api):
    body = api.get(DUE, {"start": "2026-03-02T07:00:00+07:00", "hours": "4"}).json()
    assert body["due"] == "2026-03-02T11:00:00+07:00"
    body = api.get(DUE, {"start": "2026-02-10T15:30:00+07:00", "calendar_days": "10"}).json()
    assert body["due"] == "2026-02-23T17:00:00+07:00"


def test_same_day_with_the_cutoff(api):
    early = api.get(DUE, {"start": "2025-11-18T14:00:00+07:00", "days": "0", "cutoff": "15:00"})
    late = api.get(DUE, {"start": "2025-11-18T15:30:00+07:00", "days": "0", "cutoff": "15:00"})
    assert early.json()["due"] == "2025-11-18T17:00:00+07:00"
    assert late.json()["due"] == "2025-11-19T17:00:00+07:00"


def test_a_utc_start_and_an_unencoded_plus_are_understood(api):
    body = api.get(DUE, {"start": "2026-01-15T02:00:00Z", "days": "20"}).json()
    assert body["due"] == "2026-02-12T09:00:00+07:00"
    response = api.get(f"{DUE}?start=2026-01-15T09:00:00+07:00&days=20")  # '+' read as a space
    assert response.status_code == 200
    assert response.json()["due"] == "2026-02-12T09:00:00+07:00"


def test_the_agencys_office_hours_are_used(api, demo, django_capture_on_commit_callbacks):
    import datetime as dt

    from motcua.agencies.models import Agency
    from motcua.workdays.models import OfficeSchedule, OfficeSeason

    with django_capture_on_commit_callbacks(execute=True):
        schedule = OfficeSchedule.objects.create(code="winter-late", name="Mở muộn")
        OfficeSeason.objects.create(
            schedule=schedule,
            morning_start=dt.time(7, 30),
            morning_end=dt.time(11, 30),
            afternoon_start=dt.time(13, 0),
            afternoon_end=dt.time(17, 0),
        )
    Agency.objects.filter(code="000.00.03.H03").update(office_schedule=schedule)
    body = api.get(
        DUE, {"start": "2023-03-06T07:00:00+07:00", "hours": "1", "agency": "000.00.03.H03"}
    ).json()
    assert body["due"] == "2023-03-06T08:30:00+07:00"
    assert body["schedule"] == "winter-late"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "not-a-date", "days": "1"}, "start"),
        ({"start": "2026-13-45T09:00", "days": "1"}, "start"),
        ({"start": "2026-01-15T09:00:00+07:00", "days": "-1"}, "days"),
        ({"start": "2026-01-15T09:00:00+07:00", "days": "0.3"}, "days"),
        ({"start": "2026-01-15T09:00:00+07:00", "days": "abc"}, "days"),
        ({"start": "2026-01-15T09:00:00+07:00", "hours": "0.001"}, "hours"),
        ({"start": "2026-01-15T09:00:00+07:00", "calendar_days": "-2"}, "calendar_days"),
        ({"start": "2026-01-15T09:00:00+07:00", "days": "1", "cutoff": "25:00"}, "cutoff"),
        ({"days": "1"}, "start"),
    ],
)
def test_bad_input_is_a_400_with_a_field_error(api, params, field):
    response = api.get(DUE, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert body["message"]


def test_exactly_one_amount(api):
    body = api.get(DUE, {"start": "2026-01-15T09:00:00+07:00"}).json()
    assert body["code"] == "invalid"
    body = api.get(DUE, {"start": "2026-01-15T09:00:00+07:00", "days": "1", "hours": "2"}).json()
    assert "days, hours" in body["message"] or body["fields"]


def test_outside_the_calendar(api):
    response = api.get(DUE, {"start": "2010-01-04T09:00:00+07:00", "days": "1"})
    assert response.status_code == 400
    assert response.json()["code"] == "out_of_calendar_range"


def test_unknown_agency(api):
    response = api.get(DUE, {"start": "2026-01-15T09:00:00+07:00", "days": "1", "agency": "999"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_agency"
    assert "agency" in response.json()["fields"]


def test_messages_are_vietnamese_by_default(api):
    body = api.get(DUE, {"start": "2010-01-04T09:00:00+07:00", "days": "1"}).json()
    assert "lịch" in body["message"]


def test_days_of_2026(api):
    body = api.get(DAYS, {"year": "2026"}).json()
    off = {row["date"]: row for row in body["days_off"]}
    makeup = {row["date"] for row in body["makeup_days"]}
    assert "2026-01-02" in off and off["2026-01-02"]["source"]
    assert "2026-02-16" in off
    assert "2026-11-24" not in off
    assert makeup == {"2026-01-10", "2026-08-22"}
    assert body["year"] == 2026


@pytest.mark.parametrize("year", ["abc", "", "1800"])
def test_days_bad_year(api, year):
    assert api.get(DAYS, {"year": year}).status_code == 400


def test_days_year_outside_the_calendar(api):
    response = api.get(DAYS, {"year": "2040"})
    assert response.status_code == 400
    assert response.json()["code"] == "out_of_calendar_range"
