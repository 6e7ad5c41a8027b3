"""POST /api/v1/decisions/import-document, the decision's document, and resolving rows."""

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import PublicationDecision
from motcua.catalog.services import documents, sign_decision
from tests.catalog.test_decision_documents import (  # noqa: F401 - fixture
    LAI_CHAU,
    QUANG_NGAI,
    QUANG_NGAI_CODES,
    justice,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/decisions/import-document"


def as_user(api, name: str):
    api.force_authenticate(get_user_model().objects.get(username=f"stp.{name}"))
    return api


@pytest.fixture
def controller(api, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return as_user(api, "kiemsoat")


def post(api, path, **extra):
    with path.open("rb") as fh:
        return api.post(URL, {"file": fh, **extra}, format="multipart")


def test_reading_without_confirming_stores_nothing(controller, justice):  # noqa: F811
    response = post(controller, QUANG_NGAI)
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "1628/QĐ-UBND" and body["date"] == "2025-11-21"
    assert body["items"] == {"new": 9, "amended": 0, "replaced": 0, "abolished": 0}
    assert body["codes"] == QUANG_NGAI_CODES
    assert body["decision"] is None
    assert not PublicationDecision.objects.exists()


def test_confirming_creates_the_draft_with_its_rows_to_resolve(controller, justice):  # noqa: F811
    response = post(controller, LAI_CHAU, confirm="true")
    assert response.status_code == 201
    body = response.json()
    assert body["items"]["new"] == 2 and body["unresolved"] == 2
    pk = body["decision"]
    detail = controller.get(f"/api/v1/decisions/{pk}").json()
    assert [r["order"] for r in detail["unresolved"]] == [1, 2]
    assert detail["follow_up"][0]["kind"] == "configure"
    assert detail["dated_on"] == "2025-11-20"

    bad = controller.post(f"/api/v1/decisions/{pk}/rows/1", {"code": "abc"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_procedure_code"
    missing = controller.post(f"/api/v1/decisions/{pk}/rows/9", {"drop": True}, format="json")
    assert missing.status_code == 404
    empty = controller.post(f"/api/v1/decisions/{pk}/rows/1", {}, format="json")
    assert empty.status_code == 400
    done = controller.post(f"/api/v1/decisions/{pk}/rows/1", {"code": "1.014601"}, format="json")
    assert done.status_code == 200
    assert [i["procedure"] for i in done.json()["items"]] == ["1.014601"]
    dropped = controller.post(f"/api/v1/decisions/{pk}/rows/2", {"drop": True}, format="json")
    assert dropped.json()["unresolved"] == []


def test_the_document_of_a_draft_is_for_the_control_office(controller, api, justice):  # noqa: F811
    decision = documents.create_draft(documents.read_document(QUANG_NGAI.read_bytes()))
    url = f"/api/v1/decisions/{decision.pk}/document"
    word = controller.get(url)
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert controller.get(url, {"format": "pdf"}).content.startswith(b"%PDF")
    assert controller.get(url, {"format": "exe"}).status_code == 400
    api.force_authenticate(None)
    assert api.get(url).status_code in (401, 403)
    sign_decision(decision, signed_on=decision.dated_on)
    assert api.get(url).status_code == 200  # a signed decision is public


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04junk", b"%PDF-1.4", b"<html>"])
def test_hostile_files_are_refused_with_a_code(controller, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = controller.post(
        URL, {"file": SimpleUploadedFile("x.docx", data), "confirm": "true"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] in (
        "decision_document_unreadable",
        "decision_document_no_text",
        "invalid",
    )
    assert not PublicationDecision.objects.exists()


@pytest.mark.parametrize("role", ["motcua", "chuyenvien", "lanhdao"])
def test_only_the_control_office_imports(api, demo, role, justice):  # noqa: F811
    as_user(api, role)
    assert post(api, QUANG_NGAI, confirm="true").status_code == 403
    assert not PublicationDecision.objects.exists()


def test_anonymous_cannot_import(api, justice):  # noqa: F811
    assert post(api, QUANG_NGAI).status_code in (401, 403)


def test_a_procedure_published_by_reference_says_so(controller, api, justice):  # noqa: F811
    decision = documents.create_draft(documents.read_document(LAI_CHAU.read_bytes()))
    documents.resolve_row(decision, 1, code="1.014601")
    documents.resolve_row(decision, 2, drop=True)
    detail = controller.get(f"/api/v1/decisions/{decision.pk}").json()
    assert detail["items"][0]["content_follows"] == "4347/QĐ-BVHTTDL"
    sign_decision(decision, signed_on=decision.dated_on)
    page = api.get("/portal/thu-tuc/1.014601/", {"as_of": "2025-11-21"}).content.decode()
    assert 'data-testid="by-reference"' in page and "4347/QĐ-BVHTTDL" in page
