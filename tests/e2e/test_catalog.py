"""A citizen finds a procedure typed without diacritics, or in Telex, and reads its detail; the
control office teaches the search a phrase people use."""

import json
import re

import pytest
from playwright.sync_api import expect

from motcua.catalog.services import import_national_records
from tests.catalog.conftest import sample_lines

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalog_records():
    lines = sample_lines()
    wanted = {"1.012781", "1.001061", "2.002060"}
    import_national_records(
        lines[:100] + [line for line in lines if json.loads(line)["ma_thu_tuc"] in wanted]
    )


def test_find_without_diacritics_and_open_the_detail(page, live_server, catalog_records):
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("searchbox", name="Tìm thủ tục").fill("dang ky cap giay chung nhan thua dat")
    page.get_by_role("button", name="Tìm kiếm").click()
    result = page.locator(".result-item").filter(has_text="1.012781")
    expect(result).to_be_visible()
    result.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Đăng ký, cấp Giấy chứng nhận")
    ways = page.locator("table").first
    expect(ways).to_contain_text("Trực tiếp")
    expect(ways).to_contain_text("20 ngày làm việc")
    expect(ways).to_contain_text("10 ngày làm việc")
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()


def test_results_follow_the_words_as_they_are_typed(page, live_server, catalog_records):
    """The results change in place as a citizen types (htmx): no page load, the address kept in
    step so the back button and a shared link show the same results."""
    page.goto(f"{live_server.url}/portal/thu-tuc/")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("searchbox").press_sequentially("giay chung nhan thua dat", delay=20)
    result = page.locator(".result-item").filter(has_text="1.012781")
    expect(result).to_be_visible()
    assert page.evaluate("window.sameDocument") is True  # the page was not reloaded
    expect(page).to_have_url(re.compile(r"q=giay(\+|%20)chung(\+|%20)nhan(\+|%20)thua"))
    # The address alone gives the same results, the whole page.
    page.goto(page.url)
    expect(page.locator(".result-item").filter(has_text="1.012781")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Tra cứu thủ tục hành chính")


def test_a_typo_is_corrected_and_said(page, live_server, catalog_records):
    page.goto(f"{live_server.url}/portal/thu-tuc/?q=giay+chung+nhan+thau+dat")
    expect(page.locator(".note")).to_contain_text("thay cho")
    expect(page.locator(".result-item").first).to_be_visible()


def test_the_control_office_uploads_national_records_and_follows_the_progress(
    page, live_server, settings, tmp_path
):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    upload = tmp_path / "records.jsonl"
    upload.write_text("".join(sample_lines()[:60]), encoding="utf-8")
    page.goto(f"{live_server.url}/admin/catalog/procedure/import/")
    page.get_by_label("Tên đăng nhập").fill("stp.kiemsoat")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Nhập").click()
    expect(page.locator("#import-state")).to_have_text("đang chờ")
    expect(page.locator("#import-lines")).to_have_text("0 / 60")

    # The background worker picks the job up; the page, polling, reloads with the report.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.locator("#import-state")).to_have_text("xong")
    expect(page.locator("#import-progress")).to_have_attribute("value", "100")
    expect(page.locator("pre")).to_contain_text("Đọc 60 dòng: 60 thủ tục mới")


def test_citizens_words_find_the_procedure_and_the_control_office_teaches_a_phrase(
    page, live_server
):
    from tests.catalog.test_search_words import _lines

    import_national_records(_lines())
    # A citizen whose keyboard did not turn Telex into accents.
    page.goto(f"{live_server.url}/portal/thu-tuc/?q=caaps+laij+soor+ddor+bi+mat")
    expect(page.locator(".note")).to_contain_text("cấp")  # the correction, with its accents
    expect(page.locator(".result-item").first).to_contain_text("1.012786")

    # "Trường dạy lái" is in no name: the control office adds how people say it.
    page.goto(f"{live_server.url}/admin/catalog/searchsynonym/add/")
    page.get_by_label("Tên đăng nhập").fill("stp.kiemsoat")
    page.get_by_label("Mật khẩu").fill("motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Người dân nói").fill("trường dạy lái")
    page.get_by_label("Danh mục ghi là").fill("đào tạo lái xe")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto(f"{live_server.url}/portal/thu-tuc/?q=mo+truong+day+lai")
    expect(page.locator(".result-item").first).to_contain_text("1.001777")
