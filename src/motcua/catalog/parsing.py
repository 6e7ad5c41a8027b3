"""Reading the national portal's procedure records (one JSON object a line), with all their mess.

The portal flattens its tables into run-on text: "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến15 Ngày
làm việcMiễn phí…". Parsing is pure (no database) and never drops anything: what cannot be read is kept
verbatim and flagged for review (``ParsedRecord.flags``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from motcua.core.text import nfc

CODE = re.compile(r"^[1-9]\.\d{6}(\.H\d{2})?$")
NO_INFO = "Không có thông tin"

CHANNELS = {"Trực tiếp": "direct", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}
UNITS = {
    "ngày làm việc": "working_days",
    "ngày": "days",
    "giờ": "hours",
    "giờ làm việc": "hours",
    "tháng": "months",
}
LEVELS = {
    "cấp bộ": "ministry",
    "cấp tỉnh": "province",
    "cấp huyện": "district",
    "cấp xã": "commune",
    "cơ quan khác": "other",
}

_WAYS_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
# A channel starts a row only when its time cell follows with no space ("Trực tuyến15 Ngày",
# "Trực tiếpKhông quy định"): "Trực tuyến qua Cổng…" inside a description does not.
_CHANNEL_ROW = re.compile(r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(?=\d|[A-ZĐƯỦỨ])")
_TIME = re.compile(
    r"^(?:(?P<none>Không có thông tin)|(?P<value>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>Ngày làm việc|Giờ làm việc|Ngày|Giờ|Tháng)?)",
    re.IGNORECASE,
)
_CURRENCY = r"(?:VNĐ|Việt Nam Đồng|Đồng|đồng|USD)"
_FEE = re.compile(
    rf"^(?:(?P<free>Miễn phí)|(?P<noinfo>Không có thông tin)|"
    rf"(?P<amount>\d[\d.,]*)\s*(?P<currency>{_CURRENCY}))"
)
_DOCS_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_DOC_ITEM = re.compile(
    r"(?P<name>.+?)(?P<originals>(?<!\d)\d{2}|\d) bản chính(?:,\s*(?P<copies>\d+) bản sao)?",
    re.DOTALL,
)
_FORM_FILE = re.compile(r"([A-Za-z0-9_.()-]+\.(?:docx?|xlsx?|pdf|rtf|odt))\s*$", re.IGNORECASE)
# The form column run into the name: "…đầu tưMẫu số 01", "…nền màu trắng.mau so 12".
_GLUED_FORM = re.compile(r"(?<=\S)(?:Mẫu|mẫu|Mau|mau)(?=[\s\d]|$)")
_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_LEGAL_CODE = re.compile(r"(\d+/\d{4}/[A-ZĐ0-9-]+|\d+/[A-ZĐ0-9]+-[A-ZĐ0-9-]+)$")


@dataclass
class TimeLimit:
    channel: str
    value: Decimal | None
    unit: str | None
    text: str
    description: str = ""


@dataclass
class Fee:
    channel: str
    amount: int | None  # whole đồng; None when free text or a foreign currency
    currency: str
    text: str


@dataclass
class Document:
    group: str
    name: str
    originals: int
    copies: int
    required: bool
    form_name: str = ""


@dataclass
class ParsedRecord:
    code: str
    name: str
    levels: list[str]
    field: str
    procedure_type: str
    subjects: str
    decision: str
    time_limits: list[TimeLimit] = dataclasses.field(default_factory=list)
    fees: list[Fee] = dataclasses.field(default_factory=list)
    descriptions: dict[str, str] = dataclasses.field(default_factory=dict)
    documents: list[Document] = dataclasses.field(default_factory=list)
    legal_basis: list[dict] = dataclasses.field(default_factory=list)
    texts: dict[str, str] = dataclasses.field(default_factory=dict)
    flags: list[str] = dataclasses.field(default_factory=list)

    def flag(self, text: str) -> None:
        if text not in self.flags:
            self.flags.append(text)


def clean(value: object) -> str:
    text = nfc(str(value or ""))
    return "" if text == NO_INFO else text


def _amount(raw: str) -> int:
    return int(re.sub(r"[.,]", "", raw))


_AMOUNT = re.compile(r"^(?:0|[1-9]\d{0,2}(?:[.,]\d{3})+|[1-9]\d*)$")


def _leading(pattern: str, text: str) -> str:
    found = re.match(pattern, text)
    return found.group(0) if found else ""


def _split_time_and_fee(segment: str) -> tuple[str, str, str]:
    """A bare number runs into a fee amount ("1100 VNĐ", "120,000 VNĐ"): take the shortest run of
    leading digits as the time such that the rest reads as an amount ("100", "20,000").
    Returns (time digits, the rest of the segment, flag)."""
    token = _leading(r"^[\d.,]+", segment)
    for cut in range(1, len(token)):
        head, tail = token[:cut], token[cut:]
        if head.isdigit() and _AMOUNT.match(tail):
            return head, segment[cut:], "time_and_fee_run_together"
    digits = _leading(r"^\d+", token)
    return digits, segment[len(digits) :], "time_and_fee_unsplittable"


def parse_ways(text: str, record: ParsedRecord) -> None:
    body = text.replace(_WAYS_HEADER, "", 1)
    starts = list(_CHANNEL_ROW.finditer(body))
    if not starts:
        if body.strip():
            record.flag("ways_unreadable")
        return
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        channel = CHANNELS[match.group(1)]
        segment = body[match.end() : end]
        time = _TIME.match(segment)
        value = unit = None
        time_text = ""
        if time and time.group("none"):
            time_text = time.group(0)
            segment = segment[time.end() :]
            record.flag(f"time_missing:{channel}")
        elif time:
            time_text, number = time.group(0), time.group("value")
            unit = UNITS.get((time.group("unit") or "").lower())
            rest = segment[time.end() :]
            if unit is None and re.match(rf"^\s*{_CURRENCY}", rest):
                # "1100 VNĐ": the time's digits swallowed the fee's.
                number, rest, note = _split_time_and_fee(segment)
                time_text = number
                record.flag(f"{note}:{channel}")
            value = Decimal(number.replace(",", "."))
            segment = rest
            if unit is None:
                record.flag(f"time_unit_missing:{channel}")
        else:
            # Written in words ("Không quy định", "Không phải trả kết quả…"): kept as text.
            fee_at = re.search(rf"Miễn phí|Không có thông tin|\d[\d.,]*\s*{_CURRENCY}", segment)
            time_text = segment[: fee_at.start()] if fee_at else segment
            segment = segment[len(time_text) :]
            record.flag(f"time_not_a_number:{channel}")
        record.time_limits.append(TimeLimit(channel, value, unit, time_text.strip()))

        segment = segment.lstrip()
        fee = _FEE.match(segment)
        if fee and fee.group("free"):
            record.fees.append(Fee(channel, 0, "VND", fee.group(0)))
        elif fee and fee.group("noinfo"):
            record.fees.append(Fee(channel, None, "", fee.group(0)))
        elif fee:
            currency = "USD" if fee.group("currency") == "USD" else "VND"
            amount = _amount(fee.group("amount")) if currency == "VND" else None
            record.fees.append(Fee(channel, amount, currency, fee.group(0)))
            if currency != "VND":
                record.flag(f"fee_foreign_currency:{channel}")
        else:
            record.fees.append(Fee(channel, None, "", ""))
            record.flag(f"fee_unreadable:{channel}")
        description = segment[fee.end() :] if fee else segment
        description = description.strip().strip("\t").strip()
        if description.startswith("(") and description.endswith(")"):
            description = description[1:-1].strip()
        if description and description not in ("Không có", "Không quy định"):
            record.descriptions[channel] = description
            record.time_limits[-1].description = description
            if re.search(r"\d\s*(?:USD|EUR|đô la)", description):
                # "50 VNĐ (Phí hải quan 50USD/chuyến bay)": the amount that counts is foreign.
                record.flag(f"fee_foreign_currency_in_text:{channel}")


def parse_documents(text: str, record: ParsedRecord) -> None:
    if not text.strip() or text.strip() == NO_INFO:
        return
    parts = text.split(_DOCS_HEADER)
    if len(parts) == 1:
        record.flag("documents_unreadable")
        record.texts["documents_text"] = text
        return
    group = parts[0].strip(" -")
    for index, part in enumerate(parts[1:], start=1):
        consumed = 0
        for item in _DOC_ITEM.finditer(part):
            name = item.group("name").strip()
            form = _FORM_FILE.search(name)
            form_name = ""
            if form:
                form_name = form.group(1).lstrip(".")
                name = name[: form.start()]
            glued = list(_GLUED_FORM.finditer(name))
            if glued:  # the form's title, or the start of its file's name ("Mẫu số " + "29.docx")
                form_name = name[glued[-1].start() :] + form_name
                name = name[: glued[-1].start()]
            name, form_name = name.strip(), form_name.strip()
            record.documents.append(
                Document(
                    group=group,
                    name=name,
                    originals=int(item.group("originals")),
                    copies=int(item.group("copies") or 0),
                    required="nếu có" not in name.lower(),
                    form_name=form_name,
                )
            )
            consumed = item.end()
        tail = part[consumed:].strip()
        if index + 1 < len(parts):
            group = tail.strip(" -")  # the next sub-case's title ("Trường hợp …")
        elif tail:
            record.texts["documents_note"] = tail
    if not record.documents:
        record.flag("documents_unreadable")
        record.texts["documents_text"] = text


_LEGAL_ROW = re.compile(
    r"(?=(?:Luật|Bộ luật|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|"
    r"Chỉ thị|Văn bản hợp nhất|Lệnh)\s)"
)
_LEGAL_NUMBER = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")


def parse_legal_basis(text: str) -> list[dict]:
    """Rows run together as "<title><number>"; a row starts with a document type."""
    body = text.replace(_LEGAL_HEADER, "", 1).strip()
    if not body:
        return []
    items = []
    for row in (part.strip() for part in _LEGAL_ROW.split(body)):
        if not row:
            continue
        numbers = _LEGAL_NUMBER.findall(row)
        items.append({"title": row, "code": numbers[-1] if numbers else ""})
    return items


def parse_record(raw: dict) -> ParsedRecord:
    code = clean(raw.get("ma_thu_tuc"))
    record = ParsedRecord(
        code=code,
        name=clean(raw.get("ten_thu_tuc")),
        levels=[],
        field=clean(raw.get("linh_vuc")),
        procedure_type=clean(raw.get("loai_thu_tuc")),
        subjects=clean(raw.get("doi_tuong_thuc_hien")),
        decision=clean(raw.get("so_quyet_dinh")),
    )
    if not CODE.match(code):
        record.flag("code_invalid")
    if not record.name:
        record.flag("name_missing")
    for part in clean(raw.get("cap_thuc_hien")).split(","):
        part = part.strip().lower()
        if not part:
            continue
        if part in LEVELS:
            record.levels.append(LEVELS[part])
        else:
            record.flag(f"level_unknown:{part}")
    parse_ways(clean(raw.get("cach_thuc_thuc_hien")), record)
    if not record.time_limits:
        record.flag("time_limits_missing")
    parse_documents(clean(raw.get("thanh_phan_ho_so")), record)
    legal_text = clean(raw.get("can_cu_phap_ly"))
    record.legal_basis = parse_legal_basis(legal_text)
    if legal_text:
        record.texts["legal_basis_text"] = legal_text.replace(_LEGAL_HEADER, "", 1).strip()
    for key, target in [
        ("trinh_tu_thuc_hien", "steps"),
        ("yeu_cau_dieu_kien", "conditions"),
        ("ket_qua_xu_ly", "result"),
        ("co_quan_co_tham_quyen", "competent_agency"),
        ("co_quan_thuc_hien", "implementing_agency"),
        ("dia_chi_tiep_nhan", "receiving_address"),
        ("co_quan_duoc_uy_quyen", "delegated_agency"),
        ("co_quan_phoi_hop", "cooperating_agency"),
        ("thu_tuc_lien_quan", "related_procedures"),
        ("detail_url", "source_url"),
    ]:
        if value := clean(raw.get(key)):
            record.texts[target] = value
    # Some rules hide in the steps: "received after 15:00 counts from the next working day".
    steps = record.texts.get("steps", "")
    if re.search(r"sau 15 giờ|sau 15h|sau 15:00", steps, re.IGNORECASE):
        record.texts["cutoff"] = "15:00"
    return record
