"""The demo province's 2023 administrative-reform plan, as the reform report describes it: 40
objectives and 66 tasks; on 30 June 2023, 2 tasks done, 63 under way and 1 not started; every
department (19/19) and district (8/8) filed its own plan. The task table goes in through the same
XLSX import the control office uses; the progress through the same reports the agencies file. The
second half of the year is there too, so the plan looks alive on any later day: most tasks done
by December, a few late, the one never started overdue."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from openpyxl import Workbook

from motcua.agencies.models import Agency
from motcua.core.xlsx import save
from motcua.reform import services, xlsx
from motcua.reform.models import Area, ProgressReport, ReformPlan

PLAN_NUMBER = "08/KH-UBND"
PLAN_DAY = dt.date(2023, 1, 12)
MIDYEAR = dt.date(2023, 6, 30)
S = ProgressReport.Status

# (area, section title as printed, lead agency's short name, tasks)
SECTIONS = [
    (
        Area.LEADERSHIP,
        "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH, KIỂM TRA VÀ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH",
        "SNV",
        [
            "Ban hành Kế hoạch cải cách hành chính năm 2023 của các cơ quan, đơn vị",
            "Tổ chức kiểm tra công tác cải cách hành chính tại các sở, ngành và UBND cấp huyện",
            "Tuyên truyền cải cách hành chính trên các phương tiện thông tin đại chúng",
            "Tổ chức Hội thi tìm hiểu về cải cách hành chính",
            "Xác định Chỉ số cải cách hành chính năm 2022 của các sở, ngành, UBND cấp huyện",
            "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
            "Tổng kết, đánh giá kết quả cải cách hành chính năm 2023",
            "Theo dõi, đôn đốc thực hiện các nhiệm vụ cải cách hành chính",
            "Xây dựng báo cáo cải cách hành chính định kỳ",
            "Khắc phục tồn tại, hạn chế của Chỉ số cải cách hành chính năm 2022",
        ],
    ),
    (
        Area.INSTITUTIONS,
        "CẢI CÁCH THỂ CHẾ",
        "STP",
        [
            "Xây dựng, ban hành văn bản quy phạm pháp luật theo Chương trình năm 2023",
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh",
            "Kiểm tra văn bản quy phạm pháp luật sau khi ban hành",
            "Theo dõi tình hình thi hành pháp luật trên địa bàn tỉnh",
            "Phổ biến, giáo dục pháp luật cho cán bộ, công chức và Nhân dân",
            "Nâng cao chất lượng thẩm định dự thảo văn bản quy phạm pháp luật",
            "Cập nhật văn bản quy phạm pháp luật lên Cơ sở dữ liệu quốc gia về pháp luật",
            "Đánh giá tác động chính sách trong đề nghị xây dựng nghị quyết",
        ],
    ),
    (
        Area.PROCEDURES,
        "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "VP UBND",
        [
            "Công bố, công khai thủ tục hành chính kịp thời, đầy đủ",
            "Rà soát, đánh giá thủ tục hành chính năm 2023",
            "Kiểm soát quy định thủ tục hành chính trong dự thảo văn bản quy phạm pháp luật",
            "Tiếp nhận, xử lý phản ánh, kiến nghị về quy định hành chính",
            "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Cung cấp dịch vụ công trực tuyến toàn trình",
            "Thanh toán trực tuyến nghĩa vụ tài chính trong giải quyết thủ tục hành chính",
            "Xây dựng, phê duyệt quy trình nội bộ giải quyết thủ tục hành chính",
            "Đánh giá chất lượng giải quyết thủ tục hành chính theo Bộ chỉ số 766",
            "Thực hiện tiếp nhận hồ sơ không phụ thuộc địa giới hành chính",
            "Kiểm tra việc giải quyết thủ tục hành chính tại các cơ quan, đơn vị",
            "Công khai xin lỗi người dân khi để hồ sơ quá hạn",
            "Tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến",
        ],
    ),
    (
        Area.APPARATUS,
        "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC",
        "SNV",
        [
            "Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn",
            "Sắp xếp đơn vị sự nghiệp công lập",
            "Quản lý biên chế công chức, số lượng người làm việc",
            "Sắp xếp đơn vị hành chính cấp xã giai đoạn 2023–2025",
            "Thực hiện phân cấp quản lý nhà nước giữa tỉnh và cấp huyện",
            "Rà soát vị trí việc làm trong các cơ quan, tổ chức hành chính",
            "Đánh giá mô hình Trung tâm Phục vụ hành chính công",
            "Kiểm tra việc thực hiện quy định về tổ chức bộ máy",
        ],
    ),
    (
        Area.CIVIL_SERVICE,
        "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        "SNV",
        [
            "Tuyển dụng công chức, viên chức theo vị trí việc làm",
            "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2023",
            "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
            "Kiểm tra công vụ, kỷ luật, kỷ cương hành chính",
            "Thực hiện chính sách thu hút người có tài năng",
            "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức",
            "Thi nâng ngạch công chức, thăng hạng viên chức",
            "Thực hiện văn hóa công vụ",
        ],
    ),
    (
        Area.PUBLIC_FINANCE,
        "CẢI CÁCH TÀI CHÍNH CÔNG",
        "STC",
        [
            "Giao dự toán ngân sách nhà nước năm 2023",
            "Thực hiện cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
            "Công khai ngân sách nhà nước theo quy định",
            "Quản lý, sử dụng tài sản công",
            "Giải ngân vốn đầu tư công năm 2023",
            "Thực hành tiết kiệm, chống lãng phí",
        ],
    ),
    (
        Area.DIGITAL,
        "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
        "STT&TT",
        [
            "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
            "Kết nối, chia sẻ dữ liệu với Cổng Dịch vụ công quốc gia",
            "Triển khai ứng dụng dữ liệu dân cư theo Đề án 06",
            "Bảo đảm an toàn thông tin mạng cho hệ thống thông tin của tỉnh",
            "Sử dụng văn bản điện tử, chữ ký số trong cơ quan nhà nước",
            "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "Phát triển nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
            "Triển khai Trung tâm giám sát, điều hành thông minh",
            "Đào tạo kỹ năng số cho cán bộ, công chức",
            "Phổ cập dịch vụ công trực tuyến cho người dân qua tổ công nghệ số cộng đồng",
            "Cập nhật Kiến trúc chính quyền điện tử tỉnh Bắc Kạn",
            "Triển khai hệ thống họp trực tuyến đến cấp xã",
        ],
    ),
]

OBJECTIVES = [
    (
        Area.LEADERSHIP,
        "Hoàn thành 100% nhiệm vụ trong Kế hoạch cải cách hành chính năm 2023",
        "Tỷ lệ nhiệm vụ hoàn thành",
        100,
        "%",
    ),
    (
        Area.LEADERSHIP,
        "Nâng thứ hạng Chỉ số cải cách hành chính của tỉnh",
        "Thứ hạng PAR Index",
        None,
        "",
    ),
    (
        Area.LEADERSHIP,
        "Nâng Chỉ số hài lòng của người dân, tổ chức (SIPAS)",
        "Chỉ số SIPAS",
        85,
        "%",
    ),
    (
        Area.LEADERSHIP,
        "Kiểm tra cải cách hành chính tại ít nhất 30% cơ quan, đơn vị",
        "Tỷ lệ cơ quan được kiểm tra",
        30,
        "%",
    ),
    (
        Area.LEADERSHIP,
        "Khắc phục toàn bộ tồn tại sau kiểm tra",
        "Tỷ lệ tồn tại được khắc phục",
        100,
        "%",
    ),
    (
        Area.INSTITUTIONS,
        "Ban hành đúng tiến độ 100% văn bản theo chương trình",
        "Tỷ lệ văn bản đúng tiến độ",
        100,
        "%",
    ),
    (
        Area.INSTITUTIONS,
        "Kiểm tra 100% văn bản quy phạm pháp luật sau ban hành",
        "Tỷ lệ văn bản được kiểm tra",
        100,
        "%",
    ),
    (Area.INSTITUTIONS, "Hoàn thành rà soát, hệ thống hóa văn bản kỳ 2019–2023", "", None, ""),
    (
        Area.INSTITUTIONS,
        "Cập nhật đầy đủ văn bản lên Cơ sở dữ liệu quốc gia về pháp luật",
        "Tỷ lệ văn bản được cập nhật",
        100,
        "%",
    ),
    (Area.INSTITUTIONS, "Nâng cao hiệu quả theo dõi thi hành pháp luật", "", None, ""),
    (
        Area.PROCEDURES,
        "Công bố, công khai 100% thủ tục hành chính đúng hạn",
        "Tỷ lệ TTHC công bố đúng hạn",
        100,
        "%",
    ),
    (
        Area.PROCEDURES,
        "Giải quyết đúng hạn ít nhất 98% hồ sơ thủ tục hành chính",
        "Tỷ lệ hồ sơ đúng hạn",
        98,
        "%",
    ),
    (
        Area.PROCEDURES,
        "Tỷ lệ hồ sơ nộp trực tuyến đạt ít nhất 50%",
        "Tỷ lệ hồ sơ trực tuyến",
        50,
        "%",
    ),
    (Area.PROCEDURES, "Số hóa ít nhất 80% hồ sơ, kết quả giải quyết", "Tỷ lệ số hóa", 80, "%"),
    (
        Area.PROCEDURES,
        "Thanh toán trực tuyến ít nhất 30% giao dịch",
        "Tỷ lệ thanh toán trực tuyến",
        30,
        "%",
    ),
    (
        Area.PROCEDURES,
        "Mức độ hài lòng về giải quyết thủ tục hành chính đạt ít nhất 90%",
        "Tỷ lệ hài lòng",
        90,
        "%",
    ),
    (
        Area.PROCEDURES,
        "Xử lý 100% phản ánh, kiến nghị đúng hạn",
        "Tỷ lệ PAKN xử lý đúng hạn",
        100,
        "%",
    ),
    (
        Area.PROCEDURES,
        "Cắt giảm ít nhất 20% chi phí tuân thủ thủ tục hành chính được rà soát",
        "Tỷ lệ cắt giảm chi phí",
        20,
        "%",
    ),
    (
        Area.PROCEDURES,
        "Phê duyệt quy trình nội bộ cho 100% thủ tục hành chính",
        "Tỷ lệ TTHC có quy trình",
        100,
        "%",
    ),
    (Area.APPARATUS, "Hoàn thành sắp xếp tổ chức bộ máy theo quy định", "", None, ""),
    (
        Area.APPARATUS,
        "Giảm ít nhất 10% đơn vị sự nghiệp công lập so với năm 2021",
        "Tỷ lệ giảm đơn vị",
        10,
        "%",
    ),
    (Area.APPARATUS, "Tinh giản biên chế theo lộ trình", "Tỷ lệ tinh giản", 5, "%"),
    (Area.APPARATUS, "Hoàn thành đề án vị trí việc làm của các cơ quan", "", None, ""),
    (Area.APPARATUS, "Đẩy mạnh phân cấp, ủy quyền giải quyết công việc", "", None, ""),
    (
        Area.CIVIL_SERVICE,
        "100% công chức được tuyển dụng theo vị trí việc làm",
        "Tỷ lệ tuyển theo VTVL",
        100,
        "%",
    ),
    (
        Area.CIVIL_SERVICE,
        "Bồi dưỡng kiến thức, kỹ năng cho ít nhất 80% công chức",
        "Tỷ lệ được bồi dưỡng",
        80,
        "%",
    ),
    (Area.CIVIL_SERVICE, "Đánh giá, xếp loại công chức thực chất, đúng quy định", "", None, ""),
    (
        Area.CIVIL_SERVICE,
        "Không để xảy ra vi phạm kỷ luật, kỷ cương hành chính nghiêm trọng",
        "",
        None,
        "",
    ),
    (
        Area.CIVIL_SERVICE,
        "Cập nhật đầy đủ cơ sở dữ liệu cán bộ, công chức",
        "Tỷ lệ hồ sơ được cập nhật",
        100,
        "%",
    ),
    (Area.PUBLIC_FINANCE, "Giải ngân 100% kế hoạch vốn đầu tư công", "Tỷ lệ giải ngân", 100, "%"),
    (Area.PUBLIC_FINANCE, "Công khai ngân sách đúng thời hạn", "", None, ""),
    (Area.PUBLIC_FINANCE, "Tăng số đơn vị sự nghiệp tự bảo đảm chi thường xuyên", "", None, ""),
    (Area.PUBLIC_FINANCE, "Quản lý, sử dụng tài sản công hiệu quả, đúng quy định", "", None, ""),
    (
        Area.DIGITAL,
        "100% văn bản trao đổi giữa các cơ quan dưới dạng điện tử",
        "Tỷ lệ văn bản điện tử",
        100,
        "%",
    ),
    (
        Area.DIGITAL,
        "100% thủ tục đủ điều kiện được cung cấp trực tuyến toàn trình",
        "Tỷ lệ DVC toàn trình",
        100,
        "%",
    ),
    (Area.DIGITAL, "Kết nối, chia sẻ dữ liệu với các cơ sở dữ liệu quốc gia", "", None, ""),
    (
        Area.DIGITAL,
        "Bảo đảm an toàn thông tin theo cấp độ cho 100% hệ thống",
        "Tỷ lệ hệ thống được phê duyệt cấp độ",
        100,
        "%",
    ),
    (Area.DIGITAL, "100% cán bộ, công chức sử dụng chữ ký số", "Tỷ lệ sử dụng chữ ký số", 100, "%"),
    (Area.DIGITAL, "Hoàn thành kho dữ liệu dùng chung của tỉnh", "", None, ""),
    (
        Area.DIGITAL,
        "Triển khai họp trực tuyến đến 100% UBND cấp xã",
        "Tỷ lệ xã có họp trực tuyến",
        100,
        "%",
    ),
]

DONE_BY_MIDYEAR = {("leadership", 0), ("leadership", 4)}  # the plans, and the 2022 index: Q1/Q2
NEVER_STARTED = ("digital", 7)  # the smart operations centre: due Q4, never funded in 2023
LATE_IN_H2 = {("procedures", 13), ("apparatus", 3), ("institutions", 1)}


def _timing(area: str, index: int, rng: random.Random) -> str:
    if (area, index) == ("leadership", 0):
        return "Quý I"
    if (area, index) == ("leadership", 4):
        return "Quý II"
    if (area, index) == NEVER_STARTED:
        return "Quý IV"
    if (area, index) in LATE_IN_H2:
        return "Quý III"
    return rng.choice(["Thường xuyên", "Thường xuyên", "Quý III", "Quý IV", "Tháng 12/2023"])


def _workbook(departments: dict[str, Agency], districts: list[Agency]) -> bytes:
    """The plan's annex as the control office would upload it."""
    rng = random.Random(76)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["PHỤ LỤC: NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2023"])
    sheet.append(xlsx.COLUMNS)
    for roman, (area, title, lead, tasks) in zip(
        ["I", "II", "III", "IV", "V", "VI", "VII"], SECTIONS, strict=True
    ):
        sheet.append([roman, title])
        for index, task in enumerate(tasks):
            helpers = rng.sample(sorted(departments), 2)
            lead_name = departments[lead].name
            if area == Area.PROCEDURES and index in (4, 10):
                lead_name = districts[index % len(districts)].name  # a district leads a few
            sheet.append(
                [
                    f"{index + 1}",
                    task,
                    lead_name,
                    "; ".join(
                        departments[h].name for h in helpers if departments[h].name != lead_name
                    ),
                    _timing(area, index, rng),
                    rng.choice(
                        ["Kế hoạch", "Báo cáo kết quả", "Văn bản chỉ đạo", "Quyết định phê duyệt"]
                    ),
                    rng.choice(["Ngân sách tỉnh", "Kinh phí thường xuyên của cơ quan"]),
                ]
            )
    return save(workbook)


def load() -> int:
    """Load the 2023 plan; returns its number of tasks (0 when already there)."""
    if ReformPlan.objects.filter(number=PLAN_NUMBER).exists():
        return 0
    departments = {
        a.short_name: a
        for a in Agency.objects.valid_on(PLAN_DAY).filter(level=Agency.Level.DEPARTMENT)
    }
    districts = list(
        Agency.objects.valid_on(PLAN_DAY).filter(level=Agency.Level.DISTRICT).order_by("code")
    )
    if "SNV" not in departments:
        return 0
    plan = services.create_plan(
        number=PLAN_NUMBER,
        issued_on=PLAN_DAY,
        title="Kế hoạch cải cách hành chính nhà nước tỉnh Bắc Kạn năm 2023",
        national_programme="Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương "
        "trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030",
        provincial_programme="Kế hoạch cải cách hành chính nhà nước tỉnh Bắc Kạn giai đoạn "
        "2021–2025",
        issuer=departments.get("VP UBND"),
    )
    for area, text, indicator, target, unit in OBJECTIVES:
        services.add_objective(
            plan,
            area=area,
            text=text,
            indicator=indicator,
            target=None if target is None else Decimal(target),
            unit=unit,
        )
    xlsx.import_tasks(plan, _workbook(departments, districts))
    _link_objectives(plan)
    _unit_plans(plan, [*departments.values(), *districts])
    _reports(plan)
    return plan.tasks.count()


def _link_objectives(plan: ReformPlan) -> None:
    """Each task serves the first objective of its area (the annex does not say more)."""
    first = {}
    for objective in plan.objectives.order_by("order"):
        first.setdefault(objective.area, objective)
    for task in plan.tasks.all():
        task.objective = first.get(task.area)
        task.save(update_fields=["objective"])


def _unit_plans(plan: ReformPlan, agencies: list[Agency]) -> None:
    rng = random.Random(19)
    for agency in agencies:
        tasks = plan.tasks.filter(lead=agency) | plan.tasks.filter(coordinators=agency)
        services.file_unit_plan(
            plan,
            agency,
            number=f"{rng.randint(2, 40)}/KH-{(agency.short_name or 'UBND').split()[0]}",
            issued_on=PLAN_DAY + dt.timedelta(days=rng.randint(5, 35)),
            tasks=tasks.distinct(),
        )


def _key(task) -> tuple[str, int]:
    return task.area, int(task.number) - 1


def _reports(plan: ReformPlan) -> None:
    """Quarterly reports by each lead agency: by 30 June, 2 done, 63 under way, 1 not started;
    by December, the dated tasks done (a few after their deadline) and the regular ones going on."""
    rng = random.Random(2023)
    for task in plan.tasks.select_related("lead").order_by("order"):
        key = _key(task)
        if key == NEVER_STARTED:
            continue
        report = _reporter(task)
        if key in DONE_BY_MIDYEAR:
            report(task.due_on - dt.timedelta(days=rng.randint(3, 20)), S.DONE, 100)
            continue
        report(dt.date(2023, 3, 31), S.IN_PROGRESS, rng.randint(10, 30))
        report(dt.date(2023, 6, rng.randint(15, 29)), S.IN_PROGRESS, rng.randint(35, 70))
        if task.due_on is None:  # regular tasks go on all year
            report(dt.date(2023, 12, 14), S.IN_PROGRESS, rng.randint(75, 95))
        elif key in LATE_IN_H2:
            report(task.due_on + dt.timedelta(days=rng.randint(5, 25)), S.DONE, 100)
        else:
            report(task.due_on - dt.timedelta(days=rng.randint(2, 15)), S.DONE, 100)


def _reporter(task):
    def report(day: dt.date, status: str, percent: int) -> None:
        services.report_progress(
            task,
            task.lead,
            reported_on=day,
            status=status,
            percent=percent,
            evidence=f"Báo cáo ngày {day:%d/%m/%Y}" if status == S.DONE else "",
        )

    return report


# --- the merged province's 2026 plan, at a small scale -------------------------------------------

PLAN_2026 = "15/KH-UBND (minh họa)"
PLAN_2026_DAY = dt.date(2026, 1, 15)
SECTIONS_2026 = [
    (
        "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "SNV",
        [
            (
                "Ban hành Kế hoạch cải cách hành chính năm 2026 của các sở, ngành, xã, phường",
                "Quý I",
            ),
            ("Kiểm tra công tác cải cách hành chính tại các xã, phường sau sắp xếp", "Quý III"),
            ("Xác định Chỉ số cải cách hành chính năm 2025 của các sở, ngành, xã", "Quý II"),
        ],
    ),
    (
        "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "VP UBND",
        [
            ("Công bố danh mục thủ tục hành chính theo mô hình chính quyền hai cấp", "Quý I"),
            ("Rà soát, đơn giản hóa thủ tục hành chính nội bộ năm 2026", "Quý III"),
            ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại cấp xã", "Thường xuyên"),
            (
                "Cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
                "Quý IV",
            ),
        ],
    ),
    (
        "CẢI CÁCH TỔ CHỨC BỘ MÁY",
        "SNV",
        [
            ("Hoàn thiện chức năng, nhiệm vụ của các sở sau hợp nhất", "Quý II"),
            ("Sắp xếp các đơn vị sự nghiệp công lập theo mô hình mới", "Quý IV"),
        ],
    ),
    (
        "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ",
        "SKH&CN",
        [
            (
                "Kết nối Hệ thống thông tin giải quyết TTHC của tỉnh với các cơ sở dữ liệu quốc gia",
                "Quý II",
            ),
            ("Bảo đảm an toàn thông tin cho các hệ thống dùng chung của tỉnh", "Thường xuyên"),
        ],
    ),
]


def load_2026(today: dt.date) -> int:
    """Thái Nguyên's 2026 reform plan, a few tasks an area, with the reports its lead agencies
    filed up to ``today``: some done, most under way, one late. Returns its tasks (0 when already
    there)."""
    if ReformPlan.objects.filter(number=PLAN_2026).exists() or today < PLAN_2026_DAY:
        return 0
    departments = {
        a.short_name: a
        for a in Agency.objects.valid_on(PLAN_2026_DAY).filter(
            level=Agency.Level.DEPARTMENT, code__endswith=".H55"
        )
    }
    if "SNV" not in departments:
        return 0
    plan = services.create_plan(
        number=PLAN_2026,
        issued_on=PLAN_2026_DAY,
        title="Kế hoạch cải cách hành chính nhà nước tỉnh Thái Nguyên năm 2026 (minh họa)",
        national_programme="Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương "
        "trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030",
        issuer=departments.get("VP UBND"),
    )
    services.add_objective(
        plan,
        area=Area.PROCEDURES,
        text="100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình",
        indicator="Tỷ lệ dịch vụ công trực tuyến toàn trình",
        target=Decimal(100),
        unit="%",
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["PHỤ LỤC: NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
    sheet.append(xlsx.COLUMNS)
    for roman, (title, lead, tasks) in zip(["I", "II", "III", "IV"], SECTIONS_2026, strict=True):
        sheet.append([roman, title])
        for index, (task, timing) in enumerate(tasks, start=1):
            sheet.append(
                [str(index), task, departments[lead].name, "", timing, "Báo cáo kết quả", ""]
            )
    xlsx.import_tasks(plan, save(workbook))
    _link_objectives(plan)
    rng = random.Random(2026)
    filed = sorted(departments.values(), key=lambda a: a.code)[:-3]  # three still owe theirs
    for agency in filed:
        services.file_unit_plan(
            plan,
            agency,
            number=f"{rng.randint(2, 40)}/KH-{agency.short_name.split()[0]}",
            issued_on=PLAN_2026_DAY + dt.timedelta(days=rng.randint(5, 30)),
            tasks=(plan.tasks.filter(lead=agency)),
        )
    for index, task in enumerate(plan.tasks.select_related("lead").order_by("order")):
        if index == 4:  # the one nobody has started, now late
            continue
        report = _reporter(task)
        start = PLAN_2026_DAY + dt.timedelta(days=30 + index * 7)
        if start > today:
            continue
        report(start, S.IN_PROGRESS, rng.randint(10, 40))
        if task.due_on is not None and task.due_on <= today - dt.timedelta(days=10):
            report(task.due_on - dt.timedelta(days=rng.randint(1, 10)), S.DONE, 100)
        elif today - start > dt.timedelta(days=60):
            report(
                today - dt.timedelta(days=rng.randint(3, 20)), S.IN_PROGRESS, rng.randint(50, 90)
            )
    return plan.tasks.count()
