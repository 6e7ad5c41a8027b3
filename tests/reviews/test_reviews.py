"""Reviews, their compliance cost, simplification plans and outcomes, through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.models import DecisionItem, PublicationDecision
from motcua.core.errors import Conflict, DomainError
from motcua.reviews import selectors, services
from motcua.reviews.models import Recommendation, Review
from tests.reviews.conftest import CODE, REVIEWED_ON, SHORTEN, user

pytestmark = pytest.mark.django_db


def test_a_review_costs_the_procedure_before_and_after_its_recommendations(file):
    review = file(SHORTEN)
    # 20 working days × 8 h × 40,000 đ × 10 dossiers (parameters of 2025: the only sourced year)
    assert review.working_days == 20 and review.parameters.year == 2025
    assert review.cost_before == 64_000_000
    assert review.cost_after == 48_000_000  # 15 days
    assert review.saving == 16_000_000 and review.saving_percent == Decimal("25.00")
    assert review.days_after == 15


def test_an_abolished_procedure_saves_everything(file):
    review = file(
        {"kind": "abolish", "content": "Không phát sinh hồ sơ trong 5 năm liên tiếp"},
        necessary=False,
    )
    assert review.cost_after == 0 and review.saving_percent == Decimal("100.00")


def test_abolishing_a_procedure_without_dossiers_saves_its_cost_per_dossier(file, client):
    review = file(
        {"kind": "abolish", "content": "Không phát sinh hồ sơ trong 5 năm liên tiếp"},
        necessary=False,
        dossiers_per_year=0,
    )
    # 20 working days × 8 h × 40,000 đ for one dossier, saved whole.
    assert review.cost_basis == "per_dossier"
    assert (review.cost_before, review.cost_after) == (6_400_000, 0)
    assert review.saving_percent == Decimal("100.00")
    client.force_login(user("stp.chuyenvien"))
    page = client.get(f"/ra-soat/danh-gia/{review.pk}/").content.decode()
    assert "mỗi hồ sơ" in page and 'data-testid="cost-basis"' in page


def test_the_yearly_dossiers_come_from_the_dossiers_received(plan, stp):
    with pytest.raises(DomainError) as error:
        services.file_review(procedure_code=CODE, agency=stp, plan=plan, reviewed_on=REVIEWED_ON)
    assert error.value.code == "required" and "dossiers_per_year" in error.value.fields
    assert not Review.objects.exists()


def test_bad_input_is_refused_and_changes_nothing(file, plan, stp):
    cases = [
        ({"procedure_code": "1.999999"}, "unknown_procedure"),
        ({"preparation_hours": "-2"}, "negative_value"),
        ({"other_costs": "-1000"}, "negative_value"),
        ({"dossiers_per_year": "-5"}, "negative_value"),
        ({"necessary": False}, "abolish_required"),
    ]
    for values, code in cases:
        with pytest.raises(DomainError) as error:
            file(**values)
        assert error.value.code == code, values
    with pytest.raises(DomainError) as error:
        file(SHORTEN | {"proposed_days": "25"})
    assert "recommendations.0.proposed_days" in error.value.fields
    with pytest.raises(DomainError) as error:
        file({"kind": "faster", "content": "x"})
    assert "recommendations.0.kind" in error.value.fields
    assert not Review.objects.exists() and not Recommendation.objects.exists()
    file(SHORTEN)
    with pytest.raises(Conflict) as error:
        file(SHORTEN)
    assert error.value.code == "already_reviewed"
    assert Review.objects.count() == 1


def test_a_review_outside_any_plan_is_one_a_year(file):
    file(SHORTEN, plan=None)
    with pytest.raises(Conflict) as error:
        file(SHORTEN, plan=None)
    assert error.value.code == "already_reviewed" and "2023" in str(error.value)
    next_year = file(SHORTEN, plan=None, reviewed_on=dt.date(2024, 3, 1))
    assert next_year.reviewed_on.year == 2024
    assert Review.objects.filter(plan=None).count() == 2


def test_a_plan_is_approved_once_and_then_changes_only_by_revision(file):
    review = file(SHORTEN)
    rec = review.recommendations.get()
    plan = services.create_simplification_plan(year=2023, title="Phương án đơn giản hóa 2023")
    assert services.add_to_plan(plan, [rec]) == 1
    # Before approval a recommendation may still be corrected in place.
    services.change_recommendation(rec, proposed_days="16", proposed_value="16 ngày làm việc")
    rec.refresh_from_db()
    assert rec.proposed_days == 16
    services.approve_plan(plan, decision_number="1234/QĐ-UBND", approved_on=dt.date(2023, 6, 20))
    with pytest.raises(Conflict) as error:
        services.approve_plan(
            plan, decision_number="1235/QĐ-UBND", approved_on=dt.date(2023, 6, 21)
        )
    assert error.value.code == "plan_already_approved"
    plan.refresh_from_db()
    assert plan.decision_number == "1234/QĐ-UBND"
    with pytest.raises(Conflict) as error:
        services.change_recommendation(rec, proposed_days="10")
    assert error.value.code == "plan_approved"
    rec.refresh_from_db()
    assert rec.proposed_days == 16
    new = services.revise_recommendation(rec, proposed_days="12")
    rec.refresh_from_db()
    assert (rec.current, rec.plan, rec.proposed_days) == (False, plan, 16)
    assert (new.current, new.plan, new.revision, new.supersedes) == (True, None, 2, rec)
    review.refresh_from_db()
    assert review.days_after == 12 and review.cost_after == 38_400_000


def test_a_shorter_time_limit_becomes_a_publication_decision(file):
    rec = file(SHORTEN).recommendations.get()
    plan = services.create_simplification_plan(year=2023, title="Phương án 2023")
    with pytest.raises(Conflict):
        services.propose_decision(rec, number="900/QĐ-UBND")
    services.add_to_plan(plan, [rec])
    services.approve_plan(plan, decision_number="1234/QĐ-UBND", approved_on=dt.date(2023, 6, 20))
    decision = services.propose_decision(rec, number="900/QĐ-UBND")
    item = decision.items.get()
    assert item.action == DecisionItem.Action.AMENDED and item.procedure.code == CODE
    limits = {(t.channel, t.value) for t in item.version.time_limits.all() if t.unit}
    assert ("direct", Decimal(15)) in limits
    rec.refresh_from_db()
    assert rec.outcome == "accepted" and not selectors.implemented(rec)
    from motcua.catalog import services as catalog

    catalog.sign_decision(decision, signed_on=dt.date(2023, 7, 3))
    rec.refresh_from_db()
    assert selectors.implemented(rec)
    assert PublicationDecision.objects.get(pk=decision.pk).duties.exists()
    stats = selectors.statistics(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert stats["outcomes"]["implemented"] == 1


def test_outcomes_need_an_approved_plan_and_a_reason(file):
    rec = file(SHORTEN).recommendations.get()
    with pytest.raises(Conflict):
        services.record_outcome(rec, "rejected", note="Bộ không đồng ý")
    plan = services.create_simplification_plan(year=2023, title="Phương án 2023")
    services.add_to_plan(plan, [rec])
    services.approve_plan(plan, decision_number="77/QĐ-UBND", approved_on=dt.date(2023, 6, 20))
    with pytest.raises(DomainError):
        services.record_outcome(rec, "rejected")
    services.record_outcome(rec, "rejected", note="Bộ Tư pháp không chấp thuận")
    review = Review.objects.get()
    assert review.cost_after == review.cost_before  # a rejected recommendation saves nothing


def test_statistics_and_assignment_status(file, plan):
    status = selectors.assignment_statuses(plan, today=dt.date(2023, 5, 1))
    assert [s.state for s in status] == ["not_started"]
    assert selectors.assignment_statuses(plan, today=dt.date(2023, 7, 1))[0].state == "overdue"
    file(SHORTEN)
    assert selectors.assignment_statuses(plan, today=dt.date(2023, 7, 1))[0].state == "done"
    stats = selectors.statistics(dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert stats["procedures_reviewed"] == 1 and stats["recommendations"] == 1
    assert stats["by_kind"]["shorten_time"] == 1
    assert stats["cost_before"] == 64_000_000 and stats["cost_after"] == 48_000_000
    assert stats["simplified"]["days_percent"] == Decimal("25.00")
    assert selectors.statistics(dt.date(2023, 7, 1), dt.date(2023, 12, 31))["reviews"] == 0
    progress = {(p.name, p.measure): p for p in selectors.target_progress(stats)}
    assert progress[("Nghị quyết 76/NQ-CP", "cost")].met  # 25% ≥ 20%
    assert not progress[("Nghị quyết 66/NQ-CP", "time")].met  # 25% < 30%


def test_draft_regulations_are_assessed_and_answered(published, stp):
    draft = services.register_draft(
        title="Dự thảo Quyết định quy định thủ tục cấp phép",
        drafting_agency=stp,
        received_on=dt.date(2023, 4, 3),
    )
    with pytest.raises(DomainError) as error:
        services.assess_draft_procedure(draft, action="amend", procedure_code="9.999999")
    assert error.value.code == "unknown_procedure"
    amended = services.assess_draft_procedure(
        draft,
        action="amend",
        procedure_code=CODE,
        working_days_before="20",
        working_days_after="15",
        dossiers_per_year=10,
        assessment={"necessity": {"met": True, "note": "Cần thiết để quản lý"}},
        explanation="Rút ngắn thời hạn",
    )
    assert (amended.cost_before, amended.cost_after) == (64_000_000, 48_000_000)
    created = services.assess_draft_procedure(
        draft, action="create", name="Thủ tục mới", working_days_after="5", dossiers_per_year=4
    )
    assert created.cost_before == 0 and created.cost_after == 6_400_000
    with pytest.raises(DomainError):
        services.give_opinion(
            draft,
            opinion="Đồng ý",
            on=dt.date(2023, 4, 10),
            procedures={amended.pk: ("agreed", "")},
        )
    services.give_opinion(
        draft,
        opinion="Cơ bản đồng ý",
        on=dt.date(2023, 4, 10),
        procedures={amended.pk: ("agreed", ""), created.pk: ("revise", "Làm rõ điều kiện")},
        by=user("stp.kiemsoat"),
    )
    with pytest.raises(Conflict):
        services.assess_draft_procedure(draft, action="create", name="Khác")
    figures = selectors.draft_statistics(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert figures["drafts"] == 1 and figures["answered"] == 1
    assert figures["by_action"] == {"create": 1, "amend": 1, "abolish": 0}
    assert figures["by_opinion"]["revise"] == 1


def test_w1_through_a_filed_review_to_the_dong(file):
    """domain/README.md §13 W1: 10 → 9 working days, 10 dossiers a year, 8 h × 40,000 đ."""
    review = file(
        {
            "kind": "shorten_time",
            "content": "Rút ngắn 01 ngày",
            "proposed_days": "9",
        },
        working_days="10",
    )
    assert review.parameters.hourly_income == 40_000 and review.parameters.hours_per_day == 8
    assert (review.cost_before, review.cost_after) == (32_000_000, 28_800_000)
    assert review.saving == 3_200_000 and review.saving_percent == Decimal("10.00")


def test_a_plan_review_must_be_assigned_to_the_agency(file, demo):
    from motcua.agencies.models import Agency

    other = Agency.objects.get(staff_roles__user__username="skhdt.chuyenvien")
    with pytest.raises(DomainError) as error:
        file(agency=other, by=user("skhdt.chuyenvien"))  # its own reviewer
    assert error.value.code == "not_assigned"
    assert not Review.objects.exists()


def test_only_an_agency_s_reviewers_or_the_control_office_file_for_it(file, demo):
    from motcua.agencies.models import Agency

    other = Agency.objects.get(staff_roles__user__username="skhdt.chuyenvien")
    with pytest.raises(DomainError) as error:
        file(agency=other)  # by the justice department's specialist
    assert error.value.code == "permission_denied"
    with pytest.raises(DomainError) as error:
        file(agency=None)
    assert error.value.code == "required" and "agency" in error.value.fields
    assert not Review.objects.exists()


@given(
    st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=400),
)
def test_scaled_steps_add_up_exactly_in_quarter_days(quarters, total_quarters):
    durations = [Decimal(q) / 4 for q in quarters]
    total = Decimal(total_quarters) / 4
    timed = sum(1 for d in durations if d > 0)
    if timed * Decimal("0.25") > total:
        with pytest.raises(ValueError):
            services.scale_steps(durations, total)
        return
    scaled = services.scale_steps(durations, total)
    if any(durations):
        assert sum(scaled) == total
    assert all(s % Decimal("0.25") == 0 for s in scaled)
    assert all((s > 0) == (d > 0) for s, d in zip(scaled, durations, strict=True))


def test_a_published_shorter_limit_gives_the_next_internal_process(file, stp):
    from motcua.catalog import services as catalog
    from motcua.catalog.models import Procedure

    procedure = Procedure.objects.get(code=CODE)
    steps = [
        {"actor": "Bộ phận Một cửa", "action": "Tiếp nhận", "days": "0.5"},
        {"actor": "Chuyên viên", "action": "Thẩm định", "days": "16"},
        {"actor": "Lãnh đạo phòng", "action": "Xem xét", "hours": "12"},
        {"actor": "Lãnh đạo Sở", "action": "Phê duyệt", "days": "2"},
        {"actor": "Bộ phận Một cửa", "action": "Trả kết quả", "counted": False},
    ]
    process = catalog.save_internal_process(
        procedure, stp, steps=steps, effective_from=dt.date(2023, 3, 1), channel="direct"
    )
    rec = file(SHORTEN).recommendations.get()
    plan = services.create_simplification_plan(year=2023, title="Phương án 2023")
    services.add_to_plan(plan, [rec])
    services.approve_plan(plan, decision_number="77/QĐ-UBND", approved_on=dt.date(2023, 6, 20))
    decision = services.propose_decision(rec, number="900/QĐ-UBND")
    with pytest.raises(Conflict) as error:
        services.shorten_process(rec, process)
    assert error.value.code == "decision_not_signed"
    catalog.sign_decision(decision, signed_on=dt.date(2023, 7, 3))
    rec.refresh_from_db()
    new = services.shorten_process(rec, process, approval_decision="1200/QĐ-UBND")
    process.refresh_from_db()
    assert process.effective_to == dt.date(2023, 7, 2) and new.effective_from == dt.date(2023, 7, 3)
    days = [s.days for s in new.steps.order_by("order")]
    assert sum(d for d in days if d is not None) == 15
    assert days[-1] is None and not new.steps.get(order=5).counted
