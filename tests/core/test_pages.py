"""Pages through Django's test client: status, language, form errors."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/portal/",
        "/portal/tinh-han/",
        "/portal/co-quan/",
        "/accounts/login/",
        "/api/v1/docs/",
        "/healthz",
        "/static/motcua/site.css",
    ],
)
def test_public_pages_answer(client, url):
    assert client.get(url).status_code == 200


def test_the_workspace_needs_sign_in(client):
    response = client.get("/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_english_is_available(client):
    client.cookies["django_language"] = "en"
    assert "Administrative procedures of the province" in client.get("/").content.decode()


def test_agency_directory_search_is_accent_insensitive(client, demo):
    page = client.get("/portal/co-quan/", {"q": "so tu phap"}).content.decode()
    assert "Sở Tư pháp tỉnh Bắc Kạn" in page
    assert "Sở Y tế" not in page


def test_due_date_form_errors_are_vietnamese(client):
    page = client.get(
        "/portal/tinh-han/",
        {"received": "2026-01-15T09:00", "amount": "1.3", "unit": "working_days"},
    ).content.decode()
    assert "bội số của 0,25" in page


def test_due_date_outside_the_calendar(client):
    page = client.get(
        "/portal/tinh-han/", {"received": "2040-01-15T09:00", "amount": "1", "unit": "working_days"}
    ).content.decode()
    assert "ngoài phạm vi lịch" in page


def test_a_domain_error_on_a_page_is_a_clear_4xx(client):
    from motcua.workdays.models import CalendarVersion

    CalendarVersion.objects.all().delete()
    response = client.get(
        "/portal/tinh-han/", {"received": "2026-01-15T09:00", "amount": "1", "unit": "working_days"}
    )
    assert response.status_code == 404
    assert "Chưa có lịch làm việc" in response.content.decode()
