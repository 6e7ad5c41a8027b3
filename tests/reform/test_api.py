"""The reform API: the contract's progress figures, the task list, reports, the import."""

import pytest
from rest_framework.authtoken.models import Token

from motcua.reform.models import ProgressReport
from tests.reform.conftest import user
from tests.reform.test_xlsx import GOOD, workbook

pytestmark = pytest.mark.django_db


def signed_in(api, login: str):
    token, _ = Token.objects.get_or_create(user=user(login))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_progress_has_the_contract_fields(api, task):
    body = api.get("/api/v1/reform/progress", {"year": 2024, "as_of": "2024-07-01"}).json()
    for key in ("objectives", "tasks", "done", "in_progress", "not_started", "overdue"):
        assert isinstance(body[key], int), key
    assert body["tasks"] == 1 and body["overdue"] == 1
    assert set(body["unit_plans"]) >= {"filed", "expected"}
    assert body["unit_plans"]["expected"] == 27  # 19 departments and 8 districts in office
    assert api.get("/api/v1/reform/progress", {"year": 1999}).status_code == 404
    bad = api.get("/api/v1/reform/progress", {"year": 2024, "as_of": "30/06/2024"})
    assert bad.status_code == 400 and "as_of" in bad.json()["fields"]
    tasks = api.get("/api/v1/reform/tasks", {"year": 2024, "as_of": "2024-05-01"}).json()
    assert tasks["results"][0]["state"] == "not_started"


def test_an_agency_reports_on_its_task_only(api, task):
    url = f"/api/v1/reform/tasks/{task.pk}/reports"
    report = {"reported_on": "2024-03-01", "status": "in_progress", "percent": 30}
    signed_in(api, "stp.chuyenvien")
    made = api.post(url, report | {"agency": task.lead.code}, format="json")
    assert made.status_code == 201 and made.json()["percent"] == 30
    out_of_range = api.post(url, report | {"agency": task.lead.code, "percent": 101}, format="json")
    assert out_of_range.status_code == 400 and out_of_range.json()["code"] == "percent_out_of_range"
    signed_in(api, "tpbk.chuyenvien")  # the city neither leads nor helps with this task
    from motcua.agencies.models import Agency

    city = Agency.objects.get(staff_roles__user__username="tpbk.chuyenvien").code
    refused = api.post(url, report | {"agency": city}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_your_task"
    assert "không chủ trì cũng không phối hợp" in refused.json()["message"]
    assert ProgressReport.objects.filter(task=task).count() == 1


def test_the_control_office_imports_the_table(api, plan):
    signed_in(api, "stp.kiemsoat")
    url = f"/api/v1/reform/plans/{plan.pk}/import"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("phu-luc.xlsx", workbook(*GOOD))
    made = api.post(url, {"file": upload}, format="multipart")
    assert made.status_code == 201 and made.json() == {"imported": 2}
    bad = SimpleUploadedFile("x.xlsx", workbook(("I", "Mục lạ"), ("1", "X", "", "", "", "", "")))
    refused = api.post(url, {"file": bad}, format="multipart")
    assert refused.status_code == 400 and "row 3" in refused.json()["fields"]  # its section
