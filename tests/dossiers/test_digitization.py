"""Digitization: scans are checked by content and size, hashed, vouched for, journaled."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import services
from motcua.dossiers.models import DigitizedCopy
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def scanning(api, receive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    api.force_authenticate(user("stp.motcua"))
    return receive()


def upload(api, code, data, name="scan.pdf", **fields):
    return api.post(
        f"/api/v1/dossiers/{code}/scans",
        {"file": SimpleUploadedFile(name, data), **fields},
        format="multipart",
    )


def test_a_scan_is_kept_with_its_hash_and_who_vouched(api, scanning):
    document = scanning.documents.get()
    response = upload(api, scanning.code, PDF, pages="2", document=str(document.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert body["content_type"] == "application/pdf" and body["pages"] == 2
    assert body["vouched_by"] == "stp.motcua"
    detail = api.get(f"/api/v1/dossiers/{scanning.code}").json()
    assert detail["documents"][0]["scans"][0]["id"] == body["id"]
    assert detail["journal"][-1]["action"] == "digitize"
    file = api.get(f"/api/v1/dossiers/{scanning.code}/scans/{body['id']}")
    assert file.status_code == 200 and b"".join(file.streaming_content) == PDF


def test_bytes_decide_not_names(api, scanning):
    document = scanning.documents.get()
    fake = upload(
        api,
        scanning.code,
        b"MZ\x90\x00 a program",
        name="scan.pdf",
        pages="1",
        document=str(document.pk),
    )
    assert fake.status_code == 400 and fake.json()["code"] == "file_type"
    png = upload(api, scanning.code, PNG, name="scan.pdf", pages="1", document=str(document.pk))
    assert png.status_code == 201 and png.json()["content_type"] == "image/png"


def test_size_pages_and_the_document_are_checked(api, scanning, settings):
    settings.DOSSIER_MAX_UPLOAD_MB = 1
    document = scanning.documents.get()
    big = upload(
        api, scanning.code, PDF + b"0" * (1024 * 1024), pages="1", document=str(document.pk)
    )
    assert big.status_code == 400 and big.json()["code"] == "file_too_large"
    no_pages = upload(api, scanning.code, PDF, pages="0", document=str(document.pk))
    assert no_pages.status_code == 400 and "pages" in no_pages.json()["fields"]
    other = upload(api, scanning.code, PDF, pages="1", document="999999")
    assert other.status_code == 400 and "document" in other.json()["fields"]
    early = upload(api, scanning.code, PDF, pages="1")  # a result scan before any result
    assert early.status_code == 400
    assert not DigitizedCopy.objects.exists()
    assert scanning.events.count() == 1  # nothing journaled either


def test_the_result_is_digitized_at_return(api, scanning):
    services.act(scanning.code, "hand_over", user=user("stp.motcua"))
    services.act(scanning.code, "record_result", user=user("stp.lanhdao"), number="1", signer="A")
    response = upload(api, scanning.code, PDF, pages="1")
    assert response.status_code == 201 and response.json()["kind"] == "result"
    detail = api.get(f"/api/v1/dossiers/{scanning.code}").json()
    assert [s["kind"] for s in detail["result_scans"]] == ["result"]
    api.force_authenticate(user("skhdt.motcua"))
    assert upload(api, scanning.code, PDF, pages="1").status_code == 404
