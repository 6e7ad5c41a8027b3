"""The plan's task table in and out of XLSX: wrong columns and bad rows are named, nothing is
half-imported."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from motcua.core.errors import DomainError
from motcua.reform import selectors, xlsx
from motcua.reform.models import ReformTask

pytestmark = pytest.mark.django_db


def workbook(*rows, header=xlsx.COLUMNS) -> bytes:
    book = Workbook()
    book.active.append(["PHỤ LỤC"])
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
    ("1", "Ban hành kế hoạch", "Sở Nội vụ", "Sở Tư pháp; Sở Tài chính", "Quý I", "Kế hoạch", ""),
    ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
    ("1", "Công khai TTHC", "Văn phòng UBND tỉnh", "", "Thường xuyên", "", "Ngân sách"),
]


def test_an_annex_is_imported_with_its_sections_and_agencies(plan):
    assert xlsx.import_tasks(plan, workbook(*GOOD)) == 2
    first, second = ReformTask.objects.filter(plan=plan).order_by("order")
    assert (first.area, first.lead.short_name, first.timing) == ("leadership", "SNV", "quarter")
    assert sorted(a.short_name for a in first.coordinators.all()) == ["STC", "STP"]
    assert (second.area, second.timing, second.due_on) == ("procedures", "regular", None)


def test_wrong_columns_are_refused_with_what_was_found(plan):
    header = ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Sản phẩm", "Kinh phí"]
    with pytest.raises(DomainError) as error:
        xlsx.import_tasks(plan, workbook(*GOOD, header=header))
    assert error.value.code == "wrong_columns"
    assert "Cơ quan chủ trì" in error.value.message


def test_every_bad_row_is_named_and_nothing_is_imported(plan):
    rows = [
        *GOOD,
        ("2", "Nhiệm vụ không chủ trì", "", "", "Quý II", "", ""),
        ("3", "Nhiệm vụ không thời hạn", "Sở Nội vụ", "", "", "", ""),
        ("4", "Cơ quan lạ", "Sở Vũ trụ", "", "Quý II", "", ""),
        ("5", "Thời hạn lạ", "Sở Nội vụ", "", "khi nào xong", "", ""),
    ]
    with pytest.raises(DomainError) as error:
        xlsx.import_tasks(plan, workbook(*rows))
    fields = error.value.fields
    assert set(fields) == {"row 7", "row 8", "row 9", "row 10"}
    assert "cơ quan chủ trì" in fields["row 7"][0] and "Sở Vũ trụ" in fields["row 9"][0]
    assert not ReformTask.objects.filter(plan=plan).exists()


def test_not_a_workbook(plan):
    with pytest.raises(DomainError) as error:
        xlsx.import_tasks(plan, b"not a spreadsheet")
    assert error.value.code == "invalid_file"


def test_the_progress_export_has_each_tasks_status(plan):
    import datetime as dt

    xlsx.import_tasks(plan, workbook(*GOOD))
    data = xlsx.export_progress(selectors.progress(plan, dt.date(2024, 4, 1)))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][3] == "Ban hành kế hoạch" and rows[0][4].startswith("Sở Nội vụ")
    assert rows[0][8] == "Quá hạn"  # Quý I passed on 01/04 without a report
    assert rows[1][8] == "Chưa thực hiện"
