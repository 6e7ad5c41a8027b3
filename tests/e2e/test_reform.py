"""An agency's specialist opens a task of the reform plan and files a progress report."""

import pytest
from playwright.sync_api import expect

from motcua.demo import reform
from motcua.reform.models import ProgressReport, ReformPlan
from tests.e2e.test_one_stop import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_specialist_files_a_progress_report(page, live_server):
    plan = ReformPlan.objects.get(number=reform.PLAN_NUMBER)  # the demo's 2023 plan
    task = plan.tasks.filter(lead__short_name="STP", due_on__isnull=False).order_by("order")[0]
    sign_in(page, live_server, "stp.chuyenvien", "/cai-cach/")
    page.goto(f"{live_server.url}/cai-cach/?plan={plan.pk}&as_of=2023-06-30")
    expect(page.get_by_test_id("tasks")).to_have_text("66")
    expect(page.get_by_test_id("in-progress")).to_have_text("63")
    expect(page.get_by_role("img", name="Nhiệm vụ theo lĩnh vực cải cách")).to_be_visible()
    page.get_by_test_id("reform-tasks").get_by_role("link", name=task.title[:40]).first.click()

    expect(page.locator("h1")).to_contain_text(f"Nhiệm vụ {task.number}")
    # A percentage out of range is refused with the reason, and nothing is recorded.
    before = ProgressReport.objects.filter(task=task).count()
    page.get_by_label("Tại ngày").fill("15/09/2023")
    page.get_by_label("Trạng thái").select_option(label="Đang thực hiện")
    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("120")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("từ 0 đến 100")
    assert ProgressReport.objects.filter(task=task).count() == before

    page.get_by_label("Tỷ lệ hoàn thành (%)").fill("90")
    page.get_by_label("Văn bản, tài liệu kiểm chứng").fill("Báo cáo số 45/BC-STP ngày 15/9/2023")
    page.get_by_label("Ghi chú").fill("Đã hoàn thành dự thảo, chờ ban hành")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận báo cáo tiến độ")
    row = page.get_by_test_id("reports").locator("tbody tr").filter(has_text="45/BC-STP")
    expect(row).to_contain_text("15/09/2023")
    expect(row).to_contain_text("Đang thực hiện")
    assert ProgressReport.objects.filter(task=task).count() == before + 1
