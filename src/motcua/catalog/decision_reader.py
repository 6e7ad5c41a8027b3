"""Reading a publication decision from its document (DOCX, or a PDF with a text layer).

Pure: bytes in, a ``ReadDecision`` out, no database. Provinces sign these decisions as Word files
whose annexes are tables; their columns vary from province to province, so columns are found by
their headings, never by position. Sections (kind of change, level, field) come either as
headings before a table or as rows merged across it. What cannot be read is kept, with a
problem naming its row, never dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from pdfminer.high_level import extract_text

from motcua.core.errors import DomainError
from motcua.core.text import fold, nfc

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# A national code as decisions print it: "1.012507", "1.001122.000.00.00.H48", "3.000527.H61",
# sometimes broken by a space or a line break ("1.0125 07").
_CODE = re.compile(
    r"(?<![\d.])(?P<head>[1-9])\s*\.\s*(?P<digits>(?:\d\s*){5}\d)"
    r"(?:\s*\.\s*0\s*0\s*0\s*\.\s*0\s*0\s*\.\s*0\s*0)?"
    r"(?:\s*\.\s*(?P<suffix>H\s*\d\s*\d))?(?![\d])"
)
_NUMBER = re.compile(r"Số\s*:?\s*(?P<number>\d+\s*/\s*[A-ZĐ0-9]+(?:\s*-\s*[A-ZĐ0-9.]+)*)")
_PLACE_DATE = re.compile(
    r"(?P<place>[^,\n]+?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_DATE_WORDS = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
_DATE_SLASH = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
_MINISTRY_DECISION = re.compile(r"(?:Quyết định|[Ss]ố)\s+(?:số\s+)?(?P<n>\d+/QĐ-B[A-ZĐ]+)")
_NUMBER_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười lăm": 15,
    "hai mươi": 20,
    "ba mươi": 30,
}
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_WITHIN = re.compile(
    rf"(?:trong|trong vòng|trong thời hạn|chậm nhất|tối đa)\s+(?:(?P<n>\d+)|(?P<w>{_WORDS}))"
    r"\s*(?:\([^)]*\)\s*)?ngày(?P<working>\s+làm\s+việc)?",
    re.IGNORECASE,
)

# Kinds of change, as section headings and annex titles spell them (folded).
ACTIONS = (
    ("bai bo", "abolished"),
    ("thay the", "replaced"),
    ("sua doi, bo sung", "amended"),
    ("sua doi bo sung", "amended"),
    ("duoc sua doi", "amended"),
    ("ban hanh moi", "new"),
    ("moi ban hanh", "new"),
    ("chuan hoa", "standardized"),
)
LEVELS = (
    ("ap dung chung", "common"),
    ("cap tinh", "province"),
    ("cap xa", "commune"),
    ("cap huyen", "district"),
)

# What the articles oblige agencies to do: (kind, folded phrases any of which names it).
DUTIES = (
    ("publish", ("co so du lieu quoc gia",)),
    ("sync", ("dong bo",)),
    ("configure", ("quy trinh dien tu", "tin hoc hoa quy trinh", "cau hinh quy trinh")),
    (
        "internal_process",
        ("xay dung quy trinh noi bo", "du thao quy trinh noi bo", "trinh phe duyet quy trinh"),
    ),
    ("online", ("tich hop",)),
)


@dataclass
class Row:
    """One procedure row of an annex, as printed."""

    order: int
    table: int
    line: int
    action: str = ""  # new, amended, replaced, abolished, standardized; "" when not stated
    level: str = ""
    field: str = ""
    code: str = ""  # the national code, "1.012507"
    suffix: str = ""  # the province suffix when printed, "H48"
    printed_code: str = ""
    name: str = ""
    time_limit: str = ""
    place: str = ""
    ways: str = ""
    fee: str = ""
    legal_basis: str = ""
    abolished_by: str = ""
    successor: str = ""
    agency: str = ""
    note: str = ""


@dataclass
class Step:
    order: int
    action: str
    actor: str
    days: Decimal | None = None
    hours: Decimal | None = None
    counted: bool = True
    time_text: str = ""
    segment: int | None = None  # index into Process.segments


@dataclass
class Segment:
    """Steps that share one time budget (an inter-agency stretch: "07 ngày làm việc" for the
    provincial office's steps 6–13 together)."""

    first: int
    last: int
    days: Decimal | None
    actor: str = ""
    text: str = ""


@dataclass
class Process:
    heading: str
    code: str = ""
    steps: list[Step] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    total_text: str = ""
    total_days: Decimal | None = None


@dataclass
class Duty:
    kind: str
    days: int | None
    unit: str  # "working_days", "days" or "" when the text gives no time
    text: str


@dataclass
class Problem:
    message: str
    code: str
    row: int | None = None  # Row.order


@dataclass
class ReadDecision:
    number: str = ""
    date: dt.date | None = None
    place: str = ""
    authority: str = ""
    title: str = ""
    signer: str = ""
    signer_title: str = ""
    grounds: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    effective_text: str = ""
    effective_on: dt.date | None = None
    ministry_decisions: list[str] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "amended": 0, "replaced": 0, "abolished": 0}
        for row in self.rows:
            if row.action in counts:
                counts[row.action] += 1
        return counts

    def as_dict(self) -> dict:
        return asdict(self)


# --- the document as blocks ------------------------------------------------------------------


@dataclass
class Cell:
    text: str
    key: object  # the same object for the cells of one merged area
    span: int = 1
    continued: bool = False  # the lower part of a vertically merged area


@dataclass
class Table:
    rows: list[list[Cell]]


Block = str | Table


def _unreadable() -> DomainError:
    return DomainError(
        _("The file is not a readable decision document (DOCX, or PDF with a text layer)."),
        code="decision_document_unreadable",
        fields={"file": [_("Upload a .docx file or a PDF with text.")]},
    )


def _check_archive(data: bytes) -> None:
    limit = settings.XLSX_MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise _unreadable() from None
    if len(entries) > 1000 or sum(e.file_size for e in entries) > limit:
        message = _("The document unpacks to more than %(mb)s MB.") % {
            "mb": settings.XLSX_MAX_UNPACKED_MB
        }
        raise DomainError(message, code="file_too_large", fields={"file": [message]})


def _cell_text(tc) -> str:
    lines = []
    for p in tc.iter():
        if p.tag.endswith("}p"):
            text = "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(nfc(text))
    return "\n".join(lines)


def _docx_blocks(data: bytes) -> list[Block]:
    _check_archive(data)
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for what is not a Word document
        raise _unreadable() from None
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = nfc("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
            if text:
                blocks.append(text)
        elif tag == "tbl":
            blocks.append(_docx_table(child))
    return blocks


def _docx_table(tbl) -> Table:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}
    for tr in (c for c in tbl.iterchildren() if c.tag.endswith("}tr")):
        row: list[Cell] = []
        column = 0
        for tc in (c for c in tr.iterchildren() if c.tag.endswith("}tc")):
            props = tc.find("{*}tcPr")
            span, merge = 1, None
            if props is not None:
                grid = props.find("{*}gridSpan")
                if grid is not None:
                    span = int(grid.get(grid.keys()[0]) or 1) if grid.keys() else 1
                vmerge = props.find("{*}vMerge")
                if vmerge is not None:
                    merge = vmerge.get(vmerge.keys()[0]) if vmerge.keys() else "continue"
            if merge == "continue" and column in above:
                origin = above[column]
                cell = Cell(origin.text, origin.key, span, continued=True)
            else:
                cell = Cell(_cell_text(tc), tc, span)
            row.append(cell)
            for covered in range(column, column + span):
                above[covered] = cell
            column += span
        rows.append(row)
    return Table(rows)


def _pdf_blocks(data: bytes) -> list[Block]:
    try:
        text = extract_text(io.BytesIO(data))
    except Exception:  # pdfminer raises many kinds for damaged files
        raise _unreadable() from None
    lines = [nfc(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise DomainError(
            _("The PDF has no text layer: scan it with text recognition first."),
            code="decision_document_no_text",
            fields={"file": [_("No text.")]},
        )
    return list(lines)


def blocks_of(data: bytes, filename: str = "") -> list[Block]:
    """The document's paragraphs and tables, in reading order."""
    if data[:4] == b"%PDF":
        return _pdf_blocks(data)
    if data[:2] == b"PK":
        return _docx_blocks(data)
    raise _unreadable()


# --- small readers ---------------------------------------------------------------------------


def national_code(text: str) -> tuple[str, str]:
    """The national code in ``text`` and its province suffix: ("1.001122", "H48")."""
    found = _CODE.search(text or "")
    if not found:
        return "", ""
    digits = re.sub(r"\s", "", found.group("digits"))
    suffix = re.sub(r"\s", "", found.group("suffix") or "")
    return f"{found.group('head')}.{digits}", suffix


def _date(match: re.Match | None) -> dt.date | None:
    if match is None:
        return None
    try:
        return dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _action_of(text: str) -> str:
    folded = fold(text)
    for phrase, action in ACTIONS:
        if phrase in folded:
            return action
    return ""


def _actions_in(text: str) -> set[str]:
    folded = fold(text)
    return {action for phrase, action in ACTIONS if phrase in folded}


def _level_of(text: str) -> str:
    folded = fold(text)
    for phrase, level in LEVELS:
        if phrase in folded:
            return level
    return ""


def _field_of(text: str) -> str:
    """The field a heading or title names: "… LĨNH VỰC ĐẤU THẦU THUỘC …" -> "Đấu thầu"."""
    found = re.search(
        r"lĩnh vực\s*:?\s*(?P<f>.+?)(?:\s+thuộc\b|\s+của\b|\s*\(|$)", text, re.IGNORECASE
    )
    if not found:
        return ""
    name = found.group("f").strip(" .;:")
    return name[:1].upper() + name[1:].lower() if name.isupper() else name


def _days_of(text: str) -> tuple[int | None, str]:
    found = _WITHIN.search(text)
    if not found:
        return None, ""
    days = int(found.group("n")) if found.group("n") else _NUMBER_WORDS[found.group("w").lower()]
    return days, "working_days" if found.group("working") else "days"


def duties_in(articles: list[str]) -> list[Duty]:
    """Follow-up duties, each kind once, with the days the text gives (None when it gives none)."""
    duties: dict[str, Duty] = {}
    for paragraph in articles:
        for clause in re.split(r"(?<=[;.])\s+(?=[A-ZĐ\d\-–+])", paragraph):
            folded = fold(clause)
            for kind, phrases in DUTIES:
                if kind in duties or not any(p in folded for p in phrases):
                    continue
                if kind == "publish" and not re.search(
                    r"dang nhap|cap nhat|nhap|cong khai|dang tai", folded
                ):
                    continue
                days, unit = _days_of(clause)
                duties[kind] = Duty(kind, days, unit, clause)
    order = [kind for kind, _phrases in DUTIES]
    return sorted(duties.values(), key=lambda d: order.index(d.kind))


_STEP_TIME = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?|\d+/\d+)\s*(?P<unit>ngày làm việc|ngày|giờ làm việc|giờ)",
    re.IGNORECASE,
)


def step_time(text: str) -> tuple[Decimal | None, Decimal | None, bool]:
    """(days, hours, counted) of a step's time cell: "0,25 ngày làm việc", "04 giờ",
    "Không tính thời gian"."""
    folded = fold(text)
    if "khong tinh" in folded or folded == "gio hanh chinh":
        return None, None, False
    found = _STEP_TIME.search(text)
    if not found:
        return None, None, True
    raw = found.group("n").replace(",", ".")
    try:
        if "/" in raw:
            top, bottom = raw.split("/")
            value = Decimal(top) / Decimal(bottom)
        else:
            value = Decimal(raw)
    except (InvalidOperation, ZeroDivisionError):
        return None, None, True
    if fold(found.group("unit")).startswith("gio"):
        return None, value, True
    return value, None, True


# --- columns ---------------------------------------------------------------------------------


def _column_of(heading: str) -> str:
    h = fold(heading)
    if not h:
        return ""
    if h in ("stt", "tt", "so tt") or h.startswith("so thu tu"):
        return "order"
    if h.startswith("ten") and ("bai bo" in h or "vbqppl" in h or "van ban" in h):
        return "abolished_by"
    if h.startswith("ten") and ("thu tuc" in h or "tthc" in h):
        return "name_and_code" if re.search(r"\bma\b", h) else "name"
    if "thay the" in h:
        return "successor"
    if re.search(r"\bma\b", h) or "so ho so" in h or h.startswith("ma"):
        return "code"
    if "thoi han" in h:
        return "time_limit"
    if "dia diem" in h:
        return "place"
    if "cach thuc" in h:
        return "ways"
    if "phi" in h:
        return "fee"
    if "can cu" in h:
        return "legal_basis"
    if "bai bo" in h:
        return "abolished_by"
    if "linh vuc" in h:
        return "field"
    if "cap thuc hien" in h:
        return "level"
    if "co quan" in h:
        return "agency"
    if "ghi chu" in h or "noi dung sua doi" in h:
        return "note"
    return ""


def _texts(row: list[Cell]) -> list[str]:
    """A row's text by grid column: a merged area's text once, at its first column."""
    out: list[str] = []
    for cell in row:
        out.append(cell.text)
        out.extend([""] * (cell.span - 1))
    return out


def _is_header(texts: list[str]) -> bool:
    columns = [_column_of(t) for t in texts]
    return ("name" in columns or "name_and_code" in columns) and len({c for c in columns if c}) >= 2


def _is_process_header(texts: list[str]) -> bool:
    folded = " | ".join(fold(t) for t in texts)
    return ("thoi gian" in folded) and (
        "noi dung cong viec" in folded or "thu tu cong viec" in folded or "buoc" in folded
    )


def _section_text(row: list[Cell], width: int) -> str | None:
    """The text of a row merged across the table (a section heading), else None."""
    distinct = {id(c.key): c.text for c in row if c.text}
    if len(row) == 1 and width > 1:
        return row[0].text
    if len(distinct) == 1 and len(row) > 1 and all(not c.text or c is row[0] for c in row):
        return next(iter(distinct.values()))
    return None


# --- the reader ------------------------------------------------------------------------------


@dataclass
class _Context:
    action: str = ""
    level: str = ""
    field: str = ""


def read(data: bytes, filename: str = "") -> ReadDecision:
    """Everything the document says that a draft decision needs; raises only for a file that
    cannot be read at all."""
    blocks = blocks_of(data, filename)
    decision = ReadDecision()
    if all(isinstance(b, str) for b in blocks):
        _read_lines(decision, [b for b in blocks if isinstance(b, str)])
    else:
        _read_blocks(decision, blocks)
    _finish(decision)
    return decision


def _read_header(decision: ReadDecision, table: Table) -> None:
    for row in table.rows:
        for cell in row:
            if not decision.number and (found := _NUMBER.search(cell.text)):
                decision.number = re.sub(r"\s", "", found.group("number"))
            if not decision.date and (found := _PLACE_DATE.search(cell.text)):
                decision.place = found.group("place").strip()
                decision.date = _date(found)
    first = table.rows[0][0].text.splitlines() if table.rows and table.rows[0] else []
    lines = [line for line in first if not set(line) <= set("-_ ")]
    decision.authority = " ".join(lines)


def _read_signature(decision: ReadDecision, table: Table) -> None:
    for row in table.rows:
        for cell in row:
            lines = [line.strip() for line in cell.text.splitlines() if line.strip()]
            if not lines:
                continue
            if fold(lines[0]).startswith("noi nhan"):
                decision.recipients = [line.lstrip("-– ").strip() for line in lines[1:]]
            elif len(lines) >= 2 and re.search(r"CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG", cell.text):
                decision.signer = lines[-1]
                decision.signer_title = "\n".join(lines[:-1])


def _read_blocks(decision: ReadDecision, blocks: list[Block]) -> None:
    context = _Context()
    part = "head"  # head -> grounds -> articles -> annex
    since_table: list[str] = []  # the paragraphs above a process table name its procedure
    title_lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            if part == "head" and not decision.number:
                _read_header(decision, block)
                continue
            texts = [_texts(r) for r in block.rows]
            if part in ("articles", "grounds") and any(
                fold(r[0].text).startswith("noi nhan") for r in block.rows if r
            ):
                _read_signature(decision, block)
                part = "annex"
                continue
            if texts and any(_is_process_header(t) for t in texts[:2]):
                _read_process(decision, block, " ".join(since_table))
                since_table = []
                continue
            since_table = []
            _read_annex_table(decision, block, context)
            continue
        text = block
        folded = fold(text)
        if part == "head":
            if folded == "quyet dinh":
                continue
            if folded.startswith("chu tich") or folded.startswith("uy ban nhan dan"):
                part = "grounds"
                decision.title = " ".join(title_lines)
                continue
            title_lines.append(text)
            continue
        if part == "grounds":
            if folded.startswith("quyet dinh"):
                part = "articles"
                continue
            decision.grounds.append(text)
            continue
        if part == "articles":
            decision.articles.append(text)
            continue
        # the annexes: titles and section headings set the context of the tables that follow
        annex_title = folded.startswith("quy trinh noi bo") and text.isupper()
        if folded.startswith(("phu luc", "danh muc")) or annex_title:
            context = _Context(field=context.field)
            since_table = []
            continue
        if folded.startswith(("(kem theo", "(ban hanh kem theo")):
            continue
        since_table.append(text)
        actions = _actions_in(text)
        if len(actions) == 1:
            context.action = actions.pop()
        if level := _level_of(text):
            context.level = level
        if field_name := _field_of(text):
            context.field = field_name
    if not decision.title and title_lines:
        decision.title = " ".join(title_lines)


def _annex_title_context(decision: ReadDecision, context: _Context) -> None:
    if not context.field:
        context.field = _field_of(decision.title)


def _read_annex_table(decision: ReadDecision, table: Table, context: _Context) -> None:
    _annex_title_context(decision, context)
    columns: list[str] = []
    width = max((sum(c.span for c in r) for r in table.rows), default=0)
    table_number = len({r.table for r in decision.rows}) + 1
    for line, row in enumerate(table.rows, start=1):
        texts = _texts(row)
        if not any(texts):
            continue
        if not columns:
            if _is_header(texts):
                columns = [_column_of(t) for t in texts]
            continue
        section = _section_text(row, width)
        if section is not None and not national_code(section)[0]:
            actions = _actions_in(section)
            if len(actions) == 1:
                context.action = actions.pop()
            if level := _level_of(section):
                context.level = level
            if (name := _field_of(section)) or (
                not actions and not _level_of(section) and re.match(r"^[IVXA-Z\d]+[.)]", section)
            ):
                context.field = name or re.sub(r"^[IVXA-Z\d]+[.)]\s*", "", section)
            continue
        if fold(texts[0]).startswith("tong"):
            continue
        values = {c: t for c, t in zip(columns, texts, strict=False) if c}
        _add_row(decision, values, context, table_number, line)


def _add_row(
    decision: ReadDecision, values: dict[str, str], context: _Context, table: int, line: int
) -> None:
    name = values.get("name") or values.get("name_and_code", "")
    code_text = values.get("code", "")
    code, suffix = national_code(code_text)
    if not code and "name_and_code" in values:
        code, suffix = national_code(name)
        if code:
            name = nfc(_CODE.sub("", name).replace("()", "").strip(" -–:;,"))
    if not name and not code:
        return
    row = Row(
        order=len(decision.rows) + 1,
        table=table,
        line=line,
        action=context.action,
        level=_level_of(values.get("level", "")) or context.level,
        field=values.get("field") or context.field,
        code=code,
        suffix=suffix,
        printed_code=code_text or (code and name),
        name=nfc(name),
        time_limit=values.get("time_limit", ""),
        place=values.get("place", ""),
        ways=values.get("ways", ""),
        fee=values.get("fee", ""),
        legal_basis=values.get("legal_basis", ""),
        abolished_by=values.get("abolished_by", ""),
        successor=national_code(values.get("successor", ""))[0],
        agency=values.get("agency", ""),
        note=values.get("note", ""),
    )
    if row.action == "abolished" and not row.abolished_by and row.legal_basis:
        row.abolished_by = row.legal_basis
    decision.rows.append(row)


def _read_process(decision: ReadDecision, table: Table, heading: str) -> None:
    code, _suffix = national_code(heading)
    process = Process(heading=heading, code=code)
    columns: dict[str, int] = {}
    for row in table.rows:
        texts = _texts(row)
        if not columns:
            if _is_process_header(texts):
                for index, text in enumerate(texts):
                    h = fold(text)
                    if "thoi gian" in h:
                        columns["time"] = index
                    elif "noi dung" in h:
                        columns["action"] = index
                    elif "don vi" in h or "nguoi thuc hien" in h or "trach nhiem" in h:
                        columns["actor"] = index
                    elif "thu tu" in h or "buoc" in h:
                        columns["order"] = index
            continue
        by_column = {name: texts[i] if i < len(texts) else "" for name, i in columns.items()}
        first = fold(texts[0]) if texts else ""
        if first.startswith("tong"):
            process.total_text = " ".join(t for t in texts[1:] if t) or texts[0]
            found = _STEP_TIME.search(process.total_text or texts[0]) or _STEP_TIME.search(texts[0])
            if found:
                process.total_days = Decimal(found.group("n").replace(",", "."))
            continue
        if not by_column.get("action") and not by_column.get("time"):
            continue
        time_cell = row_cell(row, columns.get("time"))
        days, hours, counted = step_time(by_column.get("time", ""))
        step = Step(
            order=len(process.steps) + 1,
            action=by_column.get("action", ""),
            actor=by_column.get("actor", ""),
            days=days,
            hours=hours,
            counted=counted,
            time_text=by_column.get("time", ""),
        )
        if time_cell is not None and time_cell.continued and process.steps:
            # The time cell is merged down from the step above: one budget for both.
            previous = process.steps[-1]
            if previous.segment is None:
                process.segments.append(
                    Segment(
                        first=previous.order,
                        last=previous.order,
                        days=previous.days
                        if previous.days is not None
                        else (previous.hours / 8 if previous.hours is not None else None),
                        actor=previous.actor,
                        text=previous.time_text,
                    )
                )
                previous.segment = len(process.segments) - 1
                previous.days = previous.hours = None
            step.segment = previous.segment
            step.days = step.hours = None
            process.segments[step.segment].last = step.order
        process.steps.append(step)
    if process.steps:
        decision.processes.append(process)


def row_cell(row: list[Cell], column: int | None) -> Cell | None:
    if column is None:
        return None
    at = 0
    for cell in row:
        if at <= column < at + cell.span:
            return cell
        at += cell.span
    return None


def _read_lines(decision: ReadDecision, lines: list[str]) -> None:
    """A PDF's text: no tables survive, so the annex is read line by line (a row is a line with
    a code; its name is the rest of the line)."""
    text = "\n".join(lines)
    if found := _NUMBER.search(text):
        decision.number = re.sub(r"\s", "", found.group("number"))
    if found := _PLACE_DATE.search(text):
        decision.place, decision.date = found.group("place").strip(), _date(found)
    part, context = "head", _Context()
    for line in lines:
        folded = fold(line)
        if part == "head" and folded.startswith("can cu"):
            part = "grounds"
        if part == "grounds":
            if folded.startswith("quyet dinh") and len(folded) < 15:
                part = "articles"
                continue
            if folded.startswith(("can cu", "xet de nghi", "theo de nghi")) or not decision.grounds:
                decision.grounds.append(line)
            else:
                decision.grounds[-1] += " " + line
            continue
        if part == "articles":
            if folded.startswith("noi nhan"):
                part = "signature"
                continue
            # A PDF breaks sentences into lines: a paragraph starts with "Điều n." or "n. ".
            starts = re.match(r"^(?:Điều\s+\d+|\d+\.\s|[a-zđ]\)\s|[-–+]\s)", line)
            if starts or not decision.articles:
                decision.articles.append(line)
            else:
                decision.articles[-1] += " " + line
            continue
        if part == "signature":
            if folded.startswith("phu luc") or folded.startswith("danh muc"):
                part = "annex"
            elif not line.startswith("-") and not re.search(r"[a-zđ]", line[:1]):
                if re.search(r"CHỦ TỊCH|KT\.|TM\.", line):
                    decision.signer_title = "\n".join(filter(None, [decision.signer_title, line]))
                elif decision.signer_title and not decision.signer:
                    decision.signer = line
            continue
        if part == "annex":
            code, suffix = national_code(line)
            if not code:
                actions = _actions_in(line)
                if len(actions) == 1:
                    context.action = actions.pop()
                context.level = _level_of(line) or context.level
                continue
            name = nfc(re.sub(r"^\s*\d+\s*", "", _CODE.sub("", line, count=1)))
            decision.rows.append(
                Row(
                    order=len(decision.rows) + 1,
                    table=1,
                    line=len(decision.rows) + 1,
                    action=context.action,
                    level=context.level,
                    field=_field_of(decision.title),
                    code=code,
                    suffix=suffix,
                    printed_code=code,
                    name=name,
                )
            )


def _finish(decision: ReadDecision) -> None:
    ground_text = " ".join(decision.grounds)
    decision.ministry_decisions = list(
        dict.fromkeys(m.group("n") for m in _MINISTRY_DECISION.finditer(ground_text))
    )
    for paragraph in decision.articles:
        if "hiệu lực" in paragraph:
            decision.effective_text = paragraph
            folded = fold(paragraph)
            if "ke tu ngay ky" in folded or "tu ngay ky" in folded:
                decision.effective_on = decision.date
            else:
                after = paragraph.split("hiệu lực", 1)[1]
                decision.effective_on = _date(_DATE_WORDS.search(after)) or _date(
                    _DATE_SLASH.search(after)
                )
            break
    decision.duties = duties_in(decision.articles)
    # A decision that states one kind of change for everything (in its title) gives it to rows
    # that no section heading marked.
    title_actions = _actions_in(decision.title)
    if len(title_actions) == 1:
        only = next(iter(title_actions))
        for row in decision.rows:
            row.action = row.action or only
    if not decision.number:
        decision.problems.append(Problem(_("The decision's number was not found."), "no_number"))
    if not decision.date:
        decision.problems.append(Problem(_("The decision's date was not found."), "no_date"))
    if not decision.rows:
        decision.problems.append(
            Problem(_("No procedure was found in the annexes."), "no_procedures")
        )
