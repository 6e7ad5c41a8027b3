"""Spreadsheets every app exports the same way: a bold header row, wrapped cells, frozen header."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.core.errors import DomainError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def sheet(
    workbook: Workbook, title: str, headers: list[str], rows: Iterable[list], widths: list[int]
) -> None:
    """Fill the workbook's active sheet."""
    ws = workbook.active
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append(row)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # One style for every body cell, registered once: openpyxl looks a cell's new alignment up
    # among the workbook's styles by value, so setting it cell by cell costs a comparison each
    # (a second for the catalog's 7,500 cells).
    body = ws.cell(row=2, column=1)
    body.alignment = Alignment(wrap_text=True, vertical="top")
    style = body._style
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell._style = copy.copy(style)
    ws.freeze_panes = "A2"


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_workbook(data: bytes, *, code: str = "xlsx_unreadable") -> Workbook:
    """An uploaded workbook, read only after its archive's declared sizes are checked: a few
    kilobytes may inflate to gigabytes, and openpyxl would unpack them before any header is
    looked at. Anything that is not a readable workbook is a DomainError naming the file."""
    limit = settings.XLSX_MAX_UNPACKED_MB * 1024 * 1024
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
        if len(entries) > 1000 or sum(e.file_size for e in entries) > limit:
            message = _("The workbook unpacks to more than %(mb)s MB.") % {
                "mb": settings.XLSX_MAX_UNPACKED_MB
            }
            raise DomainError(message, code="file_too_large", fields={"file": [message]})
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception:  # openpyxl and zipfile raise many kinds for what is not a workbook
        raise DomainError(
            _("The file is not a readable XLSX workbook."),
            code=code,
            fields={"file": [_("Upload an .xlsx file.")]},
        ) from None
