"""The periodic administrative-reform report as a document the office edits: DOCX (python-docx)
and PDF (WeasyPrint), in the national administrative-document layout (Decree 30/2020/NĐ-CP: the
issuing body and number on the left, the national motto on the right, place and date, the title,
the body in Times New Roman 14, recipients and the signature block). Every figure comes from
``reform.reform_report``; the sentences around them are a draft, not a blank page."""

from __future__ import annotations

import datetime as dt
import io

from django.template.loader import render_to_string
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from motcua.agencies.models import Agency
from motcua.core import charts
from motcua.core.docx import national_document

FONT = "Times New Roman"


def _number(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}".replace(".", ",") if whole else "–"


def _period_words(report: dict) -> str:
    start = report["period"]["from"]
    end = report["period"]["to"]
    if start.month == 1 and start.day == 1 and end.month == 6 and end.day == 30:
        return f"6 tháng đầu năm {end.year}"
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return f"năm {end.year}"
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def sections(report: dict) -> list[tuple[str, list[str]]]:
    """The body as headed paragraphs; the same text goes to DOCX and PDF."""
    catalog, reviews, plan, dossiers = (
        report["catalog"],
        report["reviews"],
        report["reform"],
        report["dossiers"],
    )
    body: list[tuple[str, list[str]]] = []
    if plan is not None:
        levels = plan["unit_plans"]["by_level"]
        departments = levels.get("department", {"filed": 0, "expected": 0})
        districts = levels.get("district", {"filed": 0, "expected": 0})
        body.append(
            (
                "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
                [
                    f"Ủy ban nhân dân tỉnh ban hành Kế hoạch số {plan['plan']} về cải cách hành "
                    f"chính năm {plan['as_of'].year} với {plan['objectives']} mục tiêu và "
                    f"{plan['tasks']} nhiệm vụ. Tính đến ngày {plan['as_of']:%d/%m/%Y}: "
                    f"{plan['done']} nhiệm vụ đã hoàn thành, {plan['in_progress']} nhiệm vụ đang "
                    f"triển khai, {plan['not_started']} nhiệm vụ chưa triển khai"
                    + (f", {plan['overdue']} nhiệm vụ quá hạn." if plan["overdue"] else "."),
                    f"{departments['filed']}/{departments['expected']} cơ quan chuyên môn thuộc "
                    f"UBND tỉnh và {districts['filed']}/{districts['expected']} UBND cấp huyện đã "
                    "ban hành kế hoạch cải cách hành chính của cơ quan, đơn vị.",
                ],
            )
        )
    body.append(
        (
            "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
            [
                f"1. Công bố thủ tục hành chính: Chủ tịch UBND tỉnh ban hành "
                f"{catalog['decisions']} quyết định công bố danh mục {catalog['procedures']} thủ "
                f"tục hành chính (trong đó: {catalog['new']} thủ tục ban hành mới, "
                f"{catalog['amended_or_replaced']} thủ tục sửa đổi, bổ sung, thay thế, "
                f"{catalog['abolished']} thủ tục bãi bỏ).",
                f"2. Rà soát, đơn giản hóa thủ tục hành chính: rà soát "
                f"{reviews['procedures_reviewed']} thủ tục hành chính, đề xuất "
                f"{reviews['recommendations']} kiến nghị đơn giản hóa; "
                f"{reviews['plans_approved']} phương án đơn giản hóa được phê duyệt; chi phí tuân "
                f"thủ dự kiến giảm từ {_number(reviews['cost_before'])} đồng/năm xuống "
                f"{_number(reviews['cost_after'])} đồng/năm.",
                f"3. Kiểm soát thủ tục hành chính trong dự thảo văn bản: cho ý kiến "
                f"{reviews['drafts']} dự thảo với {reviews['draft_procedures']} thủ tục hành chính.",
                f"4. Kết quả giải quyết hồ sơ: tiếp nhận {_number(dossiers['received'])} hồ sơ "
                f"(trực tuyến {_number(dossiers['received_online'])}, trực tiếp "
                f"{_number(dossiers['received_direct'])}, qua bưu chính "
                f"{_number(dossiers['received_post'])}), kỳ trước chuyển qua "
                f"{_number(dossiers['carried_over'])}; đã giải quyết "
                f"{_number(dossiers['resolved'])} hồ sơ (trước hạn "
                f"{_number(dossiers['resolved_early'])}, đúng hạn "
                f"{_number(dossiers['resolved_on_time'])}, quá hạn "
                f"{_number(dossiers['resolved_late'])}; tỷ lệ đúng hạn "
                f"{_percent(dossiers['resolved'] - dossiers['resolved_late'], dossiers['resolved'])}"
                f"%); đang giải quyết {_number(dossiers['in_progress'])} hồ sơ (quá hạn "
                f"{_number(dossiers['in_progress_overdue'])}).",
                *_indicator_sentence(report.get("indicators")),
            ],
        )
    )
    body.append(
        (
            "III. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG, NHIỆM VỤ",
            [
                "[Dự thảo — cơ quan soạn thảo bổ sung đánh giá ưu điểm, hạn chế, nguyên nhân và "
                "nhiệm vụ trọng tâm kỳ tới.]",
            ],
        )
    )
    return body


def _indicator_sentence(scores: dict | None) -> list[str]:
    if not scores:
        return []
    year, month = scores["month"].split("-")
    groups = "; ".join(
        f"{g['name']} {_points(g['points'])}/{_points(g['max'])}" for g in scores["groups"]
    )
    return [
        f"5. Chỉ số chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg), tháng "
        f"{month}/{year}: toàn tỉnh đạt {_points(scores['total'])}/100 điểm ({groups}); các "
        "chỉ số hệ thống chưa có dữ liệu không được tính điểm."
    ]


def _points(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _trend_png(report: dict) -> bytes | None:
    trend = report.get("trend") or []
    if not trend:
        return None
    return charts.grouped_bars(
        [row["month"] for row in trend],
        {
            "Tiếp nhận": [row["received"] for row in trend],
            "Đã giải quyết": [row["resolved"] for row in trend],
            "Quá hạn": [row["late"] for row in trend],
        },
        title="Hồ sơ theo tháng",
        colors=["#56B4E9", "#009E73", "#D55E00"],
        fmt="png",
    )


def place_of(issuer: Agency | None) -> str:
    """Where the document is signed: the province's name ("Bắc Kạn")."""
    if issuer is not None and "tỉnh" in issuer.name:
        return issuer.name.split("tỉnh")[-1].strip()
    return ""


def _paragraph(document, text: str, *, bold=False, size=14, align=None, italic=False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name, run.font.size = FONT, Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def reform_docx(
    report: dict, *, issuer: Agency | None = None, today: dt.date | None = None
) -> bytes:
    today = today or dt.date.today()
    document = national_document()

    body_name = (issuer.name if issuer else "Ủy ban nhân dân tỉnh").upper()
    place = issuer.name.split("tỉnh")[-1].strip() if issuer and "tỉnh" in issuer.name else ""
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [
        (0, 0, body_name, True, 13),
        (0, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", True, 13),
        (1, 0, "Số:       /BC-UBND", False, 13),
        (
            1,
            1,
            f"{place or '...'}, ngày {today.day} tháng {today.month} năm {today.year}",
            False,
            14,
        ),
    ]
    for row, col, text, bold, size in cells:
        paragraph = header.cell(row, col).paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, (row == 1 and col == 1)
        run.font.name, run.font.size = FONT, Pt(size)

    _paragraph(document, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        f"Kết quả công tác cải cách hành chính {_period_words(report)}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    for heading, paragraphs in sections(report):
        _paragraph(document, heading, bold=True)
        for text in paragraphs:
            paragraph = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            paragraph.paragraph_format.first_line_indent = Mm(10)
    chart = _trend_png(report)
    if chart:
        document.add_picture(io.BytesIO(chart), width=Mm(160))
        _paragraph(
            document,
            "Biểu đồ: hồ sơ theo tháng",
            italic=True,
            size=12,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    footer = document.add_table(rows=1, cols=2)
    left = footer.cell(0, 0).paragraphs[0]
    run = left.add_run("Nơi nhận:\n")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    more = left.add_run("- Văn phòng Chính phủ;\n- Bộ Nội vụ;\n- Lưu: VT.")
    more.font.size = Pt(11)
    right = footer.cell(0, 1).paragraphs[0]
    right.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sign = right.add_run("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    sign.bold, sign.font.size = True, Pt(14)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reform_pdf(
    report: dict, *, issuer: Agency | None = None, today: dt.date | None = None
) -> bytes:
    from weasyprint import HTML

    today = today or dt.date.today()
    chart = None
    trend = report.get("trend") or []
    if trend:
        chart = charts.grouped_bars(
            [row["month"] for row in trend],
            {
                "Tiếp nhận": [row["received"] for row in trend],
                "Đã giải quyết": [row["resolved"] for row in trend],
                "Quá hạn": [row["late"] for row in trend],
            },
            title="Hồ sơ theo tháng",
            colors=["#56B4E9", "#009E73", "#D55E00"],
        )
    html = render_to_string(
        "reports/reform_report.html",
        {
            "issuer": issuer,
            "place": place_of(issuer) or "…",
            "today": today,
            "title": f"Kết quả công tác cải cách hành chính {_period_words(report)}",
            "sections": sections(report),
            "chart": chart,
        },
    )
    return HTML(string=html).write_pdf()
