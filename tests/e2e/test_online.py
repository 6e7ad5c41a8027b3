"""The citizen's online journey in headless Chromium: sign up, find a procedure typed without
diacritics, submit it online with uploads, see it accepted by the one-stop officer, track it."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from motcua.agencies.models import Role, StaffRole
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services
from tests.e2e.test_one_stop import CODE, published  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def desk(published, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    version = ProcedureVersion.objects.get(procedure__code=CODE, source="province")
    agency = services.deciding_agencies(version, timezone.localdate()).first()
    officer = get_user_model().objects.create_user(
        username="motcua.stnmt", password="motcua-demo", full_name="Hoàng Thu"
    )
    StaffRole.objects.create(user=officer, agency=agency, role=Role.ONE_STOP_OFFICER)
    return agency


def test_sign_up_submit_online_be_accepted_and_track(page, live_server, desk, tmp_path):
    scan = tmp_path / "don-dang-ky.pdf"
    scan.write_bytes(PDF)

    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Mai")
    page.get_by_label("Thư điện tử").fill("mai@example.vn")
    page.get_by_label("Số điện thoại").fill("0915000222")
    page.get_by_label("Số định danh cá nhân").fill("006190004321")
    page.get_by_label("Mật khẩu", exact=True).fill("hoa-mai-vang-2026")
    page.get_by_label("Nhập lại mật khẩu").fill("hoa-mai-vang-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("h1")).to_have_text("Hồ sơ của tôi")

    page.goto(
        f"{live_server.url}/portal/thu-tuc/?q=dang+ky+cap+giay+chung+nhan+dien+tich+tang+them"
    )
    page.get_by_role("link", name="Đăng ký, cấp Giấy chứng nhận").first.click()
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_label("Người nộp (cá nhân hoặc tổ chức)")).to_have_value("Nguyễn Thị Mai")
    page.get_by_label("Địa chỉ").fill("Tổ 3, phường Đức Xuân, tỉnh Thái Nguyên")
    for upload in page.locator("input[type=file]").all():
        upload.set_input_files(str(scan))
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_test_id("state")).to_contain_text("Mới đăng ký")
    expect(page.get_by_test_id("timeline")).to_contain_text("Nộp trực tuyến")
    code = page.locator("h1 code").inner_text()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next=/mot-cua/ho-so/{code}/")
    page.get_by_label("tên đăng nhập").fill("motcua.stnmt")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("summary", has_text="Tiếp nhận (đủ điều kiện)").click()
    page.locator("details[open] form").get_by_role("button").click()
    expect(page.locator("#dossier-state")).to_have_text("Được tiếp nhận")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/tra-cuu/?ma={code}")
    page.get_by_label("Số điện thoại hoặc 4 số cuối").fill("0915 000 111")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("track-error")).to_contain_text("Không tìm thấy hồ sơ")
    expect(page.get_by_test_id("tracked")).to_have_count(0)
    page.get_by_label("Số điện thoại hoặc 4 số cuối").fill("0915 000 222")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("state")).to_contain_text("Được tiếp nhận")
    expect(page.get_by_test_id("tracked")).not_to_contain_text("Nguyễn Thị Mai")
