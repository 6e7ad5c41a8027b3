"""The control office imports a signed decision in the admin: upload, look, correct, confirm —
and only the confirmation writes. Hostile uploads and the wrong people change nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.models import PublicationDecision
from motcua.catalog.services import documents
from tests.catalog.test_decision_documents import LAI_CHAU, QUANG_NGAI, justice  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/admin/catalog/publicationdecision/import-document/"


def login(client, name: str):
    client.force_login(get_user_model().objects.get(username=f"stp.{name}"))
    return client


@pytest.fixture
def controller(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return login(client, "kiemsoat")


def upload(client, path):
    return client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes())})


def token_of(page: str) -> str:
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def test_reading_shows_every_row_and_writes_nothing(controller, justice):  # noqa: F811
    page = upload(controller, QUANG_NGAI).content.decode()
    assert "1628/QĐ-UBND" in page and "Nguyễn Công Hoàng" in page
    assert "9 ban hành mới" in page
    assert page.count('data-row="') == 9
    assert 'data-kind="publish"' in page
    assert not PublicationDecision.objects.exists()

    confirmed = controller.post(URL, {"token": token_of(page), "confirm": "1"})
    assert confirmed.status_code == 302
    decision = PublicationDecision.objects.get(number="1628/QĐ-UBND")
    assert decision.items.count() == 9 and decision.created_by.username == "stp.kiemsoat"
    # The preview cannot be confirmed twice.
    again = controller.post(URL, {"token": token_of(page), "confirm": "1"}).content.decode()
    assert 'data-code="preview_expired"' in again
    assert PublicationDecision.objects.count() == 1


def test_codes_corrected_in_the_preview_are_used(controller, justice):  # noqa: F811
    page = upload(controller, LAI_CHAU).content.decode()
    assert page.count('class="blocking"') == 2
    token = token_of(page)
    checked = controller.post(URL, {"token": token, "code-1": "1.014601", "check": "1"})
    assert checked.content.decode().count('class="blocking"') == 1
    controller.post(URL, {"token": token, "code-1": "1.014601", "confirm": "1"})
    decision = PublicationDecision.objects.get(number="2934/QĐ-UBND")
    assert [i.procedure.code for i in decision.items.all()] == ["1.014601"]
    assert [r["order"] for r in decision.unresolved] == [2]

    rows = f"/admin/catalog/publicationdecision/{decision.pk}/rows/"
    assert 'data-row="2"' in controller.get(rows).content.decode()
    bad = controller.post(rows, {"order": 2, "code": "<script>"}).content.decode()
    assert 'data-code="invalid_procedure_code"' in bad and "<script>" not in bad
    controller.post(rows, {"order": 2, "code": "1.014602"})
    decision.refresh_from_db()
    assert decision.unresolved == [] and decision.items.count() == 2


def test_the_draft_document_downloads_as_word_and_pdf(controller, justice):  # noqa: F811
    decision = documents.create_draft(documents.read_document(QUANG_NGAI.read_bytes()))
    base = f"/admin/catalog/publicationdecision/{decision.pk}"
    word = controller.get(f"{base}/document.docx")
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert "quyet-dinh-1628-qd-ubnd.docx" in word["Content-Disposition"]
    pdf = controller.get(f"{base}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert controller.get(f"{base}/document.exe").status_code == 403
    change = controller.get(f"{base}/change/").content.decode()
    assert "document.docx" in change


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.docx", b"not a zip"),
        ("a.docx", b"PK\x03\x04 truncated"),
        ("a.pdf", b"%PDF-1.7 nothing"),
        ("../../etc/passwd", b"root:x:0:0"),
    ],
)
def test_hostile_uploads_are_refused_clearly(controller, name, data, tmp_path):
    page = controller.post(URL, {"file": SimpleUploadedFile(name, data)})
    assert page.status_code == 200
    assert "errornote" in page.content.decode()
    assert not PublicationDecision.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_forged_or_foreign_token_is_refused(controller, client, justice):  # noqa: F811
    page = upload(controller, QUANG_NGAI).content.decode()
    forged = controller.post(URL, {"token": token_of(page)[:-2] + "xx", "confirm": "1"})
    assert 'data-code="preview_expired"' in forged.content.decode()
    # Another controller cannot confirm this officer's preview.
    other = get_user_model().objects.get(username="stp.kiemsoat")
    other.pk, other.username = None, "stp.kiemsoat2"
    other.save()
    client.force_login(other)
    foreign = client.post(URL, {"token": token_of(page), "confirm": "1"})
    assert foreign.status_code in (200, 403)
    assert not PublicationDecision.objects.exists()


@pytest.mark.parametrize("role", ["motcua", "chuyenvien", "lanhdao"])
def test_only_the_control_office_imports(client, demo, role, justice):  # noqa: F811
    decision = documents.create_draft(documents.read_document(LAI_CHAU.read_bytes()))
    login(client, role)
    assert upload(client, QUANG_NGAI).status_code in (302, 403)
    assert client.get(f"/admin/catalog/publicationdecision/{decision.pk}/rows/").status_code in (
        302,
        403,
    )
    assert client.post(
        f"/admin/catalog/publicationdecision/{decision.pk}/rows/", {"order": 1, "drop": "on"}
    ).status_code in (302, 403)
    decision.refresh_from_db()
    assert len(decision.unresolved) == 2
    assert PublicationDecision.objects.count() == 1
