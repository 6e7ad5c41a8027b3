"""The dossier statistics in the layout of the periodic reporting form on the one-stop shop
(TT 02/2017/TT-VPCP annexes, layout unconfirmed): one row per agency and the province's total;
columns: to resolve (total, carried over, received online, received at the counter or by post),
resolved (total, early, on time, late), in progress (total, within time, overdue)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from motcua.agencies.models import Agency
from motcua.core.xlsx import save, sheet
from motcua.dossiers.models import Dossier
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


def form_workbook(period: Period) -> bytes:
    start, end = statistics.bounds(period)
    ids = set(
        Dossier.objects.filter(
            Q(received_at__lt=end) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=start))
        ).values_list("deciding_agency", flat=True)
    )
    counts = statistics.by_agency(period)  # one pass for every agency
    rows = [
        _row(agency.name, counts[agency.pk])
        for agency in Agency.objects.filter(pk__in=ids).order_by("level", "code")
    ]
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
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    return save(workbook)
