"""The catalog in spreadsheets: export the catalog and a decision's annex; read an annex into a
draft decision (all rows or none, every error naming its row and column)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from motcua.catalog import selectors, services
from motcua.catalog.models import (
    Channel,
    DecisionItem,
    ProcedureVersion,
    PublicationDecision,
    TimeLimit,
)
from motcua.core.errors import DomainError
from motcua.core.text import fold, nfc
from motcua.core.xlsx import open_workbook, save, sheet

ACTION_WORDS = {
    "new": DecisionItem.Action.NEW,
    "ban hanh moi": DecisionItem.Action.NEW,
    "moi ban hanh": DecisionItem.Action.NEW,
    "amended": DecisionItem.Action.AMENDED,
    "sua doi, bo sung": DecisionItem.Action.AMENDED,
    "sua doi bo sung": DecisionItem.Action.AMENDED,
    "sua doi": DecisionItem.Action.AMENDED,
    "bo sung": DecisionItem.Action.AMENDED,
    "replaced": DecisionItem.Action.REPLACED,
    "thay the": DecisionItem.Action.REPLACED,
    "abolished": DecisionItem.Action.ABOLISHED,
    "bai bo": DecisionItem.Action.ABOLISHED,
    "standardized": DecisionItem.Action.STANDARDIZED,
    "chuan hoa": DecisionItem.Action.STANDARDIZED,
}
ACTION_LABELS = {
    "new": "Ban hành mới",
    "amended": "Sửa đổi, bổ sung",
    "replaced": "Thay thế",
    "abolished": "Bãi bỏ",
    "standardized": "Chuẩn hóa",
}
# Annex columns: the first six are required, in this order (headers matched without accents).
ANNEX_COLUMNS = ["STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực", "Cơ quan thực hiện", "Hình thức"]
SUCCESSOR_COLUMN = "Mã TTHC thay thế"


def _labels(choices) -> dict[str, str]:
    """A field's choices as text, translated once: ``get_FOO_display`` translates them again
    for every row (a third of a second over the catalog)."""
    return {value: str(label) for value, label in choices}


def _limits_text(version: ProcedureVersion, units: dict[str, str], channels: dict[str, str]) -> str:
    parts = []
    for limit in version.time_limits.all():
        value = (
            f"{limit.value.normalize():f} {units.get(limit.unit, '')}".strip()
            if limit.value is not None
            else limit.text
        )
        parts.append(f"{channels.get(limit.channel, limit.channel)}: {value}")
    return "\n".join(parts)


def _fees_text(version: ProcedureVersion) -> str:
    texts = {fee.text for fee in version.fees.all() if fee.text}
    return "\n".join(sorted(texts))


def _agencies_text(version: ProcedureVersion) -> str:
    names = [agency.name for agency in version.agencies.all()]
    return "; ".join(names) or version.implementing_agency


def export_catalog(on: dt.date, *, scope: str = "province") -> bytes:
    versions = (
        selectors.versions_in_force(on, source=ProcedureVersion.Source.PROVINCE)
        if scope == "province"
        else selectors.versions_in_force(on)
    )
    versions = (
        versions.select_related("procedure", "field")
        .prefetch_related("time_limits", "fees", "agencies")
        .order_by("field__name", "procedure__code")
    )
    units, channels = _labels(TimeLimit.Unit.choices), _labels(Channel.choices)
    online, sources = (
        _labels(ProcedureVersion.Online.choices),
        _labels(ProcedureVersion.Source.choices),
    )
    rows = (
        [
            index,
            v.procedure.code,
            v.name,
            v.field.name if v.field else "",
            ", ".join(v.level_labels),
            _agencies_text(v),
            _limits_text(v, units, channels),
            _fees_text(v),
            online.get(v.online, v.online),
            sources.get(v.source, v.source),
            v.effective_from.strftime("%d/%m/%Y") if v.effective_from else "",
        ]
        for index, v in enumerate(versions, start=1)
    )
    workbook = Workbook()
    sheet(
        workbook,
        f"Danh mục TTHC {on:%d-%m-%Y}",
        [
            "STT",
            "Mã TTHC",
            "Tên TTHC",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Cơ quan thực hiện",
            "Thời hạn giải quyết",
            "Phí, lệ phí",
            "Dịch vụ công trực tuyến",
            "Nguồn",
            "Hiệu lực từ",
        ],
        rows,
        [6, 12, 60, 28, 18, 36, 30, 30, 22, 18, 12],
    )
    return save(workbook)


def export_annex(decision: PublicationDecision) -> bytes:
    units, channels = _labels(TimeLimit.Unit.choices), _labels(Channel.choices)
    rows = []
    for item in decision.items.select_related("procedure", "successor", "version__field"):
        version = item.version or item.procedure.versions.order_by("-number").first()
        rows.append(
            [
                item.order,
                item.procedure.code,
                version.name if version else "",
                version.field.name if version and version.field else "",
                _agencies_text(version) if version else "",
                ACTION_LABELS[item.action],
                item.successor.code if item.successor else "",
                _limits_text(version, units, channels) if version else "",
                _fees_text(version) if version else "",
                version.change_note if version else item.note,
            ]
        )
    workbook = Workbook()
    sheet(
        workbook,
        "Phụ lục",
        [*ANNEX_COLUMNS, SUCCESSOR_COLUMN, "Thời hạn giải quyết", "Phí, lệ phí", "Ghi chú"],
        rows,
        [6, 14, 60, 28, 36, 18, 16, 30, 30, 40],
    )
    return save(workbook)


def _annex_error(message: str, fields: dict[str, list[str]]) -> DomainError:
    return DomainError(message, code="annex_invalid", fields=fields)


def read_annex(data: bytes) -> list[dict]:
    """The rows of an annex, validated; raises with every problem found, by row and column."""
    workbook = open_workbook(data)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise _annex_error(_("The sheet is empty."), {"file": [_("No header row.")]})
    header = [fold(str(c or "")) for c in rows[0]]
    expected = [fold(c) for c in ANNEX_COLUMNS]
    if header[: len(expected)] != expected:
        raise _annex_error(
            _("The columns must be: %(columns)s.") % {"columns": ", ".join(ANNEX_COLUMNS)},
            {
                "row 1": [
                    _("Found: %(found)s") % {"found": ", ".join(str(c or "") for c in rows[0])}
                ]
            },
        )
    successor_at = (
        header.index(fold(SUCCESSOR_COLUMN)) if fold(SUCCESSOR_COLUMN) in header else None
    )
    parsed, errors = [], {}
    for number, row in enumerate(rows[1:], start=2):
        cells = [nfc(str(c)) if c is not None else "" for c in row]
        if not any(cells):
            continue
        cells += [""] * (len(expected) - len(cells))
        code, name, action_text = cells[1], cells[2], cells[5]
        action = ACTION_WORDS.get(fold(action_text))
        if not code:
            errors[f"row {number}: Mã TTHC"] = [_("Missing.")]
        if action is None:
            errors[f"row {number}: Hình thức"] = [
                _("Unknown action “%(text)s”.") % {"text": action_text}
            ]
        successor = (
            cells[successor_at] if successor_at is not None and successor_at < len(cells) else ""
        )
        if action == DecisionItem.Action.REPLACED and not successor:
            errors[f"row {number}: {SUCCESSOR_COLUMN}"] = [
                _("A replaced procedure needs its successor.")
            ]
        parsed.append(
            {
                "row": number,
                "code": code,
                "name": name,
                "field": cells[3],
                "action": action,
                "successor": successor,
            }
        )
    if errors:
        raise _annex_error(_("The annex has %(count)s error(s).") % {"count": len(errors)}, errors)
    if not parsed:
        raise _annex_error(_("The annex lists no procedure."), {"file": [_("No rows.")]})
    return parsed


@transaction.atomic
def import_annex(
    data: bytes, *, number: str, title: str = "", created_by=None
) -> PublicationDecision:
    """A draft decision from an annex: every row becomes an item, or nothing is stored."""
    rows = read_annex(data)
    decision = services.create_decision(number, title=title, created_by=created_by)
    errors = {}
    for row in rows:
        changes = {"name": row["name"]} if row["name"] else {}
        try:
            with transaction.atomic():
                services.add_item(
                    decision,
                    row["action"],
                    row["code"],
                    successor_code=row["successor"] or None,
                    changes=changes,
                )
        except DomainError as err:
            errors[f"row {row['row']}: Mã TTHC"] = [str(err.message)]
    if errors:
        raise _annex_error(_("The annex has %(count)s error(s).") % {"count": len(errors)}, errors)
    return decision
