"""The citizen's data store at work in headless Chromium: the papers of an earlier online
dossier are proposed again for a new one of the same kind — nothing uploaded twice — and the
new dossier counts as reusing them."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier
from tests.e2e.test_one_stop import CODE, published  # noqa: F401 - a fixture
from tests.e2e.test_online import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_citizen_files_again_without_uploading_what_the_store_holds(
    page,
    live_server,
    published,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = get_user_model().objects.create_user(
        username="lan@example.vn",
        email="lan@example.vn",
        phone="0915000333",
        password="hoa-lan-trang-2026",
        kind="citizen",
        full_name="Phạm Thị Lan",
        id_number="006190007777",
        address="Phường Đức Xuân",
    )
    version = ProcedureVersion.objects.get(procedure__code=CODE, source="province")
    agency = selectors.deciding_agencies(version, timezone.localdate()).first()
    documents = list(version.documents.all())
    first = services.submit_online(
        procedure_code=CODE,
        agency=agency,
        applicant=services.Applicant(name="Phạm Thị Lan", id_number="006190007777"),
        documents=[services.Handed(required_id=d.pk, copies=1) for d in documents],
        attachments=[
            services.Attached(document=i, name=f"giay-to-{i + 1}.pdf", data=PDF)
            for i in range(len(documents))
        ],
        owner=owner,
    )

    sign_in(page, live_server, "lan@example.vn", "hoa-lan-trang-2026", f"/portal/thu-tuc/{CODE}/")
    page.get_by_role("button", name="Nộp hồ sơ trực tuyến").click()
    selects = page.locator("select[name^=reuse_]")
    expect(selects).to_have_count(len(documents))  # every paper is in the store already
    for index in range(len(documents)):  # proposed, each from the earlier dossier
        expect(selects.nth(index).locator("option:checked")).to_contain_text(first.code)
    page.get_by_label("Địa chỉ").fill("Tổ 5, phường Đức Xuân")
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.get_by_test_id("state")).to_contain_text("Mới đăng ký")

    second = Dossier.objects.exclude(pk=first.pk).get(owner=owner)
    copies = list(second.scans.all())
    assert len(copies) == len(documents) and all(c.reused_from_id for c in copies)
    assert second.reused  # the reuse indicator counts it
    page.goto(f"{live_server.url}/portal/kho-du-lieu/")
    expect(page.get_by_test_id("data-store")).to_contain_text(first.code)
