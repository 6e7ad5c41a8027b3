"""The review API: the contract's statistics, filing a review, approving a plan, exports."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from motcua.reviews import services
from motcua.reviews.models import Review
from tests.reviews.conftest import CODE, SHORTEN, user

pytestmark = pytest.mark.django_db


def signed_in(api, login: str):
    token, _ = Token.objects.get_or_create(user=user(login))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def body(**values):
    return {
        "procedure": CODE,
        "agency": "",
        "plan": "45/KH-UBND",
        "reviewed_on": "2023-05-10",
        "dossiers_per_year": 10,
        "assessment": {"time_limit": {"reasonable": False, "note": "Quá dài"}},
        "recommendations": [SHORTEN],
    } | values


def test_statistics_have_the_contract_fields(api, file):
    file(SHORTEN)
    data = api.get("/api/v1/reviews/statistics", {"from": "2023-01-01", "to": "2023-06-30"}).json()
    assert data["procedures_reviewed"] == 1 and data["recommendations"] == 1
    assert data["by_kind"]["shorten_time"] == 1 and data["by_kind"]["abolish"] == 0
    assert data["plans_approved"] == 0
    assert (data["cost_before"], data["cost_after"]) == (64_000_000, 48_000_000)
    bad = api.get("/api/v1/reviews/statistics", {"from": "2023-13-01"})
    assert bad.status_code == 400 and bad.json()["fields"]["from"]


def test_an_agency_files_a_review_and_sees_only_its_own(api, plan, stp):
    agency = stp.code
    signed_in(api, "stp.chuyenvien")
    created = api.post("/api/v1/reviews", body(agency=agency), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["cost_before"] == 64_000_000 and data["saving_percent"] == 25.0
    assert data["assessment"]["time_limit"] == {
        "reasonable": False,
        "lawful": True,
        "note": "Quá dài",
    }
    assert data["recommendations"][0]["kind"] == "shorten_time"
    listed = api.get("/api/v1/reviews", {"from": "2023-01-01", "to": "2023-12-31"}).json()
    assert [r["id"] for r in listed["results"]] == [data["id"]]
    # Another agency's officer sees none of them and may not file for this agency.
    signed_in(api, "skhdt.chuyenvien")
    assert api.get("/api/v1/reviews", {"from": "2023-01-01"}).json()["results"] == []
    assert api.get(f"/api/v1/reviews/{data['id']}").status_code == 404
    refused = api.post("/api/v1/reviews", body(agency=agency), format="json")
    assert refused.status_code == 403


def test_bad_reviews_get_clear_errors_and_change_nothing(api, plan, stp):
    signed_in(api, "stp.chuyenvien")
    unknown = api.post(
        "/api/v1/reviews", body(agency=stp.code, procedure="1.999999"), format="json"
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_procedure"
    negative = api.post(
        "/api/v1/reviews", body(agency=stp.code, preparation_hours="-3"), format="json"
    )
    assert negative.status_code == 400 and "preparation_hours" in negative.json()["fields"]
    assert not Review.objects.exists()
    api.post("/api/v1/reviews", body(agency=stp.code), format="json")
    again = api.post("/api/v1/reviews", body(agency=stp.code), format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    assert "đã rà soát" in again.json()["message"]
    assert Review.objects.count() == 1


def test_a_plan_is_approved_once_through_the_api(api, file):
    rec = file(SHORTEN).recommendations.get()
    plan = services.create_simplification_plan(
        year=2023, title="Phương án 2023", roadmap="2023–2024"
    )
    services.add_to_plan(plan, [rec])
    signed_in(api, "stp.kiemsoat")
    url = f"/api/v1/simplification-plans/{plan.pk}/approve"
    ok = api.post(
        url, {"decision_number": "1234/QĐ-UBND", "approved_on": "2023-06-20"}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    twice = api.post(
        url, {"decision_number": "1299/QĐ-UBND", "approved_on": "2023-06-21"}, format="json"
    )
    assert twice.status_code == 409 and twice.json()["code"] == "plan_already_approved"
    listed = api.get("/api/v1/simplification-plans", {"year": 2023}).json()["results"]
    assert listed[0]["decision_number"] == "1234/QĐ-UBND" and listed[0]["recommendations"] == 1
    stats = api.get("/api/v1/reviews/statistics", {"from": "2023-06-01", "to": "2023-06-30"})
    assert stats.json()["plans_approved"] == 1
    # A specialist may read but not approve.
    signed_in(api, "stp.chuyenvien")
    assert (
        api.post(
            url, {"decision_number": "1", "approved_on": "2023-06-20"}, format="json"
        ).status_code
        == 403
    )


def test_exports_lay_out_results_and_the_plan(api, file):
    review = file(SHORTEN)
    plan = services.create_simplification_plan(
        year=2023, title="Phương án 2023", roadmap="2023–2024"
    )
    services.add_to_plan(plan, list(review.recommendations.all()))
    signed_in(api, "stp.kiemsoat")
    response = api.get("/api/v1/reviews/export", {"from": "2023-01-01", "to": "2023-12-31"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell.value for cell in sheet[2]]
    assert row[1] == CODE and row[7] == 20 and row[8] == 15
    assert row[10] == "theo năm (chi phí mỗi hồ sơ × số hồ sơ một năm)"
    assert row[11:14] == [64_000_000, 48_000_000, 16_000_000] and row[14] == 25.0
    response = api.get(f"/api/v1/simplification-plans/{plan.pk}/export")
    book = load_workbook(io.BytesIO(response.content))
    part_one, part_two = book.worksheets
    assert part_one["B2"].value == CODE and "Rút ngắn" in part_one["E2"].value
    benefits = [cell.value for cell in part_two[2]]
    assert benefits[5:9] == [64_000_000, 48_000_000, 16_000_000, 25.0]
    assert benefits[9:13] == [20, 15, 5, 25.0] and benefits[13] == "2023–2024"


def test_reading_needs_a_review_role(api, file):
    assert api.get("/api/v1/reviews").status_code in (401, 403)
    signed_in(api, "stp.motcua")  # a one-stop officer
    assert api.get("/api/v1/reviews").status_code == 403
    assert api.get("/api/v1/draft-regulations").status_code == 403


def test_the_whole_cycle_through_the_api(api, published, stp):
    signed_in(api, "stp.kiemsoat")
    plan = api.post(
        "/api/v1/review-plans",
        {
            "number": "30/KH-UBND",
            "issued_on": "2023-02-01",
            "title": "Kế hoạch rà soát 2023",
            "deadline": "2023-06-30",
        },
        format="json",
    )
    assert plan.status_code == 201, plan.json()
    plan_id = plan.json()["id"]
    line = api.post(
        f"/api/v1/review-plans/{plan_id}/assignments",
        {"agency": stp.code, "procedure": CODE},
        format="json",
    )
    assert line.status_code == 201 and line.json()["assignments"][0]["state"] == "overdue"
    unknown = api.post(
        f"/api/v1/review-plans/{plan_id}/assignments",
        {"agency": stp.code, "procedure": "1.999999"},
        format="json",
    )
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_procedure"

    signed_in(api, "stp.chuyenvien")
    review = api.post(
        "/api/v1/reviews", body(agency=stp.code, plan="30/KH-UBND"), format="json"
    ).json()
    rec_id = review["recommendations"][0]["id"]
    states = api.get("/api/v1/review-plans", {"year": 2023}).json()["results"][0]["assignments"]
    assert states[0]["filed"] == 1 and states[0]["state"] == "done"

    signed_in(api, "stp.kiemsoat")
    simplification = api.post(
        "/api/v1/simplification-plans", {"year": 2023, "title": "Phương án 2023"}, format="json"
    ).json()
    added = api.post(
        f"/api/v1/simplification-plans/{simplification['id']}/recommendations",
        {"recommendations": [rec_id]},
        format="json",
    )
    assert added.status_code == 200 and added.json()["recommendations"] == 1
    api.post(
        f"/api/v1/simplification-plans/{simplification['id']}/approve",
        {"decision_number": "1234/QĐ-UBND", "approved_on": "2023-06-20"},
        format="json",
    )
    rejected = api.post(
        f"/api/v1/recommendations/{rec_id}/outcome", {"outcome": "rejected"}, format="json"
    )
    assert rejected.status_code == 400 and rejected.json()["fields"]["note"]
    revised = api.post(
        f"/api/v1/recommendations/{rec_id}/revisions", {"proposed_days": "12"}, format="json"
    )
    assert revised.status_code == 201
    assert revised.json()["revision"] == 2 and revised.json()["plan"] is None
    done = api.post(
        f"/api/v1/recommendations/{rec_id}/outcome",
        {"outcome": "implemented", "note": "Quyết định 99/QĐ-BTP"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["implemented"] is True


def test_a_draft_through_the_api(api, published, stp):
    signed_in(api, "stp.kiemsoat")
    draft = api.post(
        "/api/v1/draft-regulations",
        {"title": "Dự thảo Quyết định X", "drafting_agency": stp.code, "received_on": "2023-04-03"},
        format="json",
    ).json()
    signed_in(api, "stp.chuyenvien")  # the drafting agency's specialist lists its procedures
    listed = api.post(
        f"/api/v1/draft-regulations/{draft['id']}/procedures",
        {
            "action": "amend",
            "procedure": CODE,
            "assessment": {"necessity": {"met": True, "note": "Cần thiết"}},
            "working_days_before": "20",
            "working_days_after": "15",
            "dossiers_per_year": 10,
        },
        format="json",
    )
    assert listed.status_code == 201, listed.json()
    row = listed.json()["procedures"][0]
    assert (row["cost_before"], row["cost_after"]) == (64_000_000, 48_000_000)
    denied = api.post(
        f"/api/v1/draft-regulations/{draft['id']}/opinion",
        {"opinion": "x", "opinion_on": "2023-04-10", "procedures": []},
        format="json",
    )
    assert denied.status_code == 403
    signed_in(api, "stp.kiemsoat")
    answered = api.post(
        f"/api/v1/draft-regulations/{draft['id']}/opinion",
        {
            "opinion": "Thống nhất",
            "opinion_on": "2023-04-10",
            "procedures": [{"id": row["id"], "opinion": "agreed"}],
        },
        format="json",
    )
    assert answered.status_code == 200 and answered.json()["procedures"][0]["opinion"] == "agreed"
    again = api.post(
        f"/api/v1/draft-regulations/{draft['id']}/opinion",
        {
            "opinion": "Khác",
            "opinion_on": "2023-04-11",
            "procedures": [{"id": row["id"], "opinion": "revise", "note": "x"}],
        },
        format="json",
    )
    assert again.status_code == 409 and again.json()["code"] == "opinion_given"
