"""The plan's task table in and out of spreadsheets, in the annex layout provinces use
(domain/README.md §8.2): TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
Kết quả/sản phẩm dự kiến | Nguồn kinh phí. Rows numbered with a Roman numeral (I, II, …) open a
section whose title names the reform area of the tasks below it."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook

from motcua.agencies.models import Agency
from motcua.core.errors import DomainError
from motcua.core.text import fold, nfc
from motcua.core.xlsx import open_workbook, save, sheet
from motcua.reform import services
from motcua.reform.models import Area, ReformPlan

COLUMNS = [
    "TT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Kết quả/sản phẩm dự kiến",
    "Nguồn kinh phí",
]
ROMAN_ROW = re.compile(r"^(?=[ivx]+$)x{0,3}(ix|iv|v?i{0,3})$")

# Words of a section's title that name its area (folded: no diacritics, lower case).
AREA_WORDS = [
    (Area.LEADERSHIP, ("chi dao", "dieu hanh", "tuyen truyen", "kiem tra")),
    (Area.INSTITUTIONS, ("the che",)),
    (Area.PROCEDURES, ("thu tuc hanh chinh",)),
    (Area.APPARATUS, ("bo may", "to chuc")),
    (Area.CIVIL_SERVICE, ("cong vu", "can bo", "cong chuc")),
    (Area.PUBLIC_FINANCE, ("tai chinh cong",)),
    (
        Area.DIGITAL,
        (
            "chinh phu dien tu",
            "chinh phu so",
            "chinh quyen dien tu",
            "chinh quyen so",
            "chuyen doi so",
        ),
    ),
]


def area_of(title: str) -> str | None:
    folded = fold(title)
    for area, words in AREA_WORDS:
        if any(word in folded for word in words):
            return area
    return None


def _agency_key(text: str) -> str:
    """Folded, with the usual abbreviation ("UBND" for "Ủy ban nhân dân") and single spaces."""
    key = re.sub(r"\buy ban nhan dan\b", "ubnd", fold(text))
    return " ".join(key.split()).strip(" .;")


class AgencyIndex:
    """Agencies by code, name or short name, as the annex writes them."""

    def __init__(self, day: dt.date) -> None:
        self.by_key: dict[str, Agency] = {}
        for agency in Agency.objects.valid_on(day):
            for key in (agency.code, agency.name, agency.short_name):
                if key:
                    self.by_key.setdefault(_agency_key(key), agency)

    def find(self, text: str) -> Agency | None:
        key = _agency_key(text)
        found = self.by_key.get(key)
        if found is None and key:
            # "Sở Tư pháp" for "Sở Tư pháp tỉnh Bắc Kạn": the one agency whose name starts so.
            matches = {a.pk: a for k, a in self.by_key.items() if k.startswith(key + " ")}
            if len(matches) == 1:
                found = next(iter(matches.values()))
        return found


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)).strip()


def read_tasks(plan: ReformPlan, data: bytes) -> list[dict]:
    """The task rows of an annex spreadsheet, checked; raises one DomainError naming every bad
    row (nothing is imported then)."""
    workbook = open_workbook(data, code="invalid_file")
    rows = list(workbook.active.iter_rows(values_only=True))
    header_at = next(
        (i for i, row in enumerate(rows[:15]) if fold(_cell(row[0] if row else "")) == "tt"),
        None,
    )
    found = [_cell(c) for c in rows[header_at]] if header_at is not None else []
    if header_at is None or [fold(c) for c in found[: len(COLUMNS)]] != [fold(c) for c in COLUMNS]:
        raise DomainError(
            _("The columns must be: %(expected)s.") % {"expected": " | ".join(COLUMNS)},
            code="wrong_columns",
            fields={"file": [_("Found: %(found)s.") % {"found": " | ".join(found) or "–"}]},
        )
    agencies = AgencyIndex(plan.issued_on)
    area, section_seen, tasks, errors = None, False, [], {}
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cells = [_cell(c) for c in (list(row) + [None] * len(COLUMNS))[: len(COLUMNS)]]
        if not any(cells):
            continue
        no, title, lead, helpers, timing, output, funding = cells
        if ROMAN_ROW.match(fold(no)) and no and not lead:
            area, section_seen = area_of(title), True
            if area is None:
                errors[f"row {number}"] = [
                    _("Section “%(title)s” names no reform area.") % {"title": title}
                ]
            continue
        problems = []
        if not section_seen:
            problems.append(_("The task comes before any section (I, II, …)."))
        elif area is None:
            continue  # its section is already reported
        lead_agency = agencies.find(lead) if lead else None
        if not lead:
            problems.append(_("No lead agency."))
        elif lead_agency is None:
            problems.append(_("Unknown lead agency “%(name)s”.") % {"name": lead})
        coordinators = []
        for name in filter(None, (p.strip() for p in re.split(r"[;\n]", helpers))):
            found_agency = agencies.find(name)
            if found_agency is None:
                problems.append(_("Unknown coordinating agency “%(name)s”.") % {"name": name})
            else:
                coordinators.append(found_agency)
        values = {
            "number": no,
            "title": title,
            "area": area,
            "lead": lead_agency,
            "coordinators": coordinators,
            "timing_text": timing,
            "expected_output": output,
            "funding": funding,
        }
        if not problems:
            try:
                services.task_values(plan, values)
            except DomainError as error:
                problems.append(error.message)
        if problems:
            errors[f"row {number}"] = [str(p) for p in problems]
        else:
            tasks.append(values)
    if errors:
        raise DomainError(
            _("%(n)s rows cannot be read; nothing was imported.") % {"n": len(errors)},
            code="invalid_rows",
            fields=errors,
        )
    if not tasks:
        raise DomainError(_("The table has no task."), code="no_tasks")
    return tasks


def import_tasks(plan: ReformPlan, data: bytes) -> int:
    return len(services.add_tasks(plan, read_tasks(plan, data)))


def export_progress(progress: dict) -> bytes:
    """The task table with each task's status on the day asked."""
    workbook = Workbook()
    rows = []
    for index, s in enumerate(sorted(progress["states"], key=lambda s: s.task.order), start=1):
        task = s.task
        rows.append(
            [
                index,
                task.number,
                task.get_area_display(),
                task.title,
                task.lead.name,
                "; ".join(a.name for a in task.coordinators.all()),
                task.timing_text or (task.due_on.strftime("%d/%m/%Y") if task.due_on else ""),
                task.expected_output,
                str(s.label),
                s.percent,
                s.last.reported_on if s.last else None,
                s.last.evidence if s.last else "",
                s.last.note if s.last else "",
            ]
        )
    sheet(
        workbook,
        _("Progress"),
        [
            _("No."),
            "TT",
            _("Area"),
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Kết quả/sản phẩm dự kiến",
            _("Status"),
            _("Percent done"),
            _("Last report"),
            _("Evidence document"),
            _("Note"),
        ],
        rows,
        [6, 8, 24, 60, 30, 30, 16, 40, 14, 10, 12, 30, 40],
    )
    for row in workbook.active.iter_rows(min_row=2, min_col=11, max_col=11):
        row[0].number_format = "DD/MM/YYYY"
    return save(workbook)
