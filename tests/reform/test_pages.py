"""The reform pages through Django's test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.demo import reform
from motcua.reform.models import ReformPlan, ReformTask, UnitPlan
from tests.reform.conftest import agency_of, user
from tests.reform.test_xlsx import GOOD, workbook

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_demo_figures_and_charts(client):
    plan = ReformPlan.objects.get(number=reform.PLAN_NUMBER)
    client.force_login(user("stp.lanhdao"))
    page = client.get("/cai-cach/", {"plan": plan.pk, "as_of": "2023-06-30"}).content.decode()
    assert 'data-testid="done">2<' in page and 'data-testid="in-progress">63<' in page
    assert 'data-testid="unit-plans-department">19/19<' in page
    assert 'data-testid="unit-plans-district">8/8<' in page
    assert page.count('role="img"') == 2 and "Cải cách thủ tục hành chính" in page
    assert "40 mục tiêu của kế hoạch" in page and "Tỷ lệ hồ sơ trực tuyến" in page
    export = client.get("/cai-cach/xuat-excel/", {"plan": plan.pk, "as_of": "2023-06-30"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")


def test_pages_need_a_reform_role(client):
    assert client.get("/cai-cach/").status_code == 302
    client.force_login(user("stp.motcua"))  # a one-stop officer
    assert client.get("/cai-cach/").status_code == 403
    assert "Kế hoạch CCHC" not in client.get("/mot-cua/").content.decode()


def test_a_department_files_its_unit_plan(client, plan, task):
    client.force_login(user("stp.chuyenvien"))
    page = client.get("/cai-cach/ke-hoach-don-vi/", {"plan": plan.pk}).content.decode()
    assert "0/19" in page and "Sở Tư pháp tỉnh Bắc Kạn" in page
    justice = agency_of("stp.chuyenvien")
    done = client.post(
        f"/cai-cach/ke-hoach-don-vi/?plan={plan.pk}",
        {"agency": justice.pk, "number": "15/KH-STP", "issued_on": "2024-01-20", "task": [task.pk]},
    )
    assert done.status_code == 302
    unit_plan = UnitPlan.objects.get(plan=plan, agency=justice)
    assert list(unit_plan.tasks.all()) == [task]
    page = client.get("/cai-cach/ke-hoach-don-vi/", {"plan": plan.pk}).content.decode()
    assert "1/19" in page and "15/KH-STP" in page


def test_the_control_office_imports_a_table_on_the_page(client, plan):
    client.force_login(user("stp.kiemsoat"))
    bad = SimpleUploadedFile(
        "x.xlsx", workbook(*GOOD, ("2", "X", "Sở Vũ trụ", "", "Quý II", "", ""))
    )
    page = client.post("/cai-cach/nhap-excel/", {"plan": plan.pk, "file": bad}).content.decode()
    assert "row 7" in page and "Sở Vũ trụ" in page
    assert not ReformTask.objects.filter(plan=plan).exists()
    good = SimpleUploadedFile("x.xlsx", workbook(*GOOD))
    done = client.post("/cai-cach/nhap-excel/", {"plan": plan.pk, "file": good}, follow=True)
    assert "Đã nhập 2 nhiệm vụ" in done.content.decode()
    client.force_login(user("stp.chuyenvien"))
    assert client.get("/cai-cach/nhap-excel/").status_code == 403
