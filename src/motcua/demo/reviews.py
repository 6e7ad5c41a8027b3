"""The demo province's 2023 review, as the reform report describes it: one review plan, 92
procedures reviewed by the departments that implement them, 73 recommendations, one
simplification plan approved by decision; and two draft regulations checked by the control office.
Everything goes through the review services, so the costs are computed, not typed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.catalog.models import ProcedureVersion
from motcua.reviews import selectors, services
from motcua.reviews.models import Recommendation, ReviewPlan
from motcua.workdays import selectors as calendar

PLAN_NUMBER = "25/KH-UBND"
PLAN_DAY = dt.date(2023, 2, 14)
DEADLINE = dt.date(2023, 6, 15)
REVIEWED, RECOMMENDATIONS = 92, 73
WITH_TWO = 13  # procedures with two recommendations: 60 × 1 + 13 × 2 = 73
APPROVAL = ("1105/QĐ-UBND", dt.date(2023, 6, 27))
K = Recommendation.Kind

# What the departments proposed, most often first (the usual mix of a provincial review).
PROPOSALS = [
    (K.SHORTEN_TIME, "Rút ngắn thời hạn giải quyết do quy trình nội bộ đã được tối ưu"),
    (K.SHORTEN_TIME, "Rút ngắn thời hạn giải quyết, thực hiện liên thông điện tử"),
    (K.CUT_DOCUMENTS, "Bỏ thành phần hồ sơ đã có trong cơ sở dữ liệu quốc gia về dân cư"),
    (K.NO_ORIGINALS, "Cho phép nộp bản sao thay cho bản chính"),
    (K.FEWER_COPIES, "Giảm số lượng bộ hồ sơ từ 02 bộ xuống 01 bộ"),
    (K.ONLINE, "Cho phép nộp hồ sơ trực tuyến toàn trình"),
    (K.CUT_STEPS, "Bỏ bước thẩm định lại tại cơ quan phối hợp"),
    (K.DECENTRALIZE, "Phân cấp thẩm quyền giải quyết cho cấp huyện"),
]
ABOLISHED = 3  # procedures no longer necessary: no dossier in five consecutive years


def _agency_for(version: ProcedureVersion, fallback: Agency) -> Agency:
    for agency in version.agencies.all():
        if agency.level == Agency.Level.DEPARTMENT:
            return agency
    return fallback


def _candidates(day: dt.date) -> list[ProcedureVersion]:
    versions = (
        catalog.versions_in_force(day, source=ProcedureVersion.Source.PROVINCE)
        .select_related("procedure")
        .prefetch_related("time_limits", "fees", "agencies")
        .order_by("procedure__code")
    )
    return [v for v in versions if (selectors.statutory_days(v) or 0) >= 2]


def _recommendation(kind: str, content: str, days: Decimal) -> dict:
    row = {"kind": kind, "content": content, "implementer": "UBND tỉnh Bắc Kạn"}
    if kind == K.SHORTEN_TIME:
        cut = max(Decimal(1), (days * Decimal("0.2")).to_integral_value())
        row |= {
            "current_value": f"{days.normalize():f} ngày làm việc",
            "proposed_value": f"{(days - cut).normalize():f} ngày làm việc",
            "proposed_days": days - cut,
        }
    elif kind in (K.CUT_DOCUMENTS, K.DECENTRALIZE, K.CUT_STEPS):
        row |= {
            "regulation": "Văn bản quy phạm pháp luật của Bộ quản lý ngành",
            "implementer": "Bộ quản lý ngành",
            "proposed_preparation_hours": Decimal(2),
        }
    return row


def load() -> int:
    """Load the 2023 review; returns the number of reviews filed (0 when already there)."""
    if ReviewPlan.objects.filter(number=PLAN_NUMBER).exists():
        return 0
    office = Agency.objects.filter(short_name="VP UBND").first()
    justice = Agency.objects.get(short_name="STP", code__endswith=".H03")
    candidates = _candidates(dt.date(2023, 3, 1))
    if len(candidates) < REVIEWED:
        return 0
    rng = random.Random(766)
    chosen = sorted(rng.sample(candidates, REVIEWED), key=lambda v: v.procedure.code)
    plan = services.create_plan(
        year=2023,
        number=PLAN_NUMBER,
        issued_on=PLAN_DAY,
        title="Kế hoạch rà soát, đánh giá thủ tục hành chính trên địa bàn tỉnh Bắc Kạn năm 2023",
        deadline=DEADLINE,
        issuer=office,
    )
    agencies = {v.pk: _agency_for(v, justice) for v in chosen}
    for version in chosen:
        services.assign(plan, agencies[version.pk], procedure_code=version.procedure.code)

    specialist = get_user_model().objects.filter(username="stp.chuyenvien").first()
    working = _working_days(dt.date(2023, 3, 1), DEADLINE)
    days = sorted(rng.choice(working) for _ in range(REVIEWED))
    with_recommendations = set(rng.sample(range(REVIEWED), 60))
    with_two = set(rng.sample(sorted(with_recommendations), WITH_TWO))
    abolished = set(rng.sample(sorted(with_recommendations - with_two), ABOLISHED))
    made = 0
    for index, (version, day) in enumerate(zip(chosen, days, strict=True)):
        limit = selectors.statutory_days(version)
        recommendations = []
        if index in abolished:
            recommendations.append(
                {
                    "kind": K.ABOLISH,
                    "content": "Bãi bỏ: không phát sinh hồ sơ trong 5 năm liên tiếp",
                    "regulation": "Quyết định công bố của Bộ quản lý ngành",
                    "implementer": "Bộ quản lý ngành",
                }
            )
        elif index in with_recommendations:
            picks = rng.sample(PROPOSALS, 2 if index in with_two else 1)
            if index in with_two and not any(k == K.SHORTEN_TIME for k, _c in picks):
                picks[0] = PROPOSALS[0]
            recommendations = [_recommendation(k, c, limit) for k, c in picks]
        counted = selectors.dossiers_received(version.procedure, 2023)
        services.file_review(
            procedure_code=version.procedure.code,
            agency=agencies[version.pk],
            plan=plan,
            reviewed_on=day,
            necessary=index not in abolished,
            necessity_note="Không phát sinh hồ sơ trong 5 năm liên tiếp"
            if index in abolished
            else "",
            assessment={
                "time_limit": {
                    "reasonable": not any(r["kind"] == K.SHORTEN_TIME for r in recommendations),
                    "note": "Có thể rút ngắn" if recommendations else "",
                }
            },
            preparation_hours=Decimal(rng.choice([2, 4, 6, 8])),
            other_costs=rng.choice([0, 10_000, 20_000, 50_000]),
            dossiers_per_year=None if counted else rng.randint(5, 240),
            recommendations=recommendations,
            by=specialist if agencies[version.pk] == justice else None,
        )
        made += 1

    simplification = services.create_simplification_plan(
        year=2023,
        title="Phương án đơn giản hóa thủ tục hành chính thuộc phạm vi quản lý của UBND tỉnh "
        "Bắc Kạn năm 2023",
        roadmap="2023–2024",
        sent_to="Văn phòng Chính phủ; các Bộ quản lý ngành, lĩnh vực",
    )
    services.add_to_plan(
        simplification, Recommendation.objects.filter(review__plan=plan, current=True)
    )
    services.approve_plan(
        simplification,
        decision_number=APPROVAL[0],
        approved_on=APPROVAL[1],
        signer="Chủ tịch UBND tỉnh Bắc Kạn",
    )
    _outcomes(simplification)
    _drafts(justice, chosen[:2])
    return made


def _outcomes(plan) -> None:
    """By the end of 2023 the ministries had answered some of the plan's recommendations."""
    recs = list(plan.recommendations.order_by("review__procedure__code", "id"))
    for rec in recs[:12]:
        services.record_outcome(
            rec,
            Recommendation.Outcome.ACCEPTED,
            note="Bộ quản lý ngành tiếp thu, đưa vào dự thảo sửa đổi văn bản quy phạm pháp luật",
        )
    for rec in recs[12:14]:
        services.record_outcome(
            rec,
            Recommendation.Outcome.REJECTED,
            note="Bộ quản lý ngành không chấp thuận: quy định cần giữ để bảo đảm quản lý nhà nước",
        )


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    return list(calendar.calendar().working_days(first, last))


def _drafts(justice: Agency, versions: list[ProcedureVersion]) -> None:
    controller = get_user_model().objects.filter(username="stp.kiemsoat").first()
    answered = services.register_draft(
        title="Dự thảo Quyết định ban hành Quy chế phối hợp giải quyết thủ tục hành chính "
        "liên thông trên địa bàn tỉnh Bắc Kạn",
        drafting_agency=justice,
        received_on=dt.date(2023, 4, 3),
        stage="appraisal",
    )
    version = versions[0]
    days = selectors.statutory_days(version)
    amended = services.assess_draft_procedure(
        answered,
        action="amend",
        procedure_code=version.procedure.code,
        assessment={
            "necessity": {"met": True, "note": "Cần thiết để thống nhất quy trình liên thông"},
            "reasonableness": {"met": True, "note": "Thời hạn phù hợp với quy trình điện tử"},
            "legality": {"met": True, "note": "Phù hợp Nghị định 61/2018/NĐ-CP"},
        },
        working_days_before=days,
        working_days_after=days - 1,
        dossiers_per_year=40,
        explanation="Rút ngắn 01 ngày nhờ chuyển hồ sơ điện tử",
    )
    created = services.assess_draft_procedure(
        answered,
        action="create",
        name="Thủ tục xác nhận thông tin hồ sơ liên thông",
        assessment={
            "necessity": {"met": False, "note": "Thông tin đã có trong cơ sở dữ liệu"},
            "reasonableness": {"met": False, "note": ""},
            "legality": {"met": True, "note": ""},
        },
        working_days_after=3,
        dossiers_per_year=120,
        explanation="Cơ quan chủ trì đề nghị giữ để bảo đảm trách nhiệm xác nhận",
    )
    services.give_opinion(
        answered,
        opinion="Cơ bản thống nhất; đề nghị bỏ thủ tục xác nhận vì thông tin đã có trong cơ sở "
        "dữ liệu dùng chung.",
        on=dt.date(2023, 4, 12),
        procedures={amended.pk: ("agreed", ""), created.pk: ("remove", "Không cần thiết")},
        by=controller,
    )
    pending = services.register_draft(
        title="Dự thảo Quyết định quy định thời hạn giải quyết thủ tục hành chính lĩnh vực tư pháp",
        drafting_agency=justice,
        received_on=dt.date(2023, 6, 19),
    )
    version = versions[1]
    days = selectors.statutory_days(version)
    services.assess_draft_procedure(
        pending,
        action="amend",
        procedure_code=version.procedure.code,
        assessment={"necessity": {"met": True, "note": ""}},
        working_days_before=days,
        working_days_after=max(Decimal(1), days - 2),
        dossiers_per_year=25,
        explanation="Rút ngắn thời hạn theo phương án đơn giản hóa",
    )


# --- the merged province's 2026 review, at a small scale ------------------------------------------

PLAN_2026 = "32/KH-UBND (minh họa)"
PLAN_2026_DAY = dt.date(2026, 2, 24)
DEADLINE_2026 = dt.date(2026, 9, 30)
REVIEWED_2026 = 12


def load_2026(today: dt.date) -> int:
    """Thái Nguyên's 2026 review plan: a dozen procedures of its list assigned to its departments
    (the justice department's among them, reviewed by ``tn.stp.chuyenvien``), most reviewed by
    ``today``, two not yet — one of them past the deadline. One procedure without a dossier is
    proposed for abolition: its cost is counted per dossier. Returns the reviews filed."""
    if ReviewPlan.objects.filter(number=PLAN_2026).exists() or today < PLAN_2026_DAY:
        return 0
    office = Agency.objects.filter(short_name="VP UBND", code__endswith=".H55").first()
    justice = Agency.objects.filter(short_name="STP", code__endswith=".H55").first()
    if justice is None:
        return 0
    candidates = [
        v
        for v in _candidates(PLAN_2026_DAY)
        if any(a.code.endswith(".H55") for a in v.agencies.all())
    ]
    rng = random.Random(2026)
    own = [v for v in candidates if justice in v.agencies.all()]
    others = [v for v in candidates if justice not in v.agencies.all()]
    chosen = rng.sample(own, min(4, len(own))) + rng.sample(
        others, REVIEWED_2026 - min(4, len(own))
    )
    plan = services.create_plan(
        year=2026,
        number=PLAN_2026,
        issued_on=PLAN_2026_DAY,
        title="Kế hoạch rà soát, đánh giá thủ tục hành chính trên địa bàn tỉnh Thái Nguyên năm "
        "2026 (minh họa)",
        deadline=DEADLINE_2026,
        issuer=office,
    )
    agencies = {v.pk: _agency_for(v, justice) for v in chosen}
    for version in chosen:
        services.assign(plan, agencies[version.pk], procedure_code=version.procedure.code)
    specialist = get_user_model().objects.filter(username="tn.stp.chuyenvien").first()
    last = min(today, DEADLINE_2026)
    working = _working_days(PLAN_2026_DAY + dt.timedelta(days=14), last)
    made = 0
    for index, version in enumerate(chosen[:-2]):  # the last two are still owed
        limit = selectors.statutory_days(version)
        abolish = index == 1
        recommendations = (
            [
                {
                    "kind": K.ABOLISH,
                    "content": "Bãi bỏ: không phát sinh hồ sơ từ khi ban hành",
                    "regulation": "Quyết định công bố của Bộ quản lý ngành",
                    "implementer": "Bộ quản lý ngành",
                }
            ]
            if abolish
            else [_recommendation(*PROPOSALS[index % len(PROPOSALS)], limit)]
            if index % 2 == 0
            else []
        )
        for row in recommendations:
            if row.get("implementer") == "UBND tỉnh Bắc Kạn":
                row["implementer"] = "UBND tỉnh Thái Nguyên"
        services.file_review(
            procedure_code=version.procedure.code,
            agency=agencies[version.pk],
            plan=plan,
            reviewed_on=rng.choice(working),
            necessary=not abolish,
            necessity_note="Không phát sinh hồ sơ từ khi ban hành" if abolish else "",
            preparation_hours=Decimal(rng.choice([2, 4, 6])),
            other_costs=rng.choice([0, 10_000, 20_000]),
            dossiers_per_year=0 if abolish else rng.randint(5, 120),
            recommendations=recommendations,
            by=specialist if agencies[version.pk] == justice else None,
        )
        made += 1
    return made
