"""A procedure as the national procedure database gives it (``LayThuTuc``, domain/
national-portal.md §2): read into the catalog's parsed form, and written from a crawled record
(what the reference simulator serves). Pure: no database, no network."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from motcua.catalog.parsing import (
    LEVELS,
    UNITS,
    Document,
    Fee,
    ParsedRecord,
    TimeLimit,
    clean,
    parse_record,
)

# KENH: 1 in person, 2 online, 3 post (§2).
CHANNEL_CODES = {"direct": 1, "online": 2, "post": 3}
CHANNELS = {code: channel for channel, code in CHANNEL_CODES.items()}
UNIT_LABELS = {"working_days": "Ngày làm việc", "days": "Ngày", "hours": "Giờ", "months": "Tháng"}
LEVEL_LABELS = {code: label.capitalize() for label, code in LEVELS.items()}
_STEPS_CUTOFF = re.compile(r"sau 15 giờ|sau 15h|sau 15:00", re.IGNORECASE)


def _list(value: object) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _number(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


def _amount(value: object) -> int | None:
    text = re.sub(r"[.,\s]", "", str(value if value is not None else ""))
    return int(text) if text.isdigit() else None


def parse_thu_tuc(result: dict) -> ParsedRecord:
    """The catalog's reading of one ``LayThuTuc`` result. Fields the national answer does not
    carry (the procedure's type, the publishing decision…) are left empty for the caller."""
    fields = _list(result.get("LINHVUCTHUCHIEN"))
    record = ParsedRecord(
        code=clean(result.get("MATTHC")),
        name=clean(result.get("TENTTHC")),
        levels=[],
        field=clean(fields[0].get("TENLINHVUC")) if fields else "",
        procedure_type="",
        subjects=clean(result.get("DOITUONGTHUCHIEN")),
        decision="",
    )
    if not record.name:
        record.flag("name_missing")
    # CAPTHUCHIEN (levels, comma-separated) is not in every adapter's answer (⚠).
    for part in clean(result.get("CAPTHUCHIEN")).split(","):
        level = LEVELS.get(part.strip().lower())
        if level:
            record.levels.append(level)
        elif part.strip():
            record.flag(f"level_unknown:{part.strip()}")
    for way in _list(result.get("CACHTHUCTHUCHIEN")):
        channel = CHANNELS.get(_amount(way.get("KENH")) or 0)
        if channel is None:
            record.flag(f"channel_unknown:{way.get('KENH')}")
            continue
        for time in _list(way.get("THOIGIAN")):
            value = _number(time.get("THOIGIANGIAIQUYET"))
            label = clean(time.get("DONVITINH"))
            unit = UNITS.get(label.lower()) if label else None
            text = f"{time.get('THOIGIANGIAIQUYET')} {label}".strip() if value is not None else ""
            description = clean(time.get("MOTA"))
            if value is None:
                text = clean(time.get("THOIGIANGIAIQUYET")) or description
                record.flag(f"time_not_a_number:{channel}")
            record.time_limits.append(TimeLimit(channel, value, unit, text, description))
            for fee in _list(time.get("PHILEPHI")):
                currency = clean(fee.get("DONVI"))
                amount = _amount(fee.get("SOTIEN")) if currency in ("", "VND", "VNĐ") else None
                record.fees.append(
                    Fee(
                        channel,
                        amount,
                        "VND" if currency == "VNĐ" else currency,
                        clean(fee.get("MOTA")),
                    )
                )
    if not record.time_limits:
        record.flag("time_limits_missing")
    for case in _list(result.get("THANHPHANHOSO")):
        group = clean(case.get("TRUONGHOP"))
        for paper in _list(case.get("GIAYTO")):
            name = clean(paper.get("TENGIAYTO"))
            if not name:
                continue
            record.documents.append(
                Document(
                    group=group,
                    name=name,
                    # The counts are not in every adapter's answer (⚠): one original by default.
                    originals=_amount(paper.get("SOBANCHINH")) or 0,
                    copies=_amount(paper.get("SOBANSAO")) or 0,
                    required="nếu có" not in name.lower(),
                    form_name=clean(paper.get("TENMAUDON")),
                )
            )
    record.legal_basis = [
        {"title": clean(row.get("TENVANBAN")), "code": clean(row.get("SOVANBAN"))}
        for row in _list(result.get("CANCUPHAPLY"))
        if clean(row.get("TENVANBAN")) or clean(row.get("SOVANBAN"))
    ]
    if record.legal_basis:
        record.texts["legal_basis_text"] = "\n".join(row["title"] for row in record.legal_basis)
    steps = "\n".join(
        clean(step.get("TENTRINHTU"))
        for case in _list(result.get("TRINHTUTHUCHIEN"))
        for step in _list(case.get("TRINHTU"))
        if clean(step.get("TENTRINHTU"))
    )
    results = "\n".join(
        clean(row.get("TENKETQUA"))
        for row in _list(result.get("KETQUATHUCHIEN"))
        if clean(row.get("TENKETQUA"))
    )
    for target, content in [
        ("steps", steps),
        ("result", results),
        ("conditions", clean(result.get("YEUCAU"))),
        ("implementing_agency", clean(result.get("COQUANTHUCHIEN"))),
    ]:
        if content:
            record.texts[target] = content
    if _STEPS_CUTOFF.search(steps):
        record.texts["cutoff"] = "15:00"
    return record


def thu_tuc(raw: dict, *, state: str = "1") -> dict:
    """A crawled national record (the reference data's shape) as ``LayThuTuc`` answers it."""
    parsed = parse_record(raw)
    ways: dict[str, list[dict]] = {}
    for index, limit in enumerate(parsed.time_limits):
        fee = parsed.fees[index] if index < len(parsed.fees) else None
        ways.setdefault(limit.channel, []).append(
            {
                "THOIGIANGIAIQUYET": str(limit.value) if limit.value is not None else limit.text,
                "DONVITINH": UNIT_LABELS.get(limit.unit or "", ""),
                "MOTA": limit.description,
                "PHILEPHI": [
                    {
                        "MAPHILEPHI": "",
                        "SOTIEN": fee.amount if fee.amount is not None else "",
                        "DONVI": fee.currency,
                        "MOTA": fee.text,
                    }
                ]
                if fee is not None
                else [],
            }
        )
    cases: dict[str, list[dict]] = {}
    for document in parsed.documents:
        cases.setdefault(document.group, []).append(
            {
                "MAGIAYTO": "",
                "TENGIAYTO": document.name,
                "TENMAUDON": document.form_name,
                "URL": "",
                "SOBANCHINH": document.originals,
                "SOBANSAO": document.copies,
            }
        )
    texts = parsed.texts
    return {
        "MATTHC": parsed.code,
        "TENTTHC": parsed.name,
        "TRANGTHAI": state,
        "MACOQUANCONGBO": "",
        "CAPTHUCHIEN": ", ".join(LEVEL_LABELS[level] for level in parsed.levels),
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "", "TENLINHVUC": parsed.field}],
        "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": texts.get("steps", "")}]}],
        "CACHTHUCTHUCHIEN": [
            {"KENH": CHANNEL_CODES[channel], "THOIGIAN": times} for channel, times in ways.items()
        ],
        "THANHPHANHOSO": [
            {"TRUONGHOP": group, "GIAYTO": papers} for group, papers in cases.items()
        ],
        "DOITUONGTHUCHIEN": parsed.subjects,
        "COQUANTHUCHIEN": texts.get("implementing_agency", ""),
        "KETQUATHUCHIEN": [{"MAKETQUA": "", "TENKETQUA": texts.get("result", "")}],
        "CANCUPHAPLY": [
            {"SOVANBAN": row["code"], "TENVANBAN": row["title"]} for row in parsed.legal_basis
        ],
        "YEUCAU": texts.get("conditions", ""),
    }
