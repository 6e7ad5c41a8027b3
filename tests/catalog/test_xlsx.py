"""Catalog spreadsheets: export, and an annex read into a draft decision (all or nothing)."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from motcua.catalog import services
from motcua.catalog.models import DecisionItem, PublicationDecision

pytestmark = pytest.mark.django_db
HEADER = [
    "STT",
    "Mã TTHC",
    "Tên TTHC",
    "Lĩnh vực",
    "Cơ quan thực hiện",
    "Hình thức",
    "Mã TTHC thay thế",
]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def controller(api, demo):
    api.force_authenticate(get_user_model().objects.get(username="stp.kiemsoat"))
    return api


def upload(api, data: bytes, number="90/QĐ-UBND"):
    return api.post(
        "/api/v1/decisions/import",
        {
            "number": number,
            "file": SimpleUploadedFile("phu-luc.xlsx", data),
        },
        format="multipart",
    )


def test_an_annex_becomes_a_draft_decision(controller, sample_subset):
    data = workbook(
        [
            [1, "1.012781", "", "Đất đai", "Sở TN&MT", "Ban hành mới", ""],
            [2, "2.002060", "", "", "", "ban hanh moi", ""],
        ]
    )
    response = upload(controller, data)
    assert response.status_code == 201, response.json()
    decision = PublicationDecision.objects.get(number="90/QĐ-UBND")
    assert decision.state == "draft"
    assert list(decision.items.values_list("procedure__code", "action")) == [
        ("1.012781", "new"),
        ("2.002060", "new"),
    ]


def test_wrong_columns_name_the_header_row(controller):
    response = upload(controller, workbook([[1, "1.012781"]], header=["A", "B"]))
    assert response.status_code == 400
    assert response.json()["code"] == "annex_invalid"
    assert "row 1" in response.json()["fields"]


def test_bad_rows_are_all_reported_and_nothing_is_stored(controller, sample_subset):
    data = workbook(
        [
            [1, "1.012781", "", "", "", "Ban hành mới", ""],
            [2, "", "", "", "", "Bãi bỏ", ""],
            [3, "1.001061", "", "", "", "Thay thế", ""],
            [4, "1.004286", "", "", "", "Xóa sổ", ""],
        ]
    )
    response = upload(controller, data)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"row 3: Mã TTHC", "row 4: Mã TTHC thay thế", "row 5: Hình thức"}
    assert not PublicationDecision.objects.filter(number="90/QĐ-UBND").exists()


def test_a_row_that_does_not_fit_the_catalog_rolls_everything_back(controller, sample_subset):
    data = workbook(
        [[1, "1.012781", "", "", "", "Ban hành mới", ""], [2, "9.999999", "", "", "", "Bãi bỏ", ""]]
    )
    response = upload(controller, data)
    assert response.status_code == 400
    assert "row 3: Mã TTHC" in response.json()["fields"]
    assert not PublicationDecision.objects.filter(number="90/QĐ-UBND").exists()


def test_a_broken_file(controller):
    response = upload(controller, b"this is not a spreadsheet")
    assert response.status_code == 400
    assert response.json()["code"] == "xlsx_unreadable"


def test_exports_open_and_list_the_procedures(api, sample_subset):
    decision = services.create_decision("91/QĐ-UBND")
    services.add_item(decision, DecisionItem.Action.NEW, "1.012781")
    services.sign_decision(decision, signed_on=dt.date(2023, 3, 1))
    annex = api.get(f"/api/v1/decisions/{decision.pk}/annex")
    assert annex["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(annex.content)).active
    assert sheet["B2"].value == "1.012781" and sheet["F2"].value == "Ban hành mới"
    catalog = api.get("/api/v1/catalog/export", {"as_of": "2023-06-30"})
    rows = list(load_workbook(io.BytesIO(catalog.content)).active.values)
    assert rows[0][1] == "Mã TTHC" and [r[1] for r in rows[1:]] == ["1.012781"]
    assert "20" in rows[1][6]
