"""The citizen's online journey in headless Chromium: sign up, find a procedure typed without
diacritics, submit it online with uploads; the officer accepts it and asks for the fee; the
citizen pays through the provider, tracks the dossier, gets the message that the result is
ready (file backend), downloads the result — signed by the agency — has it checked on the public
page, and rates the service."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from motcua.agencies.models import Role, StaffRole
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import selectors
from motcua.quality.models import Rating
from tests.e2e.test_one_stop import CODE, published  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def desk(published, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    version = ProcedureVersion.objects.get(procedure__code=CODE, source="province")
    agency = selectors.deciding_agencies(version, timezone.localdate()).first()
    officer = get_user_model().objects.create_user(
        username="motcua.stnmt", password="motcua-demo", full_name="Hoàng Thu"
    )
    for role in (Role.ONE_STOP_OFFICER, Role.AGENCY_LEADER):
        StaffRole.objects.create(user=officer, agency=agency, role=role)
    return agency


def sign_in(page, live_server, login, password, then):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next={then}")
    page.get_by_label("tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def act(page, label, **fields):
    page.locator("summary", has_text=label).click()
    form = page.locator("details[open] form")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button").click()


def test_sign_up_submit_pay_track_download_and_rate(page, live_server, desk, tmp_path):
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

    # The one-stop officer accepts it, hands it over and asks for the fee.
    sign_in(page, live_server, "motcua.stnmt", "motcua-demo", f"/mot-cua/ho-so/{code}/")
    act(page, "Tiếp nhận (đủ điều kiện)")
    expect(page.locator("#dossier-state")).to_have_text("Được tiếp nhận")
    act(page, "Chuyển cơ quan giải quyết")
    act(page, "Yêu cầu thực hiện nghĩa vụ tài chính", amount="30000")
    expect(page.locator("#dossier-state")).to_have_text("Yêu cầu thực hiện nghĩa vụ tài chính")

    # The citizen pays online through the provider's page.
    sign_in(page, live_server, "0915000222", "hoa-mai-vang-2026", f"/portal/ho-so/{code}/")
    # The slips are named as people call them, never by a code.
    expect(
        page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)")
    ).to_be_visible()
    page.get_by_test_id("pay-link").click()
    expect(page.get_by_test_id("amount")).to_have_text("30.000 đồng")
    page.get_by_test_id("pay").click()
    expect(page.locator("h1")).to_have_text("Cổng thanh toán thử nghiệm")
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(page.get_by_test_id("payment-state")).to_contain_text("Đã thanh toán")

    # The agency records the result, issued electronically (the form's default): signed by it.
    sign_in(page, live_server, "motcua.stnmt", "motcua-demo", f"/mot-cua/ho-so/{code}/")
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    page.locator("summary", has_text="Cập nhật kết quả giải quyết").click()
    form = page.locator("details[open] form")
    expect(
        form.get_by_label("Phát hành kết quả điện tử, ký số của cơ quan giải quyết")
    ).to_be_checked()
    form.locator("[name=number]").fill("125/GCN")
    form.locator("[name=signer]").fill("Hoàng Thu")
    form.get_by_role("button", name="Cập nhật kết quả giải quyết").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã xử lý xong")
    expect(page.get_by_test_id("result-file")).to_contain_text("Kết quả điện tử")
    expect(page.get_by_test_id("result-file")).to_contain_text(f"ký số: {desk.name}")

    # The background worker sends the messages: one says the result is ready.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    mails = "\n".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert "Hồ sơ của bạn đã có kết quả giải quyết." in mails and "To: mai@example.vn" in mails
    texts = "\n".join(p.read_text() for p in (tmp_path / "sms").iterdir())
    assert "Hồ sơ của bạn đã có kết quả giải quyết." in texts

    # Tracking shows the status only; the citizen downloads the result and rates the service.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/tra-cuu/?ma={code}")
    page.get_by_label("Số điện thoại hoặc 4 số cuối").fill("0915 000 111")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("Không tìm thấy hồ sơ")
    expect(page.get_by_test_id("tracked")).to_have_count(0)
    page.get_by_label("Số điện thoại hoặc 4 số cuối").fill("4321")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("state")).to_contain_text("Đã xử lý xong")
    expect(page.get_by_test_id("tracked")).not_to_contain_text("Nguyễn Thị Mai")

    sign_in(page, live_server, "mai@example.vn", "hoa-mai-vang-2026", f"/portal/ho-so/{code}/")
    with page.expect_download() as download:
        page.get_by_test_id("result-file").click()
    download.value.save_as(tmp_path / "result.pdf")
    assert (tmp_path / "result.pdf").read_bytes().startswith(b"%PDF")
    # Anyone — here a bank, signed in as nobody — checks the file on the public page.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/kiem-tra-ket-qua/")
    page.get_by_label("Tệp PDF của kết quả").set_input_files(str(tmp_path / "result.pdf"))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("verdict-title")).to_have_text(
        "Đây là kết quả đã cấp, không bị thay đổi."
    )
    expect(page.get_by_test_id("signature")).to_contain_text("hợp lệ")
    expect(page.get_by_test_id("signed-by")).to_have_text(desk.name)
    expect(page.get_by_test_id("verdict")).not_to_contain_text("Nguyễn Thị Mai")
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(
        (tmp_path / "result.pdf").read_bytes().replace(b"WeasyPrint", b"WeasyPrinT", 1)
    )
    page.get_by_label("Tệp PDF của kết quả").set_input_files(str(forged))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("verdict-title")).to_have_text(
        "Tệp này không phải kết quả do hệ thống cấp, hoặc đã bị thay đổi."
    )
    sign_in(page, live_server, "mai@example.vn", "hoa-mai-vang-2026", f"/portal/ho-so/{code}/")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("Ý kiến (nếu có)").fill("Nhanh, gọn.")
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_test_id("rated")).to_contain_text("Hài lòng")
    assert Rating.objects.get().comment == "Nhanh, gọn."
