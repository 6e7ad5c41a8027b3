"""The dossier statistics in the layout of the periodic reporting form on the one-stop shop
(TT 02/2017/TT-VPCP annexes, layout unconfirmed): one row per agency, a subtotal per level and
the province's total; columns: to resolve (total, carried over, received online, received at
the counter or by post), resolved (total, early, on time, late), in progress (total, within
time, overdue)."""

from __future__ import annotations

import itertools

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.agencies.models import Agency
from motcua.core.xlsx import save, sheet
from motcua.reports import statistics
from motcua.reports.periods import Period


def _row(label: str, counts: dict) -> list:
    return [
        label,
        counts["carried_over"] + counts["received"],
        counts["carried_over"],
        counts["received_online"],
        counts["received_direct"] + counts["received_post"],
        counts["resolved"],
        counts["resolved_early"],
        counts["resolved_on_time"],
        counts["resolved_late"],
        counts["in_progress"],
        counts["in_progress_on_time"],
        counts["in_progress_overdue"],
    ]


LEVELS = ["province", "department", "center", "district", "commune", "vertical", "other"]


def form_workbook(period: Period) -> bytes:
    """One row per agency with something to resolve or in progress, grouped by level (the
    unit tree: departments, districts, communes) with a subtotal after each level, then the
    province's total. Every count is a count of dossiers by their deciding agency, so the rows
    of a level add up to its subtotal and the subtotals to the total."""
    counts = statistics.by_agency(period)  # one pass for every agency
    shown = [
        agency
        for agency in Agency.objects.filter(pk__in=counts)
        if any(counts[agency.pk][n] for n in ("carried_over", "received", "in_progress"))
    ]
    shown.sort(key=lambda a: (LEVELS.index(a.level) if a.level in LEVELS else 99, a.code))
    rows, subtotals = [], []
    for level, agencies in itertools.groupby(shown, key=lambda a: a.level):
        mine = [_row(agency.name, counts[agency.pk]) for agency in agencies]
        rows += mine
        label = _("Total: %(level)s") % {"level": Agency.Level(level).label}
        subtotal = [label, *(sum(column) for column in zip(*(r[1:] for r in mine), strict=True))]
        rows.append(subtotal)
        subtotals.append(len(rows) + 3)  # the sheet's row, below the title and the header
    rows.append(_row(_("Province total"), statistics.dossier_statistics(period)))
    workbook = Workbook()
    sheet(
        workbook,
        _("Dossiers"),
        [
            _("Agency"),
            _("To resolve: total"),
            _("carried over"),
            _("received online"),
            _("received at the counter or by post"),
            _("Resolved: total"),
            _("early"),
            _("on time"),
            _("late"),
            _("In progress: total"),
            _("within time"),
            _("overdue"),
        ],
        rows,
        [40] + [12] * 11,
    )
    ws = workbook.active
    ws.insert_rows(1, 2)
    ws["A1"] = _("Dossiers of administrative procedures from %(start)s to %(end)s") % {
        "start": period.start.strftime("%d/%m/%Y"),
        "end": period.end.strftime("%d/%m/%Y"),
    }
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="left")
    ws.freeze_panes = "B4"
    for number in [*subtotals, ws.max_row]:
        for cell in ws[number]:
            cell.font = Font(bold=True)
    return save(workbook)
