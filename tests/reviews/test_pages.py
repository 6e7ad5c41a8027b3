"""The review pages through Django's test client: who sees what, the form's errors, a plan's life."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.reviews import services
from motcua.reviews.models import Recommendation, Review, SimplificationPlan
from tests.reviews.conftest import CODE, SHORTEN, user

pytestmark = pytest.mark.django_db


def form(stp, **values):
    data = {
        "procedure": CODE,
        "agency": stp.pk,
        "reviewed_on": "2023-05-10",
        "necessary": "yes",
        "working_days": "20",
        "preparation_hours": "0",
        "fees": "0",
        "other_costs": "0",
        "dossiers_per_year": "10",
        "time_limit-reasonable": "",
        "time_limit-lawful": "on",
        "time_limit-note": "Quá dài",
        "rec-0-kind": "shorten_time",
        "rec-0-content": "Rút ngắn thời hạn",
        "rec-0-proposed_days": "15",
    }
    return data | values


def test_an_agency_sees_its_assignment_and_files_the_form(client, plan, stp):
    client.force_login(user("stp.chuyenvien"))
    page = client.get("/ra-soat/", {"year": 2023}).content.decode()
    assert plan.number in page and CODE in page
    assert "Quá hạn" in page  # due 15/06/2023, nothing filed: overdue without anyone saying so
    url = f"/ra-soat/danh-gia/moi/?plan={plan.pk}&procedure={CODE}"
    blank = client.get(url).content.decode()
    assert "Biểu mẫu rà soát" in blank and 'value="20"' in blank  # the time limit in force
    bad = client.post(url, form(stp, **{"rec-0-proposed_days": "-1"}))
    assert bad.status_code == 200 and "Không được là số âm" in bad.content.decode()
    assert not Review.objects.exists()
    done = client.post(url, form(stp))
    review = Review.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/ra-soat/danh-gia/{review.pk}/"
    assert review.assessment["time_limit"] == {
        "reasonable": False,
        "lawful": True,
        "note": "Quá dài",
    }
    detail = client.get(done["Location"]).content.decode()
    assert "64.000.000" in detail and "48.000.000" in detail and "25,00%" in detail
    page = client.get("/ra-soat/", {"year": 2023}).content.decode()
    assert "Hoàn thành" in page


def test_pages_need_a_review_role(client, plan):
    assert client.get("/ra-soat/").status_code == 302  # to sign in
    client.force_login(user("stp.motcua"))  # a one-stop officer
    assert client.get("/ra-soat/").status_code == 403
    assert "Rà soát TTHC" not in client.get("/mot-cua/").content.decode()
    client.force_login(user("stp.chuyenvien"))
    assert "Rà soát TTHC" in client.get("/mot-cua/").content.decode()


def test_the_control_office_gathers_approves_and_follows_a_plan(client, file):
    rec = file(SHORTEN).recommendations.get()
    client.force_login(user("stp.kiemsoat"))
    created = client.post("/ra-soat/phuong-an/", {"year": 2023, "title": "Phương án 2023"})
    plan = SimplificationPlan.objects.get()
    url = f"/ra-soat/phuong-an/{plan.pk}/"
    assert created["Location"] == url
    client.post(url, {"action": "add", "recommendation": [rec.pk]})
    page = client.get(url).content.decode()
    assert "Phần II" in page and "64.000.000" in page
    approve = {"action": "approve", "decision_number": "1234/QĐ-UBND", "approved_on": "2023-06-20"}
    assert client.post(url, approve).status_code == 302
    again = client.post(url, approve | {"decision_number": "1300/QĐ-UBND"})
    assert "đã được phê duyệt" in again.content.decode()
    plan.refresh_from_db()
    assert plan.decision_number == "1234/QĐ-UBND"
    client.post(url, {"action": "decision", "recommendation": rec.pk, "number": "900/QĐ-UBND"})
    rec.refresh_from_db()
    assert rec.decision.number == "900/QĐ-UBND" and rec.outcome == "accepted"
    response = client.get(f"/ra-soat/phuong-an/{plan.pk}/excel/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    # A specialist reads the plan but may not approve or record outcomes.
    client.force_login(user("stp.chuyenvien"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "outcome", "recommendation": rec.pk}).status_code == 403


def test_a_recommendation_after_approval_changes_by_revision_on_its_page(client, file):
    review = file(SHORTEN)
    rec = review.recommendations.get()
    plan = services.create_simplification_plan(year=2023, title="Phương án 2023")
    services.add_to_plan(plan, [rec])
    services.approve_plan(plan, decision_number="77/QĐ-UBND", approved_on=dt.date(2023, 6, 20))
    client.force_login(user("stp.kiemsoat"))
    url = f"/ra-soat/danh-gia/{review.pk}/"
    client.post(
        url,
        {
            "action": "revise",
            "recommendation": rec.pk,
            "proposed_days": "12",
            "content": "Rút ngắn",
        },
    )
    assert Recommendation.objects.filter(review=review).count() == 2
    page = client.get(url).content.decode()
    assert "lần sửa 2" in page and "đã được thay thế" in page


def test_a_draft_is_assessed_and_answered_on_its_pages(client, published, stp):
    client.force_login(user("stp.kiemsoat"))
    made = client.post(
        "/ra-soat/du-thao/",
        {
            "title": "Dự thảo Quyết định X",
            "drafting_agency": stp.pk,
            "received_on": "2023-04-03",
            "stage": "drafting",
        },
    )
    url = made["Location"]
    client.post(
        url,
        {
            "action": "assess",
            "procedure_action": "amend",
            "procedure": CODE,
            "necessity-met": "on",
            "necessity-note": "Cần thiết",
            "working_days_before": "20",
            "working_days_after": "18",
            "dossiers_per_year": "10",
            "explanation": "Rút ngắn",
        },
    )
    page = client.get(url).content.decode()
    assert "64.000.000" in page and "57.600.000" in page
    row = stp.draft_regulations.get().procedures.get()
    opinion = {"action": "opinion", "opinion": "Đồng ý", "opinion_on": "2023-04-10"}
    missing = client.post(url, opinion | {f"opinion-{row.pk}": "revise"})
    assert "Nêu nội dung cần sửa khi không thống nhất" in missing.content.decode()
    client.post(url, opinion | {f"opinion-{row.pk}": "agreed"})
    row.refresh_from_db()
    assert row.opinion == "agreed"
    closed = client.post(url, {"action": "assess", "procedure_action": "create", "name": "Y"})
    assert "đã có ý kiến" in closed.content.decode()


def test_the_control_office_records_a_plan_and_assigns_its_lines(client, published, stp):
    from motcua.catalog.models import Field
    from motcua.reviews.models import ReviewPlan

    client.force_login(user("stp.kiemsoat"))
    plan = {
        "number": "30/KH-UBND",
        "issued_on": "2023-02-01",
        "title": "Kế hoạch rà soát 2023",
        "deadline": "2023-01-15",
    }
    early = client.post("/ra-soat/ke-hoach/moi/", plan)
    assert "Hạn hoàn thành trước ngày ban hành" in early.content.decode()
    assert not ReviewPlan.objects.exists()
    made = client.post("/ra-soat/ke-hoach/moi/", plan | {"deadline": "2023-06-30"})
    url = made["Location"]
    unknown = client.post(url, {"agency": stp.pk, "procedure": "1.999999"})
    assert "không có trong danh mục" in unknown.content.decode()
    client.post(url, {"agency": stp.pk, "procedure": CODE})
    land = Field.objects.get(name="Đất đai")
    client.post(url, {"agency": stp.pk, "field": land.pk, "deadline": "2023-05-31"})
    page = client.get(url).content.decode()
    assert CODE in page and "Đất đai" in page and "31/05/2023" in page
    assert ReviewPlan.objects.get().assignments.count() == 2
    client.force_login(user("skhdt.chuyenvien"))  # another agency sees none of these lines
    assert "Cơ quan của bạn không có nhiệm vụ rà soát" in client.get(url).content.decode()


def test_the_plan_page_drafts_the_shortened_internal_process(client, file, stp):
    from motcua.catalog import services as catalog
    from motcua.catalog.models import InternalProcess, Procedure

    process = catalog.save_internal_process(
        Procedure.objects.get(code=CODE),
        stp,
        steps=[
            {"actor": "Bộ phận Một cửa", "action": "Tiếp nhận", "days": "1"},
            {"actor": "Chuyên viên", "action": "Thẩm định", "days": "19"},
        ],
        effective_from=dt.date(2023, 3, 1),
        channel="direct",
    )
    rec = file(SHORTEN).recommendations.get()
    plan = services.create_simplification_plan(year=2023, title="Phương án 2023")
    services.add_to_plan(plan, [rec])
    services.approve_plan(plan, decision_number="77/QĐ-UBND", approved_on=dt.date(2023, 6, 20))
    decision = services.propose_decision(rec, number="900/QĐ-UBND")
    client.force_login(user("stp.kiemsoat"))
    url = f"/ra-soat/phuong-an/{plan.pk}/"
    assert "Xây dựng quy trình nội bộ rút gọn" not in client.get(url).content.decode()
    catalog.sign_decision(decision, signed_on=dt.date(2023, 7, 3))
    assert "Xây dựng quy trình nội bộ rút gọn" in client.get(url).content.decode()
    done = client.post(
        url,
        {
            "action": "process",
            "recommendation": rec.pk,
            "process": process.pk,
            "approval_decision": "1200/QĐ-UBND",
            "approved_on": "2023-07-05",
        },
        follow=True,
    )
    assert "Phiên bản 2 của quy trình nội bộ có hiệu lực từ 03/07/2023" in done.content.decode()
    new = InternalProcess.objects.get(number=2)
    # In proportion, in quarter days: 1 × 15/20 and 19 × 15/20.
    assert [s.days for s in new.steps.order_by("order")] == [Decimal("0.75"), Decimal("14.25")]
    assert "Xây dựng quy trình nội bộ rút gọn" not in client.get(url).content.decode()


def test_the_pages_open_on_the_last_year_with_a_plan(client, plan, stp):
    client.force_login(user("stp.chuyenvien"))
    page = client.get("/ra-soat/").content.decode()  # no year: the plan's, not this empty one
    assert plan.number in page
    assert plan.number not in client.get("/ra-soat/", {"year": 2026}).content.decode()
