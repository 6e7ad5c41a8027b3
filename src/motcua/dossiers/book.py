"""The tracking book (sổ theo dõi hồ sơ): every dossier a desk received in a period, one row
each, in the columns of the standard form (domain/README.md §2.3), as XLSX or PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook

from motcua.agencies.models import Agency
from motcua.core.regimes import FormSet, forms_on
from motcua.core.xlsx import save, sheet
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import day_start

HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    "Trạng thái",
    "Ghi chú",
]
WIDTHS = [6, 26, 48, 10, 26, 30, 30, 16, 16, 16, 16, 16, 20, 24]


@dataclass
class Book:
    agency: Agency
    start: dt.date
    end: dt.date
    rows: list[list[str]]

    @property
    def form_set(self) -> FormSet | None:
        return forms_on(self.end, settings.MOTCUA_FORMS_EFFECTIVE)

    @property
    def title(self) -> str:
        form_set = self.form_set
        return form_set.forms["tracking_book"].title if form_set else "Sổ theo dõi hồ sơ"

    @property
    def form_number(self) -> str:
        form_set = self.form_set
        return form_set.forms["tracking_book"].number if form_set else ""


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def build(agency: Agency, start: dt.date, end: dt.date) -> Book:
    """The book of the desk ``agency`` for the dossiers received from ``start`` to ``end``."""
    # Received in the period by the journal's receipt event (the moment the desk took the papers).
    first, after = day_start(start), day_start(end + dt.timedelta(days=1))
    rows = []
    for index, d in enumerate(_received_between(agency, first, after), start=1):
        handed = next((e.at for e in d.moves if e.action == "hand_over"), None)
        resolved = next((e.at for e in d.moves if e.action == "record_result"), None)
        contact = ", ".join(part for part in (d.address, d.phone) if part)
        notes = []
        if d.late:
            notes.append("Quá hạn")
        if d.apologies:
            notes.append("Đã xin lỗi, hẹn lại")
        rows.append(
            [
                str(index),
                d.code,
                d.version.name,
                "1",
                d.applicant_name,
                contact,
                d.deciding_agency.name,
                _when(d.received_at or d.taken_at),
                _when(d.due_at),
                _when(handed),
                _when(resolved),
                _when(d.returned_at),
                d.get_state_display(),
                "; ".join(notes),
            ]
        )
    return Book(agency, start, end, rows)


def _received_between(agency: Agency, first: dt.datetime, after: dt.datetime):
    moves = DossierEvent.objects.filter(action__in=("hand_over", "record_result"))
    received = DossierEvent.objects.filter(
        action="receive", at__gte=first, at__lt=after, dossier__receiving_agency=agency
    ).values("dossier_id", "at")
    first_at = {row["dossier_id"]: row["at"] for row in received}
    dossiers = (
        Dossier.objects.filter(pk__in=list(first_at))
        .select_related("version", "deciding_agency")
        .prefetch_related(Prefetch("events", queryset=moves, to_attr="moves"))
    )
    ordered = sorted(dossiers, key=lambda d: (first_at[d.pk], d.pk))
    for dossier in ordered:
        dossier.taken_at = first_at[dossier.pk]  # type: ignore[attr-defined]  # for the page
    return ordered


def to_xlsx(book: Book) -> bytes:
    workbook = Workbook()
    sheet(
        workbook, f"Sổ theo dõi {book.start:%d-%m}–{book.end:%d-%m-%Y}", HEADERS, book.rows, WIDTHS
    )
    return save(workbook)


def to_pdf(book: Book) -> bytes:
    from weasyprint import HTML

    html = render_to_string("dossiers/book.html", {"book": book, "headers": HEADERS})
    return HTML(string=html).write_pdf()
