"""The officer pages: queues, the receipt form's errors, who sees which dossier."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import CODE, moment, user

pytestmark = pytest.mark.django_db


def test_queues_put_the_late_and_the_soon_apart(client, receive):
    late = receive(at=moment(2023, 3, 6, 9))  # its appointment (3/4/2023) has long passed
    client.force_login(user("stp.motcua"))
    todo = client.get("/mot-cua/").content.decode()
    assert late.code in todo
    assert late.code in client.get("/mot-cua/?tab=late").content.decode()
    assert late.code not in client.get("/mot-cua/?tab=soon").content.decode()
    client.force_login(user("stp.chuyenvien"))  # nothing to process until it is handed over
    assert late.code not in client.get("/mot-cua/").content.decode()
    services.act(late.code, "hand_over", user=user("stp.motcua"))
    assert late.code in client.get("/mot-cua/").content.decode()
    found = client.get("/mot-cua/", {"q": "nguyen van"}).content.decode()
    assert late.code in found


def test_a_bad_receipt_is_explained_and_saves_nothing(client, published):
    client.force_login(user("stp.motcua"))
    form = client.get(f"/mot-cua/tiep-nhan/?thu_tuc={CODE}").content.decode()
    assert "Lưu tiếp nhận" in form
    response = client.post(
        "/mot-cua/tiep-nhan/",
        {
            "procedure": CODE,
            "deciding_agency": user("stp.motcua").staff_roles.first().agency_id,
            "channel": "direct",
            "applicant_kind": "person",
            "applicant_name": "Nguyễn Văn An",
            "phone": "gọi tôi",
            "result_delivery": "direct",
            "outcome": "accept",
        },
    )
    assert response.status_code == 400
    assert not Dossier.objects.exists()
    unknown = client.get("/mot-cua/tiep-nhan/?thu_tuc=9.999999").content.decode()
    assert "không có hiệu lực trong danh mục của tỉnh" in unknown


def test_only_the_agencies_concerned_open_a_dossier(client, receive):
    dossier = receive()
    client.force_login(user("skhdt.motcua"))
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/").status_code == 404
    client.force_login(user("stp.chuyenvien"))
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    assert "Chuyển cơ quan giải quyết" not in page  # a specialist does not hand over
    assert "20 ngày làm việc" in page and "20 Ngày" not in page  # as a sentence says it
    client.logout()
    assert client.get(f"/mot-cua/ho-so/{dossier.code}/").status_code == 302


def test_a_stale_form_is_a_clear_conflict(client, receive):
    dossier = receive()
    client.force_login(user("stp.motcua"))
    url = f"/mot-cua/ho-so/{dossier.code}/"
    first = client.post(url, {"action": "hand_over", "revision": dossier.revision})
    assert first.status_code == 302
    again = client.post(url, {"action": "hand_over", "revision": dossier.revision})
    assert again.status_code == 409
    assert "người khác cập nhật" in again.content.decode()


def test_a_paper_is_digitized_from_the_dossier_page(client, receive, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    dossier = receive()
    document = dossier.documents.get()
    client.force_login(user("stp.motcua"))
    url = f"/mot-cua/ho-so/{dossier.code}/so-hoa/"
    fake = client.post(
        url, {"document": document.pk, "pages": 1, "file": SimpleUploadedFile("a.pdf", b"MZ")}
    )
    assert fake.status_code == 400 and "PDF, JPEG hoặc PNG" in fake.content.decode()
    pdf = b"%PDF-1.4\n%%EOF\n"
    saved = client.post(
        url, {"document": document.pk, "pages": 3, "file": SimpleUploadedFile("a.pdf", pdf)}
    )
    assert saved.status_code == 302
    page = client.get(f"/mot-cua/ho-so/{dossier.code}/").content.decode()
    scan = document.scans.get()
    assert f"/ban-so-hoa/{scan.pk}/" in page and "3 trang" in page
    download = client.get(f"/mot-cua/ho-so/{dossier.code}/ban-so-hoa/{scan.pk}/")
    assert b"".join(download.streaming_content) == pdf


def test_the_admin_shows_a_dossier_and_changes_nothing(client, receive):
    dossier = receive()
    client.force_login(user("admin"))
    listing = client.get("/admin/dossiers/dossier/", {"q": dossier.code}).content.decode()
    assert dossier.code in listing
    page = client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/")
    assert page.status_code == 200 and "receive" in page.content.decode()
    assert client.post(f"/admin/dossiers/dossier/{dossier.pk}/delete/").status_code == 403


def test_a_dossier_resolved_on_time_is_not_in_the_late_queue(client, receive):
    on_time = receive(at=moment(2023, 3, 6, 9))
    services.act(on_time.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    services.act(
        on_time.code,
        "record_result",
        user=user("stp.lanhdao"),
        at=moment(2023, 3, 10, 9),
        number="1",
        signer="A",
    )
    waiting = receive(at=moment(2023, 3, 6, 9))  # never handed over: long past its appointment
    client.force_login(user("stp.motcua"))
    late = client.get("/mot-cua/?tab=late").content.decode()
    assert waiting.code in late and on_time.code not in late
    client.force_login(user("stp.chuyenvien"))  # a specialist has no desk to receive at
    assert client.get("/mot-cua/tiep-nhan/").status_code == 403


def test_the_page_and_the_api_share_the_queues(client, api, receive):
    """The officer's tabs and the API's ``queue`` are one rule (dossiers.selectors.in_queue)."""
    from django.utils import timezone

    late = receive(at=moment(2023, 3, 6, 9))
    fresh = receive(at=timezone.now())  # received just now: neither late nor due tomorrow
    officer = user("stp.motcua")
    client.force_login(officer)
    api.force_authenticate(officer)
    for queue, wanted, unwanted in (
        ("todo", {late.code, fresh.code}, set()),
        ("late", {late.code}, {fresh.code}),
        ("soon", set(), {late.code}),
    ):
        page = client.get("/mot-cua/", {"tab": queue}).content.decode()
        listed = {
            row["code"] for row in api.get("/api/v1/dossiers", {"queue": queue}).json()["results"]
        }
        assert wanted <= listed and not unwanted & listed, queue
        assert all(code in page for code in wanted) and not any(c in page for c in unwanted)
    refused = api.get("/api/v1/dossiers", {"queue": "someday"})
    assert refused.status_code == 400 and "queue" in refused.json()["fields"]


def test_the_counter_picks_a_procedure_by_words_of_its_name(client, published):
    client.force_login(user("stp.motcua"))
    url = "/mot-cua/tiep-nhan/"
    # One procedure of the province's list matches: it is chosen.
    page = client.get(url, {"thu_tuc": "giay chung nhan thua dat"}).content.decode()
    assert 'name="procedure" value="1.012781"' in page
    nothing = client.get(url, {"thu_tuc": "qqqq zzzz"}).content.decode()
    assert "Không có thủ tục nào trong danh mục của tỉnh khớp" in nothing
    for hostile in ["x" * 5000, "'; DROP TABLE dossiers_dossier; --", "<script>alert(1)</script>"]:
        response = client.get(url, {"thu_tuc": hostile})
        assert response.status_code == 200 and b"<script>alert(1)" not in response.content
    client.logout()
    assert client.get(url, {"thu_tuc": "khai sinh"}).status_code == 302  # to sign in


def test_the_deciding_agency_is_picked_from_groups_the_desks_usual_first(client, receive):
    """A province has a hundred agencies: the desk's usual ones come first, then the province's,
    then each district with its communes."""
    import re

    receive()  # one dossier received at the desk, decided by the justice department
    client.force_login(user("stp.motcua"))
    page = client.get(f"/mot-cua/tiep-nhan/?thu_tuc={CODE}").content.decode()
    select = page.split('name="deciding_agency"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[:2] == ["Thường dùng tại bộ phận này", "Cấp tỉnh"]
    assert "Ủy ban nhân dân huyện Ba Bể" in groups  # a district, with its communes under it
    usual = select.split('<optgroup label="Thường dùng tại bộ phận này">')[1].split("</optgroup>")[
        0
    ]
    assert "Sở Tư pháp tỉnh Bắc Kạn" in usual
    ba_be = select.split('<optgroup label="Ủy ban nhân dân huyện Ba Bể">')[1].split("</optgroup>")[
        0
    ]
    assert ba_be.count("<option") > 5 and "Ủy ban nhân dân xã" in ba_be
    # Every agency is still offered once outside the usual group, and the form still receives.
    assert select.count("Sở Tài chính tỉnh Bắc Kạn") == 1
