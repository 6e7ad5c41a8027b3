"""The dossier API as API-CONTRACT.md names it."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model

from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import CODE, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(api, published):
    api.force_authenticate(user("stp.motcua"))
    return api


def body(stp, **overrides):
    return {
        "procedure": CODE,
        "agency": stp.code,
        "channel": "direct",
        "applicant": {"name": "Nguyễn Văn An", "id_number": "006090001234", "phone": "0912345678"},
        "documents": [{"name": "Đơn đăng ký", "originals": 1}],
    } | overrides


def test_receipt_returns_the_code_and_appointment_and_replays(officer, stp):
    first = officer.post("/api/v1/dossiers", body(stp), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.json()
    data = first.json()
    assert data["code"].startswith(f"{stp.code}-")
    assert data["state"] == 2 and data["state_label"] == "Được tiếp nhận"
    assert data["received_at"] and data["due_at"]
    journal = officer.get(f"/api/v1/dossiers/{data['code']}").json()["journal"]
    assert [event["action"] for event in journal] == ["receive"]
    assert "hand_over" in data["actions"]
    again = officer.post("/api/v1/dossiers", body(stp), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 201 and again.json() == data
    assert Dossier.objects.count() == 1


def test_bad_receipts_name_the_field_and_write_nothing(officer, stp):
    unknown = officer.post("/api/v1/dossiers", body(stp, procedure="9.999999"), format="json")
    assert unknown.status_code == 404 and unknown.json()["code"] == "procedure_not_found"
    phone = officer.post(
        "/api/v1/dossiers",
        body(stp, applicant={"name": "A", "phone": "gọi tôi"}),
        format="json",
    )
    assert phone.status_code == 400 and "applicant.phone" in phone.json()["fields"]
    missing = officer.post(
        "/api/v1/dossiers", body(stp, outcome="request_supplement"), format="json"
    )
    assert missing.status_code == 400 and "missing" in missing.json()["fields"]
    assert not Dossier.objects.exists()


def test_actions_move_the_dossier_or_say_why_not(officer, stp, api):
    code = officer.post("/api/v1/dossiers", body(stp), format="json").json()["code"]
    url = f"/api/v1/dossiers/{code}/actions"
    wrong = officer.post(url, {"action": "return_result"}, format="json")
    assert wrong.status_code == 409 and wrong.json()["code"] == "transition_not_allowed"
    unknown = officer.post(url, {"action": "teleport"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_action"
    moved = officer.post(url, {"action": "hand_over", "revision": 1}, format="json")
    assert moved.status_code == 200 and moved.json()["state"] == 4
    stale = officer.post(url, {"action": "request_stop", "revision": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "dossier_changed"

    api.force_authenticate(user("stp.chuyenvien"))
    detail = api.get(f"/api/v1/dossiers/{code}").json()
    assert detail["actions"] == ["forward", "send_back", "request_supplement", "request_payment"]
    assert [s["order"] for s in detail["steps"]] == [1]


def test_other_agencies_see_nothing(officer, stp, api):
    code = officer.post("/api/v1/dossiers", body(stp), format="json").json()["code"]
    api.force_authenticate(user("skhdt.motcua"))
    assert api.get(f"/api/v1/dossiers/{code}").status_code == 404
    assert api.get("/api/v1/dossiers").json()["results"] == []
    acted = api.post(f"/api/v1/dossiers/{code}/actions", {"action": "hand_over"}, format="json")
    assert acted.status_code == 404
    api.force_authenticate(None)
    assert api.get("/api/v1/dossiers").status_code == 401


def test_the_list_filters_and_finds_applicants_without_diacritics(officer, stp):
    officer.post("/api/v1/dossiers", body(stp), format="json")
    other = body(stp, applicant={"name": "Trần Thị Bình", "id_number": "008190004321"})
    officer.post("/api/v1/dossiers", other, format="json")
    found = officer.get("/api/v1/dossiers", {"q": "nguyen van an"}).json()["results"]
    assert [d["applicant_name"] for d in found] == ["Nguyễn Văn An"]
    by_id = officer.get("/api/v1/dossiers", {"q": "008190004321"}).json()["results"]
    assert [d["applicant_name"] for d in by_id] == ["Trần Thị Bình"]
    assert len(officer.get("/api/v1/dossiers", {"state": 2}).json()["results"]) == 2
    assert officer.get("/api/v1/dossiers", {"state": 4}).json()["results"] == []
    bad = officer.get("/api/v1/dossiers", {"received_from": "hôm qua"})
    assert bad.status_code == 400 and "received_from" in bad.json()["fields"]


def test_slips_are_pdfs_of_the_regime_in_force_on_receipt(officer, stp):
    from motcua.dossiers import slips

    code = officer.post("/api/v1/dossiers", body(stp), format="json").json()["code"]
    response = officer.get(f"/api/v1/dossiers/{code}/slips/receipt")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"{code}-receipt" in response["Content-Disposition"]
    html = slips.render(Dossier.objects.get(code=code), "receipt").html
    assert "Mẫu số 01" in html and "03/2025/TT-VPCP" in html  # received today: Decree 118
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert "Nguyễn Văn An" in html and "<svg" in html  # the QR code to the tracking page
    missing = officer.get(f"/api/v1/dossiers/{code}/slips/refusal")
    assert missing.status_code == 404 and missing.json()["code"] == "slip_not_available"


def test_a_2023_dossier_prints_the_forms_of_circular_01_2018(receive):
    from motcua.dossiers import services, slips
    from tests.dossiers.conftest import moment

    dossier = receive()  # received on 6/3/2023
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    control = slips.render(Dossier.objects.get(pk=dossier.pk), "control").html
    assert "Mẫu số 05" in control and "01/2018/TT-VPCP" in control  # 06 under Circular 03/2025
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in control
    assert slips.render(dossier, "receipt").pdf().startswith(b"%PDF")


def test_a_paper_only_shown_is_recorded_as_needing_no_scan(officer, stp):
    documents = [{"name": "Căn cước công dân", "originals": 1, "scan_exemption": "shown"}]
    code = officer.post("/api/v1/dossiers", body(stp, documents=documents), format="json").json()[
        "code"
    ]
    detail = officer.get(f"/api/v1/dossiers/{code}").json()
    assert detail["documents"][0]["scan_exemption"] == "shown"
    bad = officer.post(
        "/api/v1/dossiers",
        body(stp, documents=[{"name": "X", "scan_exemption": "lazy"}]),
        format="json",
    )
    assert bad.status_code == 400 and "documents.0.scan_exemption" in bad.json()["fields"]


def test_the_list_rows_are_written_as_drf_would_write_them(officer, stp, receive):
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from motcua.dossiers import selectors, services
    from motcua.dossiers.api.serializers import DossierSerializer
    from motcua.dossiers.api.shapes import DOSSIER
    from tests.dossiers.conftest import moment

    received = receive()
    services.act(received.code, "hand_over", at=moment(2023, 3, 6, 10))
    receive(outcome=services.Outcome("request_supplement", missing=["Tờ khai"]))
    request = APIRequestFactory().get("/api/v1/dossiers")
    request.user = user("stp.motcua")
    rows = selectors.with_related(Dossier.objects.order_by("-id"))
    listed = officer.get("/api/v1/dossiers").json()["results"]  # read as values
    assert len(listed) == len(rows) == 2
    for dossier, row in zip(rows, listed, strict=True):
        fast = DOSSIER.write_instance(dossier, {"request": request})
        generic = serializers.ModelSerializer.to_representation(
            DossierSerializer(context={"request": request}), dossier
        )
        assert dict(fast) == dict(generic) == row
        assert generic["actions"]  # the desk may act on both


def test_the_list_asks_the_database_the_same_few_times_for_one_row_or_many(
    officer, stp, receive, django_assert_max_num_queries
):
    receive()
    # The unfiltered list finds its page by four short walks on indexes (the ways the desk's
    # agency has a dossier, selectors.newest), then reads the rows in one query.
    with django_assert_max_num_queries(10):  # and the codes and names the rows point to, once
        officer.get("/api/v1/dossiers")
    with django_assert_max_num_queries(7) as one:
        first = officer.get("/api/v1/dossiers")
    for _ in range(6):
        receive()
    with django_assert_max_num_queries(len(one.captured_queries)):
        many = officer.get("/api/v1/dossiers")
    assert len(first.json()["results"]) == 1 and len(many.json()["results"]) == 7
    assert many.json()["results"][0]["actions"]  # the desk may act on them


def test_a_list_shows_a_renamed_version_or_agency_at_once(officer, stp, receive):
    """The codes and names a list shows are kept in the process under the reference stamp: a
    change, however it is made, is seen by the next list."""
    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureVersion

    dossier = receive()
    before = officer.get("/api/v1/dossiers").json()["results"][0]
    assert before["procedure_name"] == dossier.version.name and before["agency"] == stp.code
    ProcedureVersion.objects.filter(pk=dossier.version_id).update(name="Tên mới của thủ tục")
    Agency.objects.filter(pk=stp.pk).update(code="000.00.99.H03")
    after = officer.get("/api/v1/dossiers").json()["results"][0]
    assert after["procedure_name"] == "Tên mới của thủ tục"
    assert after["agency"] == after["receiving_agency"] == after["holder"] == "000.00.99.H03"


def test_the_detail_reads_a_fixed_number_of_rows_however_long_its_journal(
    officer, receive, django_assert_max_num_queries
):
    """Every related row the detail shows comes with the dossier or with its rows of one kind:
    nothing is read later one row at a time."""
    from motcua.dossiers import services
    from tests.dossiers.conftest import moment

    dossier = receive()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    # The roles' stamp, the dossier, its steps, documents, scans and journal.
    with django_assert_max_num_queries(6) as short:
        first = officer.get(f"/api/v1/dossiers/{dossier.code}").json()
    services.act(dossier.code, "forward", user=user("stp.chuyenvien"), at=moment(2023, 3, 6, 11))
    with django_assert_max_num_queries(len(short.captured_queries)):
        later = officer.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert len(later["journal"]) == len(first["journal"]) + 1 == 3
    assert later["journal"][-1]["actor"] == "stp.chuyenvien"
    assert later["procedure"] == first["procedure"] and later["agency"] == first["agency"]


def test_the_detail_is_written_as_drf_would_write_it(api, receive, settings, tmp_path):
    """``dossiers.api.detail`` reads with plain queries and writes the answer itself; at every
    stage of a dossier's life, and for each caller, it is what ``DossierDetailSerializer``
    writes from the ORM's objects."""
    from rest_framework.test import APIRequestFactory

    from motcua.dossiers import digitization, selectors, services
    from motcua.dossiers.api.detail import detail
    from motcua.dossiers.api.serializers import DossierDetailSerializer
    from tests.dossiers.conftest import moment

    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    dossier = receive(email="an@example.vn", address="Tổ 1, phường Đức Xuân")
    desk, specialist, leader = user("stp.motcua"), user("stp.chuyenvien"), user("stp.lanhdao")
    callers = [desk, specialist, leader, user("admin")]
    document = dossier.documents.get()
    stages = [
        lambda: digitization.digitize(
            dossier.code, data=pdf, name="don.pdf", pages=2, user=desk, document_id=document.pk
        ),
        lambda: services.act(dossier.code, "hand_over", user=desk, at=moment(2023, 3, 6, 10)),
        lambda: services.act(
            dossier.code, "assign", user=leader, assignee=specialist.pk, at=moment(2023, 3, 6, 11)
        ),
        lambda: services.act(dossier.code, "forward", user=specialist, at=moment(2023, 3, 7, 9)),
        lambda: services.act(
            dossier.code,
            "record_result",
            user=leader,
            number="12/GP",
            signer="Lê Văn C",
            date=dt.date(2023, 3, 8),
            at=moment(2023, 3, 8, 9),
        ),
        lambda: digitization.digitize(dossier.code, data=pdf, name="gp.pdf", pages=1, user=desk),
        lambda: services.act(dossier.code, "return_result", user=desk, at=moment(2023, 3, 9, 9)),
    ]
    compared = 0
    for stage in [lambda: None, *stages]:
        stage()
        for caller in callers:
            request = APIRequestFactory().get(f"/api/v1/dossiers/{dossier.code}")
            request.user = caller
            orm = selectors.dossier_for(caller, dossier.code)
            written = DossierDetailSerializer(orm, context={"request": request}).data
            fast = detail(caller, dossier.code, {"request": request})
            assert fast == json.loads(json.dumps(written)) == written
            compared += 1
    final = detail(desk, dossier.code, {"request": request})
    assert final["result_number"] == "12/GP" and final["result_date"] == "2023-03-08"
    assert final["documents"][0]["scans"][0]["vouched_by"] == "stp.motcua"
    assert [s["name"] for s in final["result_scans"]] == ["gp.pdf"]
    assert any(step["assignee"] == "stp.chuyenvien" for step in final["steps"])
    assert final["journal"][-1]["action"] == "return_result" and compared == 32


def test_a_dossier_is_seen_in_detail_by_exactly_those_the_list_shows_it_to(api, receive):
    """``selectors.may_see`` (the detail's check) against ``visible_to`` (the lists' query), for
    every account: the receiving desk, the agency it was transferred to, other agencies, the
    applicant who owns it and another applicant."""
    from motcua.agencies.models import StaffRole
    from motcua.dossiers import selectors, services
    from motcua.dossiers.models import Dossier
    from tests.dossiers.conftest import moment

    owner = get_user_model().objects.create_user("cd.an", kind="citizen")
    stranger = get_user_model().objects.create_user("cd.binh", kind="citizen")
    kept = receive()
    moved = receive()
    Dossier.objects.filter(pk=moved.pk).update(owner=owner)
    admin = user("admin")
    services.act(moved.code, "hand_over", user=admin, at=moment(2023, 3, 6, 10))
    planning = StaffRole.objects.filter(user__username="skhdt.motcua").get().agency
    services.act(
        moved.code, "transfer", user=admin, agency=planning.code, days=1, at=moment(2023, 3, 6, 11)
    )
    # Back at the desk with its result: the planning department still sees it, through its step.
    services.act(
        moved.code, "record_result", user=admin, number="1", signer="A", at=moment(2023, 3, 7, 9)
    )
    seen = {}
    for account in [*get_user_model().objects.all(), owner, stranger]:
        for dossier in (kept, moved):
            api.force_authenticate(account)
            status = api.get(f"/api/v1/dossiers/{dossier.code}").status_code
            listed = selectors.visible_to(account).filter(pk=dossier.pk).exists()
            assert status == (200 if listed else 404), (account.username, dossier.code)
            seen[(account.username, dossier.code)] = listed
    assert seen[("cd.an", moved.code)] and not seen[("cd.binh", moved.code)]
    assert not seen[("cd.an", kept.code)]
    # The "all" tab's newest first, walked by each way of seeing one, lists the same dossiers.
    for account in [*get_user_model().objects.all(), owner, stranger]:
        expected = selectors.visible_to(account).order_by("-id").values_list("id", flat=True)
        for limit in (1, 5):
            assert selectors.newest(account, limit) == list(expected[:limit]), account.username
            below = moved.pk  # the next page, after the newest
            older = list(expected.filter(id__lt=below)[:limit])
            assert selectors.newest(account, limit, below=below) == older, account.username
        # The API's unfiltered list walks the same way, page after page.
        api.force_authenticate(account)
        listed = [row["code"] for row in api.get("/api/v1/dossiers").json()["results"]]
        assert listed == [
            code
            for code in Dossier.objects.filter(id__in=expected[:50])
            .order_by("-id")
            .values_list("code", flat=True)
        ], account.username
    assert seen[("skhdt.chuyenvien", moved.code)] and not seen[("skhdt.chuyenvien", kept.code)]
    assert sum(seen.values()) > 2 and not all(seen.values())


def test_slips_print_on_the_paper_their_circular_states(receive, settings):
    from motcua.dossiers import services, slips
    from tests.dossiers.conftest import moment

    dossier = receive()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert "size: A5;" in slips.render(dossier, "receipt").html
    assert "size: A5 landscape;" in slips.render(dossier, "control").html
    # Before any circular prescribed forms (a deployment moving 01/2018 later): no number.
    settings.MOTCUA_FORMS_EFFECTIVE = {"01/2018/TT-VPCP": "2024-01-01"}
    html = slips.render(dossier, "receipt").html
    assert "Mẫu số" not in html and "01/2018/TT-VPCP" not in html
