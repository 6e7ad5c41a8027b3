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


def test_english_is_available_and_each_language_is_named_in_itself(client):
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        page = client.get("/").content.decode()
        assert ">English</option>" in page and ">Tiếng Việt</option>" in page
    assert "Administrative procedures of the province" in page


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
    # At the top, what to correct, each a link to its field (the field says it again).
    summary = page.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Vui lòng sửa các mục sau" in summary and 'href="#id_amount"' in summary


def test_due_date_says_when_the_cutoff_moved_the_start(client):
    def counted(**extra) -> str:
        asked = {"received": "2026-01-15T16:00", "amount": "1", "unit": "working_days"}
        page = client.get("/portal/tinh-han/", {**asked, **extra}).content.decode()
        assert "phiên bản lịch" not in page.lower()  # no internal calendar version
        return page.split('data-testid="counted-from">', 1)[1].split("</p>", 1)[0]

    assert counted().startswith("Tính từ 16:00 15/01/2026") and "sau" not in counted()
    late = counted(cutoff="15:00")
    assert "15/01/2026" not in late and "16/01/2026" in late  # Friday's opening
    assert "sau 15:00" in late and "ngày làm việc tiếp theo" in late


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


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/portal/thu-tuc/", {"q": "cap\x00giay"}),
        ("/thong-ke/", {"period": "2023\x00"}),
        ("/bao-cao/ho-so/", {"count": "received", "agency": "000\x00"}),
        ("/api/v1/procedures", {"q": "a\x00b"}),
    ],
)
def test_a_null_character_in_a_parameter_is_refused_with_a_reason(client, url, params):
    """No text column can hold it (PostgreSQL answers with an error): a 400 that says why,
    on pages and in the API alike, before any view reads the database."""
    from tests.dossiers.conftest import user

    client.force_login(user("stp.lanhdao"))
    response = client.get(url, params)
    assert response.status_code == 400
    name = next(iter(p for p, v in params.items() if "\x00" in v))
    if url.startswith("/api/"):
        assert response.json()["code"] == "invalid" and name in response.json()["fields"]
    else:
        assert "ký tự rỗng" in response.content.decode()


def test_a_null_character_in_a_submitted_form_is_refused_and_nothing_is_written(client):
    """A page that reads its fields straight from the form (the control office's plan) gets
    the same 400 as a query parameter: PostgreSQL could not store the title."""
    from motcua.reviews.models import SimplificationPlan
    from tests.dossiers.conftest import user

    client.force_login(user("stp.kiemsoat"))
    response = client.post("/ra-soat/phuong-an/", {"year": 2023, "title": "Phương án\x002023"})
    assert response.status_code == 400 and "ký tự rỗng" in response.content.decode()
    assert not SimplificationPlan.objects.exists()
    ok = client.post("/ra-soat/phuong-an/", {"year": 2023, "title": "Phương án 2023"})
    assert ok.status_code == 302 and SimplificationPlan.objects.count() == 1


def test_no_template_comment_spans_lines():
    """Django's {# #} comments end at the line's end: one spread over lines is shown to people."""
    from pathlib import Path

    import motcua

    root = Path(motcua.__file__).parent
    broken = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert not broken, broken
