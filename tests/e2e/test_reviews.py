"""A department's specialist opens the review assigned to them and fills the review form."""

import datetime as dt
import json

import pytest
from playwright.sync_api import expect

from motcua.agencies.models import Agency
from motcua.catalog import services as catalog
from motcua.catalog.models import DecisionItem
from motcua.catalog.services import import_national_records
from motcua.reviews import services
from motcua.reviews.models import Review
from tests.catalog.conftest import sample_lines
from tests.e2e.test_one_stop import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CODE = "1.012781"  # 20 working days in person


@pytest.fixture
def assigned():
    lines = sample_lines()
    import_national_records([line for line in lines if json.loads(line)["ma_thu_tuc"] == CODE])
    decision = catalog.create_decision("100/QĐ-UBND")
    catalog.add_item(decision, DecisionItem.Action.NEW, CODE)
    catalog.sign_decision(decision, signed_on=dt.date(2023, 3, 1))
    plan = services.create_plan(
        year=2023,
        number="25/KH-UBND",
        issued_on=dt.date(2023, 3, 15),
        title="Kế hoạch rà soát năm 2023",
        deadline=dt.date(2023, 6, 15),
    )
    justice = Agency.objects.get(staff_roles__user__username="stp.chuyenvien")
    services.assign(plan, justice, procedure_code=CODE)
    return plan


def test_a_specialist_fills_the_review_form(page, live_server, assigned):
    sign_in(page, live_server, "stp.chuyenvien", "/ra-soat/?year=2023")
    assignments = page.get_by_test_id("assignments")
    expect(assignments).to_contain_text(CODE)
    expect(assignments).to_contain_text("0/1")
    assignments.get_by_role("link", name="Rà soát").click()

    form = page.get_by_test_id("review-form")
    expect(page.locator("h1")).to_contain_text("Biểu mẫu rà soát")
    expect(form.get_by_label("Thời hạn giải quyết (ngày làm việc)")).to_have_value("20")
    form.get_by_label("Ngày rà soát").fill("10/05/2023")
    form.get_by_label("Thời hạn: hợp lý").uncheck()
    form.get_by_label("Thời hạn: ý kiến").fill("Dài hơn thực tế xử lý")
    form.get_by_label("Số giờ chuẩn bị hồ sơ, đi lại và chờ đợi").fill("4")
    # A negative number is refused with the reason, and the form keeps what was typed.
    form.get_by_label("Số hồ sơ mỗi năm").fill("-10")
    form.get_by_role("button", name="Gửi kết quả rà soát").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("Không được là số âm")
    assert not Review.objects.exists()

    form.get_by_label("Số hồ sơ mỗi năm").fill("10")
    first = form.get_by_test_id("recommendation-0")
    first.get_by_label("Kiến nghị 1").select_option(label="Rút ngắn thời hạn giải quyết")
    first.get_by_label("Thay đổi gì và lý do").fill("Quy trình điện tử cho phép xử lý nhanh hơn")
    first.get_by_label("Quy định hiện hành").fill("20 ngày làm việc")
    first.get_by_label("Đề xuất sửa đổi").fill("15 ngày làm việc")
    first.get_by_label("Thời hạn đề xuất (ngày làm việc)").fill("15")
    form.get_by_role("button", name="Gửi kết quả rà soát").click()

    expect(page.get_by_role("status")).to_contain_text("Đã gửi kết quả rà soát")
    # (20 days × 8 h + 4 h) × 40,000 đ × 10 = 65,600,000; after: (15 × 8 + 4) × 40,000 × 10
    expect(page.get_by_test_id("cost-before")).to_have_text("65.600.000")
    expect(page.get_by_test_id("cost-after")).to_have_text("49.600.000")
    expect(page.get_by_test_id("saving")).to_contain_text("16.000.000")
    expect(page.get_by_test_id("recommendation")).to_contain_text("Rút ngắn thời hạn giải quyết")
    review = Review.objects.get()
    assert review.assessment["time_limit"]["reasonable"] is False
    page.get_by_role("link", name="← Rà soát TTHC").click()  # back to 2023
    expect(page.get_by_test_id("assignments")).to_contain_text("Hoàn thành")
