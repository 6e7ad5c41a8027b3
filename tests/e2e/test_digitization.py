"""The officer's digitization in headless Chromium: a citizen's identity card scanned at the
counter is read in the background; the officer checks the details read against the paper,
corrects one, rejects another, and only then are they written into the dossier."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from motcua.agencies.models import StaffRole
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import user
from tests.dossiers.test_ocr import identity_card
from tests.e2e.test_one_stop import CODE, published, sign_in  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_officer_confirms_the_details_read_from_a_scan(
    page,
    live_server,
    published,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    stp = StaffRole.objects.get(user__username="stp.motcua").agency
    dossier = services.receive(
        procedure_code=CODE,
        deciding_agency=stp,
        receiving_agency=stp,
        channel="direct",
        applicant=services.Applicant(name="Tran Thi Binh", id_number="", phone="0912345678"),
        documents=[services.Handed(name="Căn cước công dân", originals=1)],
        user=user("stp.motcua"),
        at=dt.datetime(2023, 3, 6, 9, 0, tzinfo=VN),
    )
    card = tmp_path / "can-cuoc.png"
    card.write_bytes(identity_card(name="TRẦN THỊ BÌNH", number="006185004321", born="05/11/1985"))

    sign_in(page, live_server, "stp.motcua", f"/mot-cua/ho-so/{dossier.code}/")
    page.locator("summary", has_text="Số hóa giấy tờ").click()
    page.get_by_label("Tệp quét (PDF, JPEG hoặc PNG)").set_input_files(str(card))
    page.get_by_role("button", name="Lưu bản số hóa").click()
    expect(page.get_by_test_id("ocr-state")).to_contain_text("đang chờ nhận dạng chữ")

    # The background worker reads it; the page, refreshing itself, says so.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.get_by_test_id("ocr-state")).to_contain_text("tìm kiếm được", timeout=10_000)
    page.reload()
    section = page.get_by_test_id("read-fields")
    expect(section.get_by_label("Số định danh")).to_have_value("006185004321")
    expect(section.get_by_label("Ngày sinh")).to_have_value("05/11/1985")
    assert Dossier.objects.get(pk=dossier.pk).id_number == ""  # nothing written yet

    section.get_by_label("Họ và tên").fill("TRẦN THỊ BÌNH")
    section.locator("[name=reject-birth_date]").check()
    section.get_by_label("Số định danh").fill("0061850043")  # a digit short: refused
    section.get_by_role("button", name="Xác nhận các thông tin này").click()
    expect(page.locator(".error, [role=alert]").first).to_contain_text("12 chữ số")
    assert Dossier.objects.get(pk=dossier.pk).id_number == ""

    section = page.get_by_test_id("read-fields")
    section.get_by_label("Số định danh").fill("006185004321")
    section.get_by_label("Họ và tên").fill("TRẦN THỊ BÌNH")
    section.locator("[name=reject-birth_date]").check()
    section.get_by_role("button", name="Xác nhận các thông tin này").click()
    expect(page.get_by_test_id("read-id_number")).to_contain_text("006185004321")
    expect(page.get_by_test_id("read-birth_date")).to_contain_text("đã bỏ qua")
    saved = Dossier.objects.get(pk=dossier.pk)
    assert (saved.id_number, saved.applicant_name) == ("006185004321", "TRẦN THỊ BÌNH")
    expect(page.locator("#journal, .journal").first).to_contain_text(
        "Thông tin đọc từ giấy tờ đã được xác nhận"
    )
