"""The catalog API, as API-CONTRACT.md names it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog import services
from motcua.catalog.models import DecisionItem, PublicationDecision

pytestmark = pytest.mark.django_db
A = DecisionItem.Action


@pytest.fixture
def controller(api, demo):
    api.force_authenticate(get_user_model().objects.get(username="stp.kiemsoat"))
    return api


@pytest.fixture
def published(sample_subset):
    decision = services.create_decision("100/QĐ-UBND")
    services.add_item(decision, A.NEW, "1.012781")
    return services.sign_decision(decision, signed_on=dt.date(2023, 3, 1))


def test_search_without_diacritics_finds_the_procedure(api, sample_subset):
    body = api.get("/api/v1/procedures", {"q": "dang ky cap giay chung nhan thua dat"}).json()
    assert body["count"] >= 1
    assert "1.012781" in [r["code"] for r in body["results"][:5]]
    first = body["results"][0]
    assert {"code", "name", "level", "field"} <= set(first)


def test_search_forgives_a_typo_and_says_so(api, sample_subset):
    body = api.get("/api/v1/procedures", {"q": "giay chung nhan thau dat"}).json()
    assert body["corrected"]
    assert body["count"] >= 1


def test_search_pages_with_next_links(api, sample_subset):
    body = api.get("/api/v1/procedures", {"limit": "10"}).json()
    assert len(body["results"]) == 10 and body["next"]
    second = api.get(body["next"]).json()
    assert {r["code"] for r in second["results"]}.isdisjoint({r["code"] for r in body["results"]})


def test_scope_province_lists_only_the_published(api, published):
    body = api.get("/api/v1/procedures", {"scope": "province", "as_of": "2023-06-30"}).json()
    assert [r["code"] for r in body["results"]] == ["1.012781"]
    assert body["results"][0]["source"] == "province"
    before = api.get("/api/v1/procedures", {"scope": "province", "as_of": "2023-02-28"}).json()
    assert before["count"] == 0


def test_detail_has_the_legal_content_and_history(api, published):
    body = api.get("/api/v1/procedures/1.012781", {"as_of": "2023-06-30"}).json()
    version = body["version"]
    assert body["in_province_list"] is True
    channels = {t["channel"]: t for t in version["time_limits"]}
    assert channels["direct"]["value"] == 20 and channels["direct"]["unit"] == "working_days"
    assert version["fees"] and "amount" in version["fees"][0]
    assert version["documents"] and {"id", "name", "originals", "copies", "required"} <= set(
        version["documents"][0]
    )
    assert version["online"] in {"none", "partial", "full"}
    assert {"decision": "100/QĐ-UBND", "action": "new"}.items() <= body["history"][
        -1
    ].items() or any(h["decision"] == "100/QĐ-UBND" for h in body["history"])


def test_detail_errors(api, sample_subset):
    assert api.get("/api/v1/procedures/9.999999").json()["code"] == "procedure_not_found"
    assert api.get("/api/v1/procedures/1.012781", {"as_of": "x"}).status_code == 400


def test_statistics(api, published):
    body = api.get("/api/v1/catalog/statistics", {"from": "2023-01-01", "to": "2023-06-30"}).json()
    assert body["decisions"] == 1
    assert body["procedures"]["new"] == 1 and body["procedures"]["total"] == 1
    bad = api.get("/api/v1/catalog/statistics", {"from": "2023-07-01", "to": "2023-01-01"})
    assert bad.status_code == 400 and "to" in bad.json()["fields"]


def test_decisions_list_and_detail(api, published):
    listed = api.get("/api/v1/decisions", {"from": "2023-01-01", "to": "2023-12-31"}).json()
    assert [d["number"] for d in listed["results"]] == ["100/QĐ-UBND"]
    detail = api.get(f"/api/v1/decisions/{published.pk}").json()
    assert detail["items"][0]["procedure"] == "1.012781"
    assert {d["kind"] for d in detail["duties"]} == {
        "sync",
        "configure",
        "internal_process",
        "online",
    }


def test_the_control_office_drafts_and_signs_a_decision(controller, sample_subset):
    created = controller.post(
        "/api/v1/decisions", {"number": "55/QĐ-UBND"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    replay = controller.post(
        "/api/v1/decisions", {"number": "55/QĐ-UBND"}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert replay.status_code == 201 and replay.json()["id"] == pk
    assert PublicationDecision.objects.filter(number="55/QĐ-UBND").count() == 1
    item = controller.post(
        f"/api/v1/decisions/{pk}/items", {"action": "new", "procedure": "1.012781"}, format="json"
    )
    assert item.status_code == 201
    signed = controller.post(
        f"/api/v1/decisions/{pk}/sign", {"signed_on": "2023-04-03"}, format="json"
    )
    assert signed.status_code == 200 and signed.json()["state"] == "signed"
    again = controller.post(
        f"/api/v1/decisions/{pk}/sign", {"signed_on": "2023-04-04"}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"


def test_a_reused_idempotency_key_with_another_body_is_refused(controller):
    controller.post(
        "/api/v1/decisions", {"number": "56/QĐ-UBND"}, format="json", HTTP_IDEMPOTENCY_KEY="k2"
    )
    other = controller.post(
        "/api/v1/decisions", {"number": "57/QĐ-UBND"}, format="json", HTTP_IDEMPOTENCY_KEY="k2"
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_writing_needs_the_control_office_role(api, demo):
    assert api.post("/api/v1/decisions", {"number": "1/X"}, format="json").status_code == 401
    api.force_authenticate(get_user_model().objects.get(username="stp.motcua"))
    response = api.post("/api/v1/decisions", {"number": "1/X"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_bad_items_name_the_field(controller, sample_subset):
    pk = controller.post("/api/v1/decisions", {"number": "58/QĐ-UBND"}, format="json").json()["id"]
    response = controller.post(
        f"/api/v1/decisions/{pk}/items",
        {"action": "replaced", "procedure": "1.012781"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "successor_required"
    assert "successor" in response.json()["fields"]


def test_a_code_finds_its_procedure_first(api, sample_subset):
    body = api.get("/api/v1/procedures", {"q": "1.012781"}).json()
    assert body["results"][0]["code"] == "1.012781"
    assert body["count_is_estimate"] is False


def test_among_thousands_of_matches_the_phrase_comes_first(api):
    """Every match is ranked: the words side by side, in the query's order, win over names holding
    the same words apart; the count is exact."""
    from motcua.catalog.models import Procedure, ProcedureVersion

    scattered = "Phép cấp đổi giấy tờ {n}"  # all three words, never side by side
    names = [scattered.format(n=n) for n in range(700)]
    names += ["Cấp giấy phép khai thác nước mặt", "Cấp giấy phép xây dựng nhà ở riêng lẻ"]
    procedures = Procedure.objects.bulk_create(
        [Procedure(code=f"9.{n:06d}") for n in range(len(names))]
    )
    ProcedureVersion.objects.bulk_create(
        ProcedureVersion(
            procedure=procedure,
            number=1,
            status="published",
            source="national",
            name=name,
            levels=",province,",
        )
        for procedure, name in zip(procedures, names, strict=True)
    )
    body = api.get("/api/v1/procedures", {"q": "cap giay phep", "limit": "5"}).json()
    assert body["count_is_estimate"] is False
    assert {r["name"] for r in body["results"][:2]} == set(names[-2:])
    # The scattered words are far behind: below a fifth of the best score, they are not listed.
    assert body["count"] == 2 and not body["next"]


def test_result_rows_are_written_as_drf_would_write_them(published):
    from rest_framework import serializers

    from motcua.catalog.api.serializers import ProcedureSummarySerializer
    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.shapes import SUMMARY

    versions = ProcedureVersion.objects.select_related("procedure", "field").order_by("id")[:60]
    assert any(v.field_id is None for v in versions) or any(v.field_id for v in versions)
    for version in versions:
        generic = serializers.Serializer.to_representation(ProcedureSummarySerializer(), version)
        assert SUMMARY.write_instance(version, {}) == dict(generic)


def test_an_item_takes_and_returns_the_content_it_publishes(controller, sample_subset):
    decision = services.create_decision("501/QĐ-UBND")
    content = {
        "action": "new",
        "procedure": "1.012781",
        "name": "Đăng ký đất đai lần đầu",
        "field": "Đất đai",
        "levels": ["province", "commune"],
        "mechanism": "inter_agency",
        "online": "full",
        "receiving_address": "Trung tâm Phục vụ hành chính công tỉnh",
        "legal_basis_text": "Luật Đất đai số 31/2024/QH15",
        "time_limits": [
            {"channel": "direct", "value": "15", "unit": "working_days", "text": "15 ngày"},
            {"channel": "online", "value": "12", "unit": "working_days", "text": "12 ngày"},
        ],
        "fees": [{"amount": 100000, "currency": "VND", "text": "100.000 đồng"}],
        "documents": [{"name": "Đơn đăng ký", "originals": 1, "form_name": "Mẫu 04a/ĐK"}],
        "agencies": ["000.00.10.H03"],
    }
    response = controller.post(f"/api/v1/decisions/{decision.pk}/items", content, format="json")
    assert response.status_code == 201, response.json()
    (item,) = controller.get(f"/api/v1/decisions/{decision.pk}").json()["items"]
    published = item["content"]
    assert published["name"] == "Đăng ký đất đai lần đầu" and published["field"] == "Đất đai"
    assert published["levels"] == ["province", "commune"]
    assert (published["mechanism"], published["online"]) == ("inter_agency", "full")
    assert [(t["channel"], t["value"]) for t in published["time_limits"]] == [
        ("direct", 15),
        ("online", 12),
    ]
    assert [f["amount"] for f in published["fees"]] == [100000]
    assert [d["name"] for d in published["documents"]] == ["Đơn đăng ký"]
    assert [a["code"] for a in published["agencies"]] == ["000.00.10.H03"]


@pytest.mark.parametrize(
    "bad",
    [
        {"levels": ["galaxy"]},
        {"time_limits": [{"channel": "fax"}]},
        {"time_limits": [{"channel": "direct", "value": "-1"}]},
        {"fees": [{"amount": -5}]},
        {"documents": [{"name": ""}]},
        {"agencies": ["000.00.99.Z99"]},
        {"time_limits": [{"channel": "direct"}] * 51},
    ],
)
def test_bad_content_is_refused_and_nothing_is_added(controller, sample_subset, bad):
    decision = services.create_decision("502/QĐ-UBND")
    response = controller.post(
        f"/api/v1/decisions/{decision.pk}/items",
        {"action": "new", "procedure": "1.012781", **bad},
        format="json",
    )
    assert response.status_code in (400, 404)
    assert "code" in response.json()
    assert not decision.items.exists()


PROCESS = {
    "agency": "000.00.10.H03",
    "channel": "direct",
    "effective_from": "2023-03-01",
    "approval_decision": "512/QĐ-UBND",
    "steps": [
        {"actor": "Bộ phận Một cửa", "action": "Tiếp nhận", "days": "0.25"},
        {"actor": "Lãnh đạo phòng", "action": "Phân công", "hours": "2"},
        {"actor": "Chuyên viên", "action": "Thẩm định"},
        {"actor": "Văn phòng UBND tỉnh", "action": "Trình ký"},
        {"actor": "Bộ phận Một cửa", "action": "Trả kết quả", "counted": False},
    ],
    "segments": [{"first": 3, "last": 4, "days": "19.5", "actor": "Sở và Văn phòng"}],
}


def test_internal_processes_are_written_and_read(controller, api, published):
    url = "/api/v1/procedures/1.012781/processes"
    created = controller.post(url, PROCESS, format="json")
    assert created.status_code == 201, created.json()
    body = api.get(url, {"as_of": "2023-03-02"}).json()
    (process,) = body
    assert process["agency"] == "000.00.10.H03" and process["approval_decision"] == "512/QĐ-UBND"
    assert [s["days"] for s in process["steps"]] == [0.25, None, None, None, None]
    assert process["segments"] == [
        {"first": 3, "last": 4, "days": 19.5, "actor": "Sở và Văn phòng", "agency": None}
    ]
    assert api.get(url, {"as_of": "2023-02-28"}).json() == []
    wrong = controller.post(
        url, PROCESS | {"segments": [{"first": 3, "last": 4, "days": "5"}]}, format="json"
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "process_time_mismatch"
    api.force_authenticate(None)  # reading is public, writing is the control office's
    assert api.get(url).status_code == 200
    assert api.post(url, PROCESS, format="json").status_code in (401, 403)
    assert api.get("/api/v1/procedures/9.999999/processes").status_code == 404
