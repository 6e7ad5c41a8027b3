"""The portal on a phone-sized screen and by keyboard alone: no page scrolls sideways, and a
citizen tracks a dossier and files feedback without touching a mouse."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.quality.models import Feedback
from tests.e2e.test_one_stop import CODE, published  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = {"width": 360, "height": 740}
PAGES = [
    "/",
    "/portal/",
    "/portal/thu-tuc/?q=giay+chung+nhan",
    f"/portal/thu-tuc/{CODE}/",
    "/portal/tra-cuu/",
    "/portal/phan-anh/",
    "/portal/danh-gia-co-quan/",
    "/portal/tinh-han/",
    "/accounts/signup/",
    "/accounts/login/",
    "/portal/ho-so/",
    "/portal/kho-du-lieu/",
]


@pytest.fixture
def dossier(published):  # noqa: F811
    from motcua.agencies.models import StaffRole

    desk = StaffRole.objects.get(user__username="stp.motcua")
    return services.receive(
        procedure_code=CODE,
        deciding_agency=desk.agency,
        receiving_agency=desk.agency,
        channel="direct",
        applicant=services.Applicant(name="Lý Thị Hoa", phone="0911222333"),
        documents=[services.Handed(name="Đơn", originals=1)],
    )


def test_no_portal_page_scrolls_sideways_on_a_phone(page, live_server, dossier):
    get_user_model().objects.create_user(
        username="hoa@example.vn",
        email="hoa@example.vn",
        password="sen-hong-2026",
        kind="citizen",
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("tên đăng nhập").fill("hoa@example.vn")
    page.get_by_label("Mật khẩu").fill("sen-hong-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    # A procedure's long name and the header leave most of the first screen to the page.
    page.goto(f"{live_server.url}/portal/thu-tuc/{CODE}/")
    title = page.locator("h1").bounding_box()
    assert title["y"] + title["height"] < 0.45 * PHONE["height"], title


def test_tracking_and_feedback_by_keyboard_alone(page, live_server, dossier):
    page.goto(f"{live_server.url}/portal/tra-cuu/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Chuyển đến nội dung")
    page.get_by_label("Mã hồ sơ").focus()
    page.keyboard.type(dossier.code)
    page.keyboard.press("Tab")
    page.keyboard.type("0911222333")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("state")).to_contain_text("Được tiếp nhận")

    page.goto(f"{live_server.url}/portal/phan-anh/")
    page.get_by_label("Phản ánh", exact=True).focus()
    page.keyboard.press("ArrowDown")  # a radio group is one tab stop; arrows choose
    expect(page.get_by_label("Kiến nghị", exact=True)).to_be_checked()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    page.keyboard.type("Niêm yết thủ tục chưa đầy đủ")
    page.keyboard.press("Tab")
    page.keyboard.type("Bộ phận một cửa chưa niêm yết phí.")
    page.keyboard.press("Tab")
    page.keyboard.type("Lý Thị Hoa")
    page.keyboard.press("Tab")
    page.keyboard.type("hoa@example.vn")
    page.get_by_role("button", name="Gửi", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Niêm yết thủ tục chưa đầy đủ")
    assert Feedback.objects.get().content == "Bộ phận một cửa chưa niêm yết phí."
