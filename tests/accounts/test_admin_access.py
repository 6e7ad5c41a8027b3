"""The admin obeys the same role table as the API and the pages."""

import pytest

pytestmark = pytest.mark.django_db
OVERRIDES = "/admin/workdays/calendaroverride/"


def sign_in(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


def test_an_administrator_manages_the_calendar_and_staff(client, demo):
    sign_in(client, "stp.quantri")
    assert client.get(OVERRIDES).status_code == 200
    assert client.get(f"{OVERRIDES}add/").status_code == 200
    assert client.get("/admin/agencies/staffrole/").status_code == 200
    index = client.get("/admin/").content.decode()
    assert "ngày làm bù" in index.lower()


def test_a_one_stop_officer_cannot_touch_the_calendar(client, demo):
    sign_in(client, "stp.motcua")
    assert client.get(OVERRIDES).status_code == 403
    assert client.get("/admin/agencies/agency/").status_code == 403


def test_nobody_edits_a_calendar_version(client, demo):
    from motcua.workdays.models import CalendarVersion

    sign_in(client, "admin")
    version = CalendarVersion.objects.latest()
    page = client.get(f"/admin/workdays/calendarversion/{version.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
