"""The TTHC control office finds a dossier the national portal lost and sends it again, and
reads the national procedure database into a draft decision, in headless Chromium against the
reference simulator."""

import datetime as dt
import json
import zoneinfo

import pytest
from playwright.sync_api import expect

from motcua.agencies.models import StaffRole
from motcua.dossiers import services
from motcua.national import delivery, pull
from motcua.national.models import CatalogPull
from motcua.national.records import thu_tuc
from motcua.national.simulator import Portal, Simulator
from tests.catalog.conftest import sample_lines
from tests.dossiers.conftest import user
from tests.e2e.test_one_stop import CODE, published, sign_in  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def national(settings):
    simulator = Simulator(Portal()).start()
    settings.NATIONAL = {
        **settings.NATIONAL,
        "URL": simulator.url,
        "USERNAME": "motcua",
        "PASSWORD": "motcua-sim",
        "TIMEOUT": 2,
        "BACKOFF": 0,
    }
    yield simulator.portal
    simulator.stop()


def test_the_control_office_reconciles_a_day_and_sends_the_lost_dossier_again(
    page,
    live_server,
    published,  # noqa: F811 - the fixture
    national,
):
    desk = StaffRole.objects.get(user__username="stp.motcua").agency
    codes = []
    for minute in (0, 30):
        dossier = services.receive(
            procedure_code=CODE,
            deciding_agency=desk,
            receiving_agency=desk,
            channel="direct",
            applicant=services.Applicant(name="Nguyễn Văn An", phone="0912345678"),
            documents=[services.Handed(name="Đơn", originals=1)],
            user=user("stp.motcua"),
            at=dt.datetime(2023, 3, 6, 9, minute, tzinfo=VN),
        )
        codes.append(dossier.code)
    delivery.run()
    national.dossiers.pop(codes[1])  # lost on the national side

    sign_in(page, live_server, "admin", "/")
    page.get_by_text("Quản lý", exact=True).click()  # the control office's menu
    page.get_by_role("link", name="Cổng quốc gia").click()
    expect(page.locator("h1")).to_contain_text("Đồng bộ với Cổng Dịch vụ công quốc gia")
    page.get_by_label("Ngày").fill("06/03/2023")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("backlog")).to_contain_text("0 hồ sơ chưa đồng bộ")
    page.get_by_role("button", name="Đối chiếu ngày này ngay").click()
    differences = page.get_by_test_id("differences")
    expect(differences).to_contain_text(codes[1])
    expect(differences).to_contain_text("Không có trên Cổng quốc gia")
    expect(differences).not_to_contain_text(codes[0])

    page.get_by_role("button", name="Gửi lại các hồ sơ chênh lệch").click()
    expect(page.get_by_test_id("backlog")).to_contain_text("1 hồ sơ chưa đồng bộ")
    delivery.run()  # the sender's next round
    page.get_by_role("button", name="Đối chiếu ngày này ngay").click()
    expect(page.get_by_test_id("result")).to_contain_text("2 hồ sơ lúc")
    expect(page.get_by_test_id("result")).to_contain_text(": 0 chênh lệch")
    expect(page.get_by_test_id("history")).to_contain_text("06/03/2023")
    assert codes[1] in national.dossiers


def test_the_control_office_reads_the_national_catalog_into_a_draft_decision(
    page,
    live_server,
    published,  # noqa: F811 - the fixture
    national,
):
    raws = {raw["ma_thu_tuc"]: raw for raw in map(json.loads, sample_lines())}
    national.catalog = {code: thu_tuc(raws[code]) for code in (CODE, "1.004286")}
    sign_in(page, live_server, "stp.kiemsoat", "/dong-bo-quoc-gia/")
    expect(page.get_by_test_id("unmapped-count")).to_contain_text("đều có mã quốc gia")
    page.get_by_role("button", name="Đọc danh mục TTHC quốc gia").click()
    expect(page.locator("body")).to_contain_text("Đang đọc danh mục TTHC quốc gia")
    pull.run(CatalogPull.objects.get())  # the background worker's turn
    page.reload()
    pulls = page.get_by_test_id("pulls")
    expect(pulls).to_contain_text("2 thủ tục trong danh sách: 1 thêm mới")
    pulls.get_by_role("link").click()  # the draft decision, to localise and sign
    expect(page.locator("body")).to_contain_text("1.004286")
    expect(page.locator("body")).to_contain_text("Mới trên CSDL quốc gia.")
    expect(page.locator("body")).to_contain_text("1 mới, 0 sửa đổi, 0 bãi bỏ")
