"""Searchable copies: a scan is read in the background into a PDF/A with its Vietnamese text,
turned upright; the original is never changed; a file that cannot be read is left for a person
with the reason, a failure that may pass is tried again."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from motcua.dossiers import ocr
from motcua.dossiers.models import DigitizedCopy
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db

LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "GIẤY KHAI SINH",
    "Họ, chữ đệm, tên: NGUYỄN VĂN AN",
    "Ngày, tháng, năm sinh: 12/03/2020",
    "Nơi sinh: Bệnh viện Đa khoa tỉnh Bắc Kạn",
]


def scanned_page(turned: int = 0) -> bytes:
    """A page of printed Vietnamese as a 300 dpi scan, turned by ``turned`` degrees."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 40)
    image = Image.new("L", (2480, 1100), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(LINES):
        draw.text((150, 100 + index * 120), line, font=font, fill=0)
    out = io.BytesIO()
    image.rotate(turned, expand=True).save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


@pytest.fixture
def scan(api, receive, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def upload(data: bytes, name: str = "giay-khai-sinh.png") -> DigitizedCopy:
        dossier = receive()
        api.force_authenticate(user("stp.motcua"))
        response = api.post(
            f"/api/v1/dossiers/{dossier.code}/scans",
            {
                "file": SimpleUploadedFile(name, data),
                "pages": "1",
                "document": str(dossier.documents.get().pk),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        return DigitizedCopy.objects.get(pk=response.json()["id"])

    return upload


def test_a_turned_scan_becomes_a_searchable_pdf_a_and_the_original_stays(scan):
    original = scanned_page(turned=90)
    copy = scan(original)
    assert copy.ocr_state == "queued"
    assert ocr.read(copy.pk) == "done"
    copy.refresh_from_db()
    assert copy.ocr_progress == 100 and not copy.ocr_error
    # Read as printed, give or take a tone mark (found all the same: searches fold them).
    assert "GIẤY KHAI SINH" in copy.text and "nguyen van an" in copy.text_folded
    with copy.searchable.open("rb") as file:
        derived = file.read()
    assert derived.startswith(b"%PDF") and b"pdfaid" in derived  # PDF/A, its XMP says so
    with copy.file.open("rb") as file:
        assert file.read() == original  # the bytes vouched for are untouched
    visible = DigitizedCopy.objects.filter(dossier=copy.dossier)
    assert list(ocr.search(visible, "giay khai sinh nguyen van an")) == [copy]
    assert not ocr.search(visible, "giấy phép xây dựng").exists()
    assert "KHAI SINH" in ocr.snippet(copy, "khai sinh")


def test_an_encrypted_or_damaged_pdf_is_left_for_a_person_with_the_reason(scan):
    from pyhanko.pdf_utils.crypt import StandardSecurityHandler
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    writer._assign_security_handler(StandardSecurityHandler.build_from_pw("owner", "user"))
    out = io.BytesIO()
    writer.write(out)
    encrypted = scan(out.getvalue(), "ma-hoa.pdf")
    assert ocr.read(encrypted.pk) == "parked"
    encrypted.refresh_from_db()
    assert "mã hóa" in encrypted.ocr_error and encrypted.ocr_attempts == 1
    damaged = scan(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "hong.pdf")
    assert ocr.read(damaged.pk) == "parked"
    damaged.refresh_from_db()
    assert damaged.ocr_error and not damaged.searchable and damaged.file


def test_a_failure_that_may_pass_is_tried_again_then_left(scan, settings, monkeypatch):
    settings.OCR_RETRIES = 2
    copy = scan(scanned_page())

    def engine_dies(*args, **kwargs):
        raise TimeoutError("tesseract took too long")

    monkeypatch.setattr(ocr, "_ocr", engine_dies)
    assert ocr.read(copy.pk) == "failed"
    copy.refresh_from_db()
    assert copy.ocr_next_attempt_at is not None and "TimeoutError" in copy.ocr_error
    assert ocr.read(copy.pk) == "parked"
    assert ocr.read(copy.pk) == "skipped"  # parked: no worker takes it up again


def test_the_sweep_takes_up_what_a_dead_worker_left(scan, settings):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    copy = scan(scanned_page())
    taken = timezone.now() - dt.timedelta(minutes=settings.OCR_STALE_MINUTES + 1)
    DigitizedCopy.objects.filter(pk=copy.pk).update(ocr_state="running", ocr_next_attempt_at=taken)
    out = io.StringIO()
    call_command("read_copies", stdout=out)
    assert out.getvalue().strip() == "done: 1"
    assert DigitizedCopy.objects.get(pk=copy.pk).ocr_state == "done"


def test_a_copy_is_read_once_even_if_asked_twice(scan):
    copy = scan(scanned_page())
    assert ocr.read(copy.pk) == "done"
    assert ocr.read(copy.pk) == "skipped"


def test_officers_search_the_documents_they_may_see(client, scan):
    copy = scan(scanned_page())
    ocr.read(copy.pk)
    client.force_login(user("stp.motcua"))
    page = client.get("/mot-cua/van-ban/", {"q": "giay khai sinh"})
    assert page.status_code == 200
    text = page.content.decode()
    assert copy.dossier.code in text and "GIẤY KHAI SINH" in text
    mine = client.get("/mot-cua/van-ban/", {"q": "khai sinh", "ho_so": copy.dossier.code})
    assert copy.dossier.code in mine.content.decode()
    searchable = client.get(f"/mot-cua/ho-so/{copy.dossier.code}/ban-so-hoa/{copy.pk}/tim-kiem/")
    assert searchable.status_code == 200
    assert b"".join(searchable.streaming_content).startswith(b"%PDF")
    detail = client.get(f"/mot-cua/ho-so/{copy.dossier.code}/").content.decode()
    assert "đã nhận dạng, tìm kiếm được" in detail
    # Another agency's officer finds nothing of this dossier, and cannot fetch its file.
    client.force_login(user("skhdt.motcua"))
    other = client.get("/mot-cua/van-ban/", {"q": "giay khai sinh"}).content.decode()
    assert copy.dossier.code not in other
    hidden = client.get(f"/mot-cua/ho-so/{copy.dossier.code}/ban-so-hoa/{copy.pk}/tim-kiem/")
    assert hidden.status_code == 404


def test_a_copy_being_read_shows_its_progress_and_refreshes(client, scan):
    copy = scan(scanned_page())
    DigitizedCopy.objects.filter(pk=copy.pk).update(ocr_state="running", ocr_progress=40)
    client.force_login(user("stp.motcua"))
    detail = client.get(f"/mot-cua/ho-so/{copy.dossier.code}/").content.decode()
    assert "đang nhận dạng chữ 40%" in detail and 'hx-trigger="every 3s"' in detail
