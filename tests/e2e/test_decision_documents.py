"""The control office imports a signed publication decision: uploads the Word file, reads each row
as the machine read it, gives the code a row lacks, confirms, resolves what is left, and prints
the decision."""

import gzip
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.catalog.models import PublicationDecision
from motcua.catalog.services import import_national_records
from tests.e2e.test_one_stop import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
HERE = Path(__file__).resolve().parents[1] / "catalog" / "decisions"
DATA = Path(__file__).resolve().parents[2] / "src" / "motcua" / "demo" / "data"


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with gzip.open(DATA / "national_procedures_justice.jsonl.gz", "rt", encoding="utf-8") as fh:
        wanted = [line for line in fh if json.loads(line)["ma_thu_tuc"].startswith("2.0008")]
    import_national_records(wanted)


def test_a_decision_document_becomes_a_draft_row_by_row(page, live_server, records):
    sign_in(page, live_server, "stp.kiemsoat", "/admin/catalog/publicationdecision/")
    page.get_by_role("link", name="Nhập văn bản quyết định (DOCX, PDF)").click()
    page.get_by_label("Quyết định đã ký").set_input_files(
        str(HERE / "laichau_2934_QD-UBND_2025-11-20.docx")
    )
    page.get_by_role("button", name="Đọc văn bản").click()

    expect(page.locator("h2").first).to_contain_text("2934/QĐ-UBND")
    expect(page.locator("#counts")).to_contain_text("2 ban hành mới")
    rows = page.locator("#rows tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Chưa có mã")
    assert not PublicationDecision.objects.exists()  # reading wrote nothing

    rows.first.get_by_label("Mã TTHC").fill("1.014601")
    page.get_by_role("button", name="Kiểm tra lại với các mã này").click()
    expect(page.locator("#rows tr.blocking")).to_have_count(1)
    page.get_by_role("button", name="Xác nhận: tạo dự thảo").click()
    expect(page.locator(".messagelist")).to_contain_text("1 dòng cần xử lý")

    page.get_by_role("link", name="1 dòng của văn bản cần xử lý trước khi ký").click()
    row = page.locator("#rows tbody tr")
    row.get_by_label("Mã TTHC").fill("1.014602")
    row.get_by_role("button", name="Xử lý với mã này").click()
    expect(page.get_by_text("Mọi dòng của văn bản đã là mục của quyết định.")).to_be_visible()

    decision = PublicationDecision.objects.get(number="2934/QĐ-UBND")
    assert sorted(decision.items.values_list("procedure__code", flat=True)) == [
        "1.014601",
        "1.014602",
    ]
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/admin/catalog/publicationdecision/{decision.pk}/change/")
        page.get_by_role("link", name="Word (DOCX)").click()
    assert download.value.suggested_filename == "quyet-dinh-2934-qd-ubnd.docx"
