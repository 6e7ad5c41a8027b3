"""A publication decision as the document the chairman signs: DOCX (python-docx) and PDF
(WeasyPrint), in the national administrative-document layout (Decree 30/2020/NĐ-CP, Annex I:
A4, Times New Roman, the issuing body and number on the left, the national motto on the right,
place and date, the title, grounds, articles, recipients and the signature block), with the
annex as tables a province's office would type — and that ``decision_reader`` reads back into
the same draft."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.loader import render_to_string
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from weasyprint import HTML

from motcua.agencies.models import Agency
from motcua.catalog.models import Channel, DecisionItem, PublicationDecision, TimeLimit
from motcua.core.docx import national_document
from motcua.core.text import fold

FONT = "Times New Roman"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SECTION_TITLES = {
    "new": "Danh mục thủ tục hành chính ban hành mới",
    "amended": "Danh mục thủ tục hành chính được sửa đổi, bổ sung",
    "replaced": "Danh mục thủ tục hành chính được thay thế",
    "abolished": "Danh mục thủ tục hành chính bị bãi bỏ",
    "standardized": "Danh mục thủ tục hành chính được chuẩn hóa",
}
CONTENT_COLUMNS = [
    "STT",
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Thời hạn giải quyết",
    "Địa điểm thực hiện",
    "Cách thức thực hiện",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Ghi chú",
]
REPLACED_COLUMNS = ["STT", "Mã TTHC", "Tên thủ tục hành chính", "Mã TTHC thay thế", "Ghi chú"]
ABOLISHED_COLUMNS = [
    "STT",
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Văn bản quy định việc bãi bỏ",
]
LEVEL_WORDS = {
    ",province,": "Cấp tỉnh",
    ",commune,": "Cấp xã",
    ",province,commune,": "Áp dụng chung cấp tỉnh, cấp xã",
    ",commune,province,": "Áp dụng chung cấp tỉnh, cấp xã",
}
WAY_WORDS: dict[str, str] = {
    Channel.DIRECT: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Qua dịch vụ bưu chính công ích",
}
UNIT_WORDS: dict[str, str] = {
    TimeLimit.Unit.WORKING_DAYS: "ngày làm việc",
    TimeLimit.Unit.DAYS: "ngày",
    TimeLimit.Unit.HOURS: "giờ",
    TimeLimit.Unit.MONTHS: "tháng",
}
# One sentence per follow-up duty, worded so that the reader finds its kind again.
DUTY_SENTENCES = {
    "publish": "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh đăng nhập, công khai các thủ "
    "tục hành chính được công bố tại Quyết định này trên Cơ sở dữ liệu quốc gia về thủ tục hành "
    "chính",
    "sync": "Văn phòng Ủy ban nhân dân tỉnh đồng bộ dữ liệu các thủ tục hành chính về Hệ thống "
    "thông tin giải quyết thủ tục hành chính của tỉnh",
    "configure": "Sở Khoa học và Công nghệ thiết lập, cấu hình quy trình điện tử giải quyết thủ "
    "tục hành chính trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
    "internal_process": "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh xây dựng quy trình "
    "nội bộ giải quyết thủ tục hành chính, trình Chủ tịch Ủy ban nhân dân tỉnh phê duyệt",
    "online": "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh tích hợp, cung cấp dịch vụ "
    "công trực tuyến trên Cổng Dịch vụ công quốc gia",
}
DEFAULT_GROUNDS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ "
    "tục hành chính; Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ sửa đổi, "
    "bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính;",
    "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ "
    "tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ "
    "công quốc gia;",
    "Căn cứ Thông tư số 02/2017/TT-VPCP ngày 31 tháng 10 năm 2017 của Bộ trưởng, Chủ nhiệm Văn "
    "phòng Chính phủ hướng dẫn nghiệp vụ về kiểm soát thủ tục hành chính;",
]
DEFAULT_RECIPIENTS = [
    "Như Điều 4;",
    "Cục Kiểm soát thủ tục hành chính - Văn phòng Chính phủ;",
    "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "Trung tâm Phục vụ hành chính công tỉnh;",
    "Lưu: VT.",
]


@dataclass
class Section:
    action: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class ProcessTable:
    heading: str
    rows: list[list[str]]  # step no., work, unit, time ("" inside a shared budget but its first)
    shared: list[tuple[int, int, str]]  # (first, last, time) of each shared budget
    total: str


PROCESS_COLUMNS = [
    "Thứ tự công việc",
    "Nội dung công việc",
    "Đơn vị thực hiện",
    "Thời gian thực hiện",
]


def _days_words(value: str | None, unit: str = "ngày làm việc") -> str:
    if value is None:
        return ""
    number = value.replace(".", ",")
    return f"{number.zfill(2) if number.isdigit() else number} {unit}"


def process_tables(decision: PublicationDecision) -> list[ProcessTable]:
    names = {
        item.procedure.code: item.version.name
        for item in decision.items.select_related("procedure", "version")
        if item.version is not None
    }
    tables = []
    for number, entry in enumerate(decision.processes, start=1):
        name = names.get(entry["code"], "")
        rows = []
        inside = {}
        for seg in entry["segments"]:
            for order in range(seg["first"], seg["last"] + 1):
                inside[order] = seg
        for order, step in enumerate(entry["steps"], start=1):
            if order in inside:
                time = _days_words(inside[order]["days"])
            elif not step.get("counted", True):
                time = "Không tính thời gian"
            elif step.get("hours") is not None:
                time = _days_words(step["hours"], "giờ")
            else:
                time = _days_words(step.get("days"))
            rows.append([f"Bước {order}", step.get("action", ""), step.get("actor", ""), time])
        total = entry.get("total")
        tables.append(
            ProcessTable(
                heading=f"{number}. {name} (Mã: {entry['code']})",
                rows=rows,
                shared=[
                    (seg["first"], seg["last"], _days_words(seg["days"]))
                    for seg in entry["segments"]
                ],
                total=_days_words(total) if total else "",
            )
        )
    return tables


@dataclass
class Text:
    """Everything the document prints, computed once for DOCX and PDF alike."""

    authority: str
    number: str
    place_date: str
    title: str
    chairman: str
    grounds: list[str]
    articles: list[tuple[str, list[str]]]
    recipients: list[str]
    signer_title: list[str]
    signer: str
    annex_title: str
    annex_note: str
    sections: list[Section]
    processes: list[ProcessTable] = field(default_factory=list)


def _date_words(day: dt.date | None) -> str:
    if day is None:
        return "ngày      tháng      năm"
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _authority(decision: PublicationDecision) -> str:
    if decision.authority:
        return decision.authority
    issuer = decision.issuer or (
        Agency.objects.filter(level=Agency.Level.PROVINCE).order_by("-valid_from").first()
    )
    return issuer.name.upper() if issuer is not None else "ỦY BAN NHÂN DÂN TỈNH"


def _place(decision: PublicationDecision, authority: str) -> str:
    if decision.place:
        return decision.place
    if "TỈNH" in authority:
        return authority.split("TỈNH", 1)[1].strip().title()
    return "…"


def _limits(item: DecisionItem) -> tuple[str, str]:
    version = item.version
    if version is None:
        return "", ""
    limits = list(version.time_limits.all())
    # A text longer than its field is whole in the description (catalog.services.documents).
    texts = list(
        dict.fromkeys(
            t.description if t.text and t.description.startswith(t.text) else t.text
            for t in limits
            if t.text
        )
    )
    if not texts:
        texts = list(
            dict.fromkeys(
                f"{t.value.normalize():f} {UNIT_WORDS.get(t.unit, '')}".strip()
                for t in limits
                if t.value is not None
            )
        )
    ways = list(dict.fromkeys(WAY_WORDS[t.channel] for t in limits if t.channel in WAY_WORDS))
    return "\n".join(texts), "\n".join(f"- {w}." for w in ways)


def _content_row(index: int, item: DecisionItem) -> list[str]:
    version = item.version
    limits, ways = _limits(item)
    fees = "\n".join(dict.fromkeys(f.text for f in version.fees.all() if f.text)) if version else ""
    return [
        str(index),
        item.procedure.code,
        version.name if version else "",
        version.field.name if version and version.field else "",
        LEVEL_WORDS.get(version.levels, "") if version else "",
        limits,
        version.receiving_address if version else "",
        ways,
        fees,
        version.legal_basis_text if version else "",
        (version.change_note if version else "") or item.note,
    ]


def _current_name(item: DecisionItem) -> tuple[str, str]:
    version = item.procedure.versions.order_by("-number").first()
    if version is None:
        return "", ""
    return version.name, version.field.name if version.field else ""


def _pending_row(index: int, row: dict, columns: list[str]) -> list[str]:
    data = row.get("row", {})
    by_heading = {
        "Tên thủ tục hành chính": row.get("name", ""),
        "Lĩnh vực": data.get("field", ""),
        "Thời hạn giải quyết": data.get("time_limit", ""),
        "Địa điểm thực hiện": data.get("place", ""),
        "Cách thức thực hiện": data.get("ways", ""),
        "Phí, lệ phí": data.get("fee", ""),
        "Căn cứ pháp lý": data.get("legal_basis", ""),
        "Ghi chú": data.get("note", ""),
        "Văn bản quy định việc bãi bỏ": data.get("abolished_by", ""),
        "Mã TTHC": row.get("code", ""),
    }
    return [str(index) if c == "STT" else by_heading.get(c, "") for c in columns]


def sections_of(decision: PublicationDecision) -> list[Section]:
    items = decision.items.select_related(
        "procedure", "successor", "version__field"
    ).prefetch_related("version__time_limits", "version__fees")
    by_action: dict[str, list] = {action: [] for action in SECTION_TITLES}
    for item in items:
        by_action[item.action].append(item)
    pending: dict[str, list[dict]] = {action: [] for action in SECTION_TITLES}
    for row in decision.unresolved:
        pending.setdefault(row.get("action") or "new", []).append(row)
    sections = []
    for action, title in SECTION_TITLES.items():
        if not by_action[action] and not pending.get(action):
            continue
        columns = {"replaced": REPLACED_COLUMNS, "abolished": ABOLISHED_COLUMNS}.get(
            action, CONTENT_COLUMNS
        )
        section = Section(action, title, columns)
        for item in by_action[action]:
            index = len(section.rows) + 1
            if action == "abolished":
                name, field_name = _current_name(item)
                section.rows.append([str(index), item.procedure.code, name, field_name, item.note])
            elif action == "replaced":
                name, _field = _current_name(item)
                section.rows.append(
                    [
                        str(index),
                        item.procedure.code,
                        name,
                        item.successor.code if item.successor else "",
                        item.note,
                    ]
                )
            else:
                section.rows.append(_content_row(index, item))
        for row in pending.get(action, []):
            section.rows.append(_pending_row(len(section.rows) + 1, row, columns))
        sections.append(section)
    return sections


def _duty_paragraphs(decision: PublicationDecision) -> list[str]:
    duties = decision.follow_up or [
        {"kind": kind, "days": None, "unit": ""}
        for kind in ("sync", "configure", "internal_process", "online")
    ]
    paragraphs = []
    for number, duty in enumerate((d for d in duties if d.get("kind") in DUTY_SENTENCES), start=1):
        sentence = DUTY_SENTENCES[duty["kind"]]
        if duty.get("days"):
            unit = "ngày làm việc" if duty.get("unit") != "days" else "ngày"
            sentence += f" trong thời hạn {duty['days']:02d} {unit} kể từ ngày ký"
        paragraphs.append(f"{number}. {sentence}.")
    return paragraphs


def text_of(decision: PublicationDecision) -> Text:
    authority = _authority(decision)
    place = _place(decision, authority)
    day = decision.dated_on or decision.signed_on
    sections = sections_of(decision)
    counts = {s.action: len(s.rows) for s in sections}
    words = ", ".join(
        f"{counts[s.action]:02d} thủ tục {s.title.split('hành chính ', 1)[-1]}" for s in sections
    )
    subject = decision.title or (
        "Về việc công bố danh mục thủ tục hành chính "
        + ", ".join(s.title.split("hành chính ", 1)[-1] for s in sections)
    )
    effective = decision.effective_from
    if effective is None or effective == day:
        effect = "Quyết định này có hiệu lực thi hành kể từ ngày ký."
    else:
        effect = f"Quyết định này có hiệu lực thi hành từ {_date_words(effective)}."
    chairman = "CHỦ TỊCH " + authority if authority.startswith("ỦY BAN") else authority
    return Text(
        authority=authority,
        number=decision.number,
        place_date=f"{place}, {_date_words(day)}",
        title=subject,
        chairman=chairman,
        grounds=[g for g in decision.legal_basis.splitlines() if g.strip()] or DEFAULT_GROUNDS,
        articles=[
            (
                "Điều 1.",
                [
                    "Công bố kèm theo Quyết định này Danh mục thủ tục hành chính "
                    f"({words}) (có Phụ lục kèm theo)."
                ],
            ),
            ("Điều 2.", [effect]),
            ("Điều 3. Tổ chức thực hiện", _duty_paragraphs(decision)),
            (
                "Điều 4.",
                [
                    "Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các sở, ban, ngành tỉnh; "
                    "Chủ tịch Ủy ban nhân dân các xã, phường và các tổ chức, cá nhân có liên quan "
                    "chịu trách nhiệm thi hành Quyết định này./."
                ],
            ),
        ],
        recipients=[r for r in decision.recipients.splitlines() if r.strip()] or DEFAULT_RECIPIENTS,
        signer_title=(decision.signer_title or "CHỦ TỊCH").splitlines(),
        signer=decision.signer,
        annex_title="DANH MỤC THỦ TỤC HÀNH CHÍNH",
        annex_note=(
            f"(Kèm theo Quyết định số {decision.number} {_date_words(day)} của Chủ tịch Ủy ban "
            "nhân dân tỉnh)"
        ),
        sections=sections,
        processes=process_tables(decision),
    )


# --- DOCX ------------------------------------------------------------------------------------


def _run(paragraph, text: str, *, bold=False, italic=False, size=14):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name, run.font.size = FONT, Pt(size)
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _lines(cell, lines: list[str], *, bold=False, italic=False, size=13, center=True) -> None:
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, line, bold=bold, italic=italic, size=size)


def _para(document, text: str, *, bold=False, italic=False, size=14, align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def decision_docx(decision: PublicationDecision) -> bytes:
    text = text_of(decision)
    document = national_document()

    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    authority_lines = text.authority.replace(" TỈNH ", "\nTỈNH ").splitlines()
    _lines(header.cell(0, 0), [*authority_lines, "-------"], bold=True)
    _lines(
        header.cell(0, 1),
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------"],
        bold=True,
    )
    _lines(header.cell(1, 0), [f"Số: {text.number}"])
    _lines(header.cell(1, 1), [text.place_date], italic=True, size=14)

    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, "QUYẾT ĐỊNH", bold=True, align=center)
    _para(document, text.title, bold=True, align=center)
    _para(document, text.chairman, bold=True, align=center)
    for ground in text.grounds:
        _para(document, ground, italic=True)
    _para(document, "QUYẾT ĐỊNH:", bold=True, align=center)
    for heading, paragraphs in text.articles:
        if len(paragraphs) == 1 and heading.endswith("."):
            paragraph = _para(document, "")
            _run(paragraph, heading + " ", bold=True)
            _run(paragraph, paragraphs[0])
            continue
        _para(document, heading, bold=True)
        for line in paragraphs:
            _para(document, line)

    footer = document.add_table(rows=1, cols=2)
    left = footer.cell(0, 0)
    _lines(left, ["Nơi nhận:"], bold=True, italic=True, size=12, center=False)
    for recipient in text.recipients:
        _run(left.add_paragraph(), f"- {recipient}", size=11)
    _lines(footer.cell(0, 1), [*text.signer_title, "", "", "", text.signer], bold=True)

    page = document.add_paragraph()
    page.add_run().add_break(WD_BREAK.PAGE)
    _para(document, "PHỤ LỤC", bold=True, align=center)
    _para(document, text.annex_title, bold=True, align=center)
    _para(document, text.annex_note, italic=True, align=center)
    for number, part in enumerate(text.sections, start=1):
        _para(document, f"{number}. {part.title}", bold=True, indent=False)
        table = document.add_table(rows=1, cols=len(part.columns))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, part.columns, strict=True):
            _lines(cell, [heading], bold=True, size=11)
        for row in part.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                _lines(cell, value.splitlines() or [""], size=11, center=False)
    if text.processes:
        page = document.add_paragraph()
        page.add_run().add_break(WD_BREAK.PAGE)
        _para(document, "PHỤ LỤC II", bold=True, align=center)
        _para(document, "QUY TRÌNH NỘI BỘ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", bold=True, align=center)
        _para(document, text.annex_note, italic=True, align=center)
    for process in text.processes:
        _para(document, process.heading, bold=True, indent=False)
        table = document.add_table(rows=1, cols=len(PROCESS_COLUMNS))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, PROCESS_COLUMNS, strict=True):
            _lines(cell, [heading], bold=True, size=11)
        for row in process.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                _lines(cell, [value], size=11, center=False)
        for first, last, time in process.shared:
            # One cell for the stretch's budget, as offices type it.
            merged = table.cell(first, 3).merge(table.cell(last, 3))
            for paragraph in merged.paragraphs[1:]:
                paragraph._element.getparent().remove(paragraph._element)
            merged.paragraphs[0].text = ""
            _run(merged.paragraphs[0], time, size=11)
        if process.total:
            cells = table.add_row().cells
            label = cells[0].merge(cells[2])
            for paragraph in label.paragraphs[1:]:
                paragraph._element.getparent().remove(paragraph._element)
            _run(label.paragraphs[0], "Tổng thời gian giải quyết", bold=True, size=11)
            _lines(cells[3], [process.total], bold=True, size=11, center=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def decision_pdf(decision: PublicationDecision) -> bytes:
    html = render_to_string("catalog/decision_document.html", {"text": text_of(decision)})
    return HTML(string=html).write_pdf()


def document_response(decision: PublicationDecision, fmt: str) -> HttpResponse:
    """The decision as a DOCX or PDF download, named after its number (ASCII: some mail
    clients and proxies mangle other names)."""
    safe = re.sub(r"[^a-z0-9]+", "-", fold(decision.number)).strip("-")
    if fmt == "pdf":
        response = HttpResponse(decision_pdf(decision), content_type="application/pdf")
    else:
        response = HttpResponse(decision_docx(decision), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-{safe}.{fmt}"'
    return response
