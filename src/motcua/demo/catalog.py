"""The demo province's catalog in 2023, as the reform report describes it.

The national records of ``data/national_procedures_sample.jsonl.gz`` and the Ministry of Justice's
``data/national_procedures_justice.jsonl.gz`` (copies of the reference files) are imported; the
province's list before 2023 comes from two standardization decisions of December 2022 (the
justice sector's in a decision of its own); then the 31 publication decisions of the first half
of 2023 publish 519 procedures: 14 new, 448 amended or replaced, 57 abolished — the report's
figures, produced by the real services.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

from motcua.agencies.models import Agency
from motcua.catalog import services
from motcua.catalog.models import DecisionItem, ProcedureVersion, PublicationDecision
from motcua.catalog.parsing import parse_record
from motcua.catalog.services import read_lines
from motcua.workdays import selectors as calendar

SAMPLE = Path(__file__).resolve().parent / "data" / "national_procedures_sample.jsonl.gz"
JUSTICE = Path(__file__).resolve().parent / "data" / "national_procedures_justice.jsonl.gz"
A = DecisionItem.Action

BASELINE_DECISION = "2468/QĐ-UBND"
BASELINE_DAY = dt.date(2022, 12, 20)
H1_DECISIONS = 31
NEW, AMENDED, REPLACED, ABOLISHED = 14, 440, 8, 57  # 440 + 8 = 448 amended or replaced

# Sectors run by vertical agencies (customs, tax, banking, treasury, social insurance, civil
# judgment enforcement) are not in a province's own published list.
VERTICAL_FIELDS = ("Hải quan", "Thuế", "ngân hàng", "ngoại hối", "Kho bạc", "BHXH", "Thi hành án")
JUSTICE_DECISION = "2469/QĐ-UBND"

# Which department implements a field's provincial procedures (by words of the field's name).
FIELD_DEPARTMENTS = [
    (
        (
            "Đất đai",
            "Tài nguyên",
            "Địa chất",
            "khoáng sản",
            "Biển",
            "Môi trường",
            "khí hậu",
            "Đo đạc",
            "Khí tượng",
        ),
        "STN&MT",
    ),
    (("Xây dựng", "Nhà ở", "Kiến trúc", "Quy hoạch", "Hạ tầng", "bất động sản", "Vật liệu"), "SXD"),
    (("Đường bộ", "Đường sắt", "Hàng hải", "đường thủy", "Hàng không", "Giao thông"), "SGTVT"),
    (
        (
            "Thủy lợi",
            "Thủy sản",
            "Thú y",
            "Lâm nghiệp",
            "Kiểm lâm",
            "Chăn nuôi",
            "Trồng trọt",
            "nông lâm sản",
            "Nông nghiệp",
            "Phát triển nông thôn",
            "Giảm nghèo",
            "Bảo tồn",
        ),
        "SNN&PTNT",
    ),
    (("doanh nghiệp", "Đầu tư", "hợp tác xã", "Đấu thầu"), "SKHĐT"),
    (("Tài chính", "công sản", "Giá", "ngân sách"), "STC"),
    (
        (
            "Hộ tịch",
            "Chứng thực",
            "Nuôi con nuôi",
            "Quốc tịch",
            "Công chứng",
            "Luật sư",
            "Thừa phát lại",
            "Trọng tài",
            "Hòa giải",
            "Trợ giúp pháp lý",
            "Đấu giá",
            "Giám định tư pháp",
            "Quản tài viên",
            "Tư vấn pháp luật",
            "biện pháp bảo đảm",
            "Bồi thường nhà nước",
            "Hỗ trợ pháp lý",
        ),
        "STP",
    ),
    (("an toàn lao động", "Lao động", "Việc làm"), "SLĐTB&XH"),
]

CHANGE_NOTES = [
    "Thời hạn giải quyết",
    "Thành phần hồ sơ",
    "Căn cứ pháp lý",
    "Trình tự thực hiện",
    "Phí, lệ phí",
    "Cơ quan thực hiện",
]


def _department_for(field_name: str, departments: dict[str, Agency]) -> Agency | None:
    for words, short in FIELD_DEPARTMENTS:
        if any(word.lower() in field_name.lower() for word in words):
            return departments.get(short)
    return None


def _eligible_records(path: Path = SAMPLE) -> list[dict]:
    records = []
    for line in read_lines(path):
        raw = json.loads(line)
        levels = raw.get("cap_thuc_hien", "")
        field = raw.get("linh_vuc", "")
        if ("Cấp tỉnh" in levels or "Cấp xã" in levels) and not any(
            word.lower() in field.lower() for word in VERTICAL_FIELDS
        ):
            records.append(raw)
    records.sort(key=lambda r: r["ma_thu_tuc"])
    return records


def _working_days_2023(first: dt.date, last: dt.date) -> list[dt.date]:
    return list(calendar.calendar().working_days(first, last))


def _localize(raw: dict, departments: dict[str, Agency]) -> dict:
    """What the province adds to a national record: the agencies that implement it."""
    parsed = parse_record(raw)
    changes: dict = {
        "boundary_independent": "province" in parsed.levels,
        "online": _online(parsed),
    }
    if "province" in parsed.levels:
        department = _department_for(parsed.field, departments)
        if department is not None:
            changes["agencies"] = [department, departments["TTPVHCC"]]
    return changes


def _online(parsed) -> str:
    """The demo's rule for the level of online service (the province decides it when it
    publishes): an online way of submitting with its own time limit and nothing to pay is
    full-process online ("toàn trình"); an online way with a fee, or without a time limit,
    partial."""
    online = [t for t in parsed.time_limits if t.channel == "online"]
    if not online:
        return ProcedureVersion.Online.NONE
    free = all(f.amount == 0 for f in parsed.fees if f.channel == "online")
    if free and all(t.value is not None for t in online):
        return ProcedureVersion.Online.FULL
    return ProcedureVersion.Online.PARTIAL


def _amendment(raw: dict, departments: dict[str, Agency], rng: random.Random) -> dict:
    changes = _localize(raw, departments)
    note = rng.choice(CHANGE_NOTES)
    changes["change_note"] = f"Nội dung sửa đổi, bổ sung: {note}"
    if note == "Thời hạn giải quyết":
        parsed = parse_record(raw)
        limits = []
        for limit in parsed.time_limits:
            value = limit.value
            if value is not None and limit.unit == "working_days" and value > 2:
                value = value - Decimal(1)  # the province cuts a day (the review's simplification)
            limits.append(
                {
                    "channel": limit.channel,
                    "value": value,
                    "unit": limit.unit or "",
                    "text": limit.text,
                    "description": limit.description,
                }
            )
        changes["children"] = {
            "time_limits": limits,
            "fees": [
                {"channel": f.channel, "amount": f.amount, "currency": f.currency, "text": f.text}
                for f in parsed.fees
            ],
            "documents": [
                {
                    "group": d.group[:500],
                    "name": d.name,
                    "originals": d.originals,
                    "copies": d.copies,
                    "required": d.required,
                    "form_name": d.form_name[:255],
                }
                for d in parsed.documents
            ],
        }
    return changes


def load(signer: str = "Chủ tịch UBND tỉnh Bắc Kạn") -> bool:
    """Load the demo catalog; returns False when it is already there (nothing changes)."""
    if PublicationDecision.objects.filter(number=BASELINE_DECISION).exists():
        return False
    services.import_file(SAMPLE, on=dt.date(2022, 1, 1))
    services.import_file(JUSTICE, on=dt.date(2022, 1, 1))
    departments = {a.short_name: a for a in Agency.objects.filter(code__endswith=".H03")}
    departments["TTPVHCC"] = Agency.objects.get(code="000.01.01.H03")
    rng = random.Random(2023)
    records = _eligible_records()
    rng.shuffle(records)
    by_code = {r["ma_thu_tuc"]: r for r in records}

    touched = AMENDED + REPLACED + ABOLISHED
    baseline = records[:touched]
    new_ones = records[touched : touched + NEW]
    successors = records[touched + NEW : touched + NEW + REPLACED]

    province = departments.get("VP UBND")
    decision = services.create_decision(
        BASELINE_DECISION,
        signer=signer,
        issuer=province,
        title="Công bố danh mục thủ tục hành chính chuẩn hóa thuộc phạm vi, chức năng quản lý "
        "của UBND tỉnh Bắc Kạn",
    )
    for raw in baseline:
        services.add_item(decision, A.NEW, raw["ma_thu_tuc"], changes=_localize(raw, departments))
    services.sign_decision(decision, signed_on=BASELINE_DAY)
    # The Ministry of Justice's procedures done at the province and the communes (civil status,
    # certification, adoption, nationality, lawyers, notaries…), in a decision of their own.
    decision = services.create_decision(
        JUSTICE_DECISION,
        signer=signer,
        issuer=province,
        title="Công bố danh mục thủ tục hành chính chuẩn hóa lĩnh vực tư pháp thuộc phạm vi "
        "quản lý của UBND tỉnh Bắc Kạn",
    )
    for raw in _eligible_records(JUSTICE):
        services.add_item(decision, A.NEW, raw["ma_thu_tuc"], changes=_localize(raw, departments))
    services.sign_decision(decision, signed_on=BASELINE_DAY)
    services.refresh_statistics()

    # The first half of 2023: 31 decisions on working days, each a share of the 519 items.
    plan = (
        [(A.NEW, raw) for raw in new_ones]
        + [(A.AMENDED, raw) for raw in baseline[:AMENDED]]
        + [(A.REPLACED, raw) for raw in baseline[AMENDED : AMENDED + REPLACED]]
        + [(A.ABOLISHED, raw) for raw in baseline[AMENDED + REPLACED :]]
    )
    rng.shuffle(plan)
    days = _working_days_2023(dt.date(2023, 1, 5), dt.date(2023, 6, 28))
    signing_days = sorted(rng.sample(days, H1_DECISIONS))
    cuts = sorted(rng.sample(range(1, len(plan)), H1_DECISIONS - 1))
    chunks = [plan[a:b] for a, b in zip([0, *cuts], [*cuts, len(plan)], strict=True)]
    successor_iter = iter(successors)
    for index, (day, chunk) in enumerate(zip(signing_days, chunks, strict=True)):
        number = f"{day.timetuple().tm_yday * 7 + index}/QĐ-UBND"
        decision = services.create_decision(
            number,
            signer=signer,
            issuer=province,
            title=f"Công bố danh mục thủ tục hành chính ngày {day:%d/%m/%Y}",
        )
        for action, raw in chunk:
            code = raw["ma_thu_tuc"]
            if action == A.NEW:
                services.add_item(decision, action, code, changes=_localize(raw, departments))
            elif action == A.AMENDED:
                services.add_item(decision, action, code, changes=_amendment(raw, departments, rng))
            elif action == A.REPLACED:
                successor = next(successor_iter)
                services.add_item(
                    decision,
                    action,
                    code,
                    successor_code=successor["ma_thu_tuc"],
                    changes=_localize(by_code[successor["ma_thu_tuc"]], departments),
                )
            else:
                services.add_item(decision, action, code)
        services.sign_decision(decision, signed_on=day)
    return True


# --- the two-tier province from 01/07/2025 ------------------------------------------------------

REFORM_DECISION = "01/QĐ-UBND (minh họa)"
REFORM_TITLE = (
    "Công bố danh mục thủ tục hành chính thực hiện tại tỉnh Thái Nguyên theo mô hình chính quyền "
    "địa phương hai cấp (dữ liệu minh họa)"
)


def load_2025(successors: dict[int, Agency], *, signed_on: dt.date, effective: dt.date) -> int:
    """The merged province's list from the reform day: every procedure of the list in force the
    day before, standardized for Thái Nguyên — its departments (each 2023 department's successor)
    in place of Bắc Kạn's, the commune level for what the districts did. Returns the procedures
    published (0 when the decision is already there). The decision is the demo's own, not a real
    one: its number says so."""
    if PublicationDecision.objects.filter(number=REFORM_DECISION).exists():
        return 0
    day_before = effective - dt.timedelta(days=1)
    province = Agency.objects.filter(code="000.00.00.H55").first()
    decision = services.create_decision(
        REFORM_DECISION,
        title=REFORM_TITLE,
        signer="Chủ tịch UBND tỉnh Thái Nguyên",
        legal_basis="Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025 của Quốc hội về việc "
        "sắp xếp đơn vị hành chính cấp tỉnh;\nCăn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng "
        "6 năm 2025 của Chính phủ;",
        issuer=province,
    )
    versions = (
        ProcedureVersion.objects.filter(
            source=ProcedureVersion.Source.PROVINCE,
            status=ProcedureVersion.Status.PUBLISHED,
            effective_from__lte=day_before,
        )
        .exclude(effective_to__lt=day_before)
        .select_related("procedure")
        .prefetch_related("agencies")
        .order_by("procedure__code")
    )
    published = 0
    for version in versions:
        agencies = list(
            dict.fromkeys(successors[a.pk] for a in version.agencies.all() if a.pk in successors)
        )
        levels = version.levels.replace(",district,", ",commune,")
        levels = "," + ",".join(dict.fromkeys(x for x in levels.split(",") if x)) + ","
        services.add_item(
            decision,
            A.STANDARDIZED,
            version.procedure.code,
            changes={
                "agencies": agencies,
                "levels": levels,
                "implementing_agency": "; ".join(a.name for a in agencies)
                or version.implementing_agency,
                "change_note": "Chuẩn hóa theo mô hình chính quyền địa phương hai cấp.",
            },
        )
        published += 1
    services.sign_decision(decision, signed_on=signed_on, effective_from=effective)
    return published
