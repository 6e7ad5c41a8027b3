"""Fields read from a scan, proposed to the officer with a confidence — never written into a
dossier until a person confirms or corrects them (``confirm``).

Two kinds of paper are recognised from the text OCR read (``dossiers.ocr``): the citizen's
identity card (căn cước / căn cước công dân: the 12-digit number, the full name, the date of
birth) and a result (its number and its date). For those, the page is read again by Tesseract
word by word (``tesseract … tsv``), so each value comes with the engine's own confidence in the
words it is made of, lowered when the value breaks a rule of its kind (a number whose birth-year
digits disagree with the date of birth read beside it, a date that cannot be). Family names read
with a wrong tone mark are put right from the list of the common ones ("NGUYÊN" → "NGUYỄN"):
Tesseract mixes up the stacked marks of Vietnamese capitals.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from motcua.core.text import fold

ID_CARD, RESULT = "id_card", "result"
FIELDS = {
    ID_CARD: ("id_number", "full_name", "birth_date"),
    RESULT: ("result_number", "result_date"),
}
# The common family names, as written (a folded reading is put back to one of these).
FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Vương",
    "Trịnh",
    "Trương",
    "Lâm",
    "Phùng",
    "Mai",
    "Tô",
    "Hà",
    "Tạ",
    "Lương",
    "Quách",
    "Triệu",
    "Lục",
    "Nông",
    "Hoàng",
    "Ma",
    "Bế",
    "Lò",
    "Hứa",
    "Đinh",
    "Cao",
    "Chu",
    "Mạc",
    "Kiều",
    "Thái",
    "Văn",
    "Tăng",
    "Lưu",
    "Khổng",
    "Từ",
    "Đàm",
    "Ninh",
    "Giáp",
    "Lã",
]
_FAMILY_BY_FOLD = {fold(name): name.upper() for name in FAMILY_NAMES}
# Middle names so common that their folded form has one spelling.
_MIDDLE_BY_FOLD = {fold(name): name.upper() for name in ("Văn", "Thị", "Hữu", "Đức", "Xuân")}


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # Tesseract's, 0–100


@dataclass(frozen=True)
class Proposal:
    name: str
    value: str
    confidence: float  # 0–1


def kind_of(text: str) -> str | None:
    """Which kind of paper the OCR text is, if one this module reads."""
    folded = fold(text)
    if "can cuoc" in folded or "identity card" in folded or "citizen identity" in folded:
        return ID_CARD
    if re.search(r"\bso\s*:\s*\S+/", folded) and "ngay" in folded and "thang" in folded:
        return RESULT
    return None


def lines_of(image: bytes) -> list[list[Word]]:
    """The page's words, line by line, with Tesseract's confidence in each."""
    with tempfile.TemporaryDirectory(prefix="motcua-read-") as folder:
        path = Path(folder) / "page.png"
        path.write_bytes(image)
        done = subprocess.run(  # noqa: S603 - a fixed program, our own file
            # Tesseract found on the PATH, as OCRmyPDF finds it.
            ["tesseract", str(path), "-", "-l", "+".join(settings.OCR_LANGUAGES), "tsv"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=settings.OCR_PAGE_TIMEOUT,
            check=True,
        )
    lines: dict[tuple[str, str, str], list[Word]] = {}
    for row in done.stdout.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (cells[2], cells[3], cells[4])  # block, paragraph, line
        lines.setdefault(key, []).append(Word(cells[11].strip(), float(cells[10])))
    return list(lines.values())


def page_image(data: bytes, content_type: str) -> bytes:
    """The first page as a PNG: the image itself, or a PDF's page drawn at 300 dpi."""
    if content_type != "application/pdf":
        return data
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        bitmap = document[0].render(scale=300 / 72)
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()


def propose(kind: str, lines: list[list[Word]]) -> list[Proposal]:
    """The values of ``kind``'s fields found in ``lines``, each with its confidence."""
    return _id_card(lines) if kind == ID_CARD else _result(lines)


def _confidence(words: list[Word]) -> float:
    return round(min(w.confidence for w in words) / 100, 2) if words else 0.0


_DIGITS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"}
)
_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def _id_card(lines: list[list[Word]]) -> list[Proposal]:
    found: dict[str, Proposal] = {}
    for index, line in enumerate(lines):
        text = " ".join(w.text for w in line)
        folded = fold(text)
        for word in line:
            digits = word.text.strip(".,:;").translate(_DIGITS)
            if re.fullmatch(r"\d{12}", digits) and "id_number" not in found:
                found["id_number"] = Proposal("id_number", digits, _confidence([word]))
        if ("ho va ten" in folded or "full name" in folded or "ho, chu dem" in folded) and (
            "full_name" not in found
        ):
            after = text.split(":", 1)[1].strip() if ":" in text else ""
            words = line[len(line) - len(after.split()) :] if after else []
            if not after and index + 1 < len(lines):
                words = lines[index + 1]
                after = " ".join(w.text for w in words)
            name = _name(after)
            if name:
                found["full_name"] = Proposal("full_name", name, _confidence(words))
        if ("ngay sinh" in folded or "date of birth" in folded) and "birth_date" not in found:
            match = _DATE.search(text)
            if match:
                words = [w for w in line if any(ch.isdigit() for ch in w.text)]
                day = _day(*match.groups())
                if day is not None:
                    found["birth_date"] = Proposal(
                        "birth_date", day.strftime("%d/%m/%Y"), _confidence(words)
                    )
    number, born = found.get("id_number"), found.get("birth_date")
    if number is not None:
        penalty = 1.0
        if not 1 <= int(number.value[:3]) <= 96:  # the province code of the birth registration
            penalty *= 0.5
        if born is not None and number.value[4:6] != born.value[-2:]:  # the year of birth
            penalty *= 0.5
        found["id_number"] = Proposal(
            "id_number", number.value, round(number.confidence * penalty, 2)
        )
    return [found[name] for name in FIELDS[ID_CARD] if name in found]


def _name(text: str) -> str:
    """A full name as printed (capitals), its family name's marks put right from the list."""
    words = [w for w in re.split(r"\s+", text.strip(" .,:;")) if w]
    words = [w for w in words if re.fullmatch(r"[^\W\d_]+", w)]
    if not 2 <= len(words) <= 6:
        return ""
    upper = [w.upper() for w in words]
    upper[0] = _FAMILY_BY_FOLD.get(fold(upper[0]), upper[0])
    upper[1:-1] = [_MIDDLE_BY_FOLD.get(fold(w), w) for w in upper[1:-1]]
    return " ".join(upper)


def _day(day: str, month: str, year: str) -> dt.date | None:
    try:
        found = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if dt.date(1900, 1, 1) <= found <= dt.date.today() else None


_RESULT_NUMBER = re.compile(r"^(?:So|Số)\s*:\s*(\S+/\S+)", re.IGNORECASE)
_RESULT_DATE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)


def _result(lines: list[list[Word]]) -> list[Proposal]:
    found: dict[str, Proposal] = {}
    for line in lines:
        text = " ".join(w.text for w in line)
        for start in range(len(line)):
            tail = " ".join(w.text for w in line[start:])
            match = _RESULT_NUMBER.match(tail)
            if match and "result_number" not in found:
                found["result_number"] = Proposal(
                    "result_number",
                    match.group(1).strip(".,;"),
                    _confidence(line[start : start + 2]),
                )
        match = _RESULT_DATE.search(text)
        if match and "result_date" not in found:
            day = _day(*match.groups())
            if day is not None:
                words = [w for w in line if any(ch.isdigit() for ch in w.text)]
                found["result_date"] = Proposal(
                    "result_date", day.strftime("%d/%m/%Y"), _confidence(words)
                )
    return [found[name] for name in FIELDS[RESULT] if name in found]
