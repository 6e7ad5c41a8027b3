"""Every request is bounded: lists in bodies, a body's size, an uploaded workbook's unpacked size;
what is refused is refused with the usual error body, and nothing is written."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from motcua.catalog.models import PublicationDecision
from motcua.dossiers.models import Dossier
from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import published, stp, user  # noqa: F401
from tests.dossiers.test_api import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(api, published):  # noqa: F811
    api.force_authenticate(user("stp.motcua"))
    return api


def test_a_receipt_with_thousands_of_papers_is_refused(officer, stp):  # noqa: F811
    before = Dossier.objects.count()
    for count in (150, 20_000):
        papers = [{"name": f"Giấy {i}", "originals": 1} for i in range(count)]
        response = officer.post("/api/v1/dossiers", body(stp, documents=papers), format="json")
        assert response.status_code == 400, count
        assert any(name.startswith("documents") for name in response.json()["fields"])
        missing = officer.post(
            "/api/v1/dossiers",
            body(stp, outcome="request_supplement", missing=["x"] * count),
            format="json",
        )
        assert missing.status_code == 400
        assert any(name.startswith("missing") for name in missing.json()["fields"])
    assert Dossier.objects.count() == before


def test_a_receipt_naming_an_impossible_number_is_refused(officer, stp):  # noqa: F811
    papers = [{"name": "Đơn", "originals": 1, "reuse": 10**20, "document": 10**20}]
    response = officer.post("/api/v1/dossiers", body(stp, documents=papers), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"documents[0].document": ["Số quá lớn."]} or (
        "documents[0].reuse" in response.json()["fields"]
    )


def bomb(unpacked_mb: int) -> bytes:
    """A real workbook, with one more entry that inflates to ``unpacked_mb`` megabytes."""
    book = Workbook()
    book.active.append(["STT", "Mã TTHC"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/media/padding.bin", b"\0" * (unpacked_mb * 1024 * 1024))
    return out.getvalue()


def test_an_inflating_workbook_is_refused_before_it_is_opened(api, demo):
    api.force_authenticate(user("stp.kiemsoat"))
    data = bomb(45)
    assert len(data) < 200_000
    started = time.perf_counter()
    upload = io.BytesIO(data)
    upload.name = "phu-luc.xlsx"
    response = api.post(
        "/api/v1/decisions/import", {"number": "1/QĐ-UBND", "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"
    assert time.perf_counter() - started < 5  # nothing was unpacked
    assert not PublicationDecision.objects.filter(number="1/QĐ-UBND").exists()


def test_an_oversized_body_is_refused_before_it_is_read(client):
    response = client.generic(
        "POST",
        "/api/v1/dossiers",
        b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(500 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    page = client.generic("POST", "/portal/phan-anh/gui/", b"", CONTENT_LENGTH=str(10**9))
    assert page.status_code == 413


def test_a_malformed_multipart_body_gets_the_error_body(api, demo):
    api.force_authenticate(user("stp.kiemsoat"))
    response = api.generic(
        "POST",
        "/api/v1/decisions/import",
        b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=xyz",
    )
    assert 400 <= response.status_code < 500
    assert response.json()["code"] in ("parse_error", "invalid")
