"""Journeys in headless Chromium: the home page, the due-date calculator, an officer signing in,
and an administrator entering next year's announcement in the admin."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_home_page_is_vietnamese_and_links_everything(page, live_server):
    page.goto(live_server.url)
    expect(page.locator("h1")).to_have_text("Thủ tục hành chính của tỉnh")
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(179, 38, 30)")
    for name in (
        "Vào Cổng dịch vụ công",
        "Vào phần mềm một cửa",
        "Vào trang quản trị",
        "Tài liệu API",
    ):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    page.get_by_role("link", name="Tài liệu API").click()
    expect(page).to_have_url(re.compile(r"/api/v1/docs/$"))
    # Swagger UI is served locally and renders the operations of the committed contract.
    expect(page.get_by_text("/api/v1/calendar/due").first).to_be_visible()


def test_a_citizen_computes_an_appointment(page, live_server):
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name="Tính ngày hẹn trả kết quả").click()
    page.get_by_label("Thời điểm tiếp nhận").fill("15/01/2026 09:00")
    page.get_by_label("Thời hạn").fill("20")
    page.get_by_role("button", name="Tính").click()
    expect(page.get_by_test_id("due")).to_contain_text("09:00")
    expect(page.get_by_test_id("due")).to_contain_text("12/02/2026")


def test_a_bad_time_limit_is_explained(page, live_server):
    page.goto(f"{live_server.url}/portal/tinh-han/")
    page.get_by_label("Thời điểm tiếp nhận").fill("15/01/2026 09:00")
    page.get_by_label("Thời hạn").fill("1.3")
    page.get_by_role("button", name="Tính").click()
    expect(page.get_by_role("alert")).to_contain_text("bội số của 0,25")


def test_an_officer_signs_in_and_sees_their_role(page, live_server):
    page.goto(f"{live_server.url}/workspace/")
    page.get_by_label("Tên đăng nhập").fill("stp.motcua")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Phần mềm một cửa điện tử")
    expect(page.locator("table")).to_contain_text("Sở Tư pháp tỉnh Bắc Kạn")
    expect(page.locator("table")).to_contain_text("Công chức Bộ phận Một cửa")


def test_an_administrator_adds_next_years_announcement(page, live_server, api):
    before = api.get(
        "/api/v1/calendar/due", {"start": "2027-03-01T09:00:00+07:00", "days": "5"}
    ).json()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/admin/workdays/calendaroverride/add/")
    page.locator("#id_date").fill("03/03/2027")
    page.locator("#id_kind").select_option("compensatory_off")
    page.locator("#id_reason").fill("Nghỉ hoán đổi (thử nghiệm)")
    page.locator("#id_document").fill("123/TB-BNV")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    after = api.get(
        "/api/v1/calendar/due", {"start": "2027-03-01T09:00:00+07:00", "days": "5"}
    ).json()
    assert before["due"] == "2027-03-08T09:00:00+07:00"
    assert after["due"] == "2027-03-09T09:00:00+07:00"
    assert after["calendar_version"] != before["calendar_version"]


@pytest.mark.parametrize("login", ["admin", "stp.kiemsoat", "stp.motcua", "congdan@motcua.vn"])
def test_the_header_is_one_row_at_1280_pixels_whoever_signs_in(page, live_server, login):
    from django.contrib.auth import get_user_model

    if login.startswith("congdan"):
        get_user_model().objects.create_user(
            username=login, email=login, password="motcua-demo", kind="citizen"
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("Tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("account-name")).to_be_visible()
    links = page.locator(".site-header nav a:visible, .site-header nav summary")
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    tops.add(round(page.get_by_test_id("account-name").bounding_box()["y"]))
    assert max(tops) - min(tops) <= 8, tops  # one row, not two
    texts = links.all_inner_texts()
    assert len(texts) == len(set(texts))  # no two links to the same place
