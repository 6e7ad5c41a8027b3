"""Searchable copies: a scan is read in the background into a PDF/A with its Vietnamese text,
turned upright; the original is never changed; a file that cannot be read is left for a person
with the reason, a failure that may pass is tried again."""

import io
import sys

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
    streams = sys.stdout, sys.stderr
    assert ocr.read(copy.pk) == "done"
    # The process still writes where it did: the worker's later logs and tracebacks show.
    assert (sys.stdout, sys.stderr) == streams
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
    from django.utils import timezone

    copy = scan(scanned_page())
    # Another worker is reading it right now: this one leaves it alone.
    DigitizedCopy.objects.filter(pk=copy.pk).update(
        ocr_state="running", ocr_next_attempt_at=timezone.now()
    )
    assert ocr.read(copy.pk) == "skipped"
    DigitizedCopy.objects.filter(pk=copy.pk).update(ocr_state="queued")
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


def identity_card(number="006090001234", name="NGUYỄN VĂN AN", born="12/03/1990") -> bytes:
    """The front of a citizen identity card as a 300 dpi scan (85.6 × 54 mm)."""
    sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    bold = ImageFont.truetype(sans.replace("Sans.ttf", "Sans-Bold.ttf"), 34)
    font = ImageFont.truetype(sans, 30)
    image = Image.new("RGB", (1011, 638), (235, 240, 230))
    draw = ImageDraw.Draw(image)
    draw.text((300, 30), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font, fill=(20, 20, 20))
    draw.text((420, 110), "CĂN CƯỚC CÔNG DÂN", font=bold, fill=(180, 20, 20))
    draw.text((330, 200), f"Số / No.: {number}", font=bold, fill=(20, 20, 20))
    draw.text((330, 270), "Họ và tên / Full name:", font=font, fill=(20, 20, 20))
    draw.text((330, 310), name, font=bold, fill=(20, 20, 20))
    draw.text((330, 380), f"Ngày sinh / Date of birth: {born}", font=font, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def test_an_identity_card_proposes_its_fields_and_only_a_person_writes_them(scan):
    from motcua.dossiers import digitization
    from motcua.dossiers.models import ReadField

    copy = scan(identity_card(name="TRẦN THỊ BÌNH", number="006185004321", born="05/11/1985"))
    dossier_before = copy.dossier
    ocr.read(copy.pk)
    proposed = {f.name: f for f in ReadField.objects.filter(copy=copy)}
    assert set(proposed) == {"id_number", "full_name", "birth_date"}
    assert proposed["id_number"].value == "006185004321"
    assert proposed["birth_date"].value == "05/11/1985"
    assert all(0 < f.confidence <= 1 for f in proposed.values())
    dossier = type(dossier_before).objects.get(pk=dossier_before.pk)
    assert dossier.id_number == dossier_before.id_number  # nothing written yet
    with pytest.raises(digitization.DomainError) as refused:
        digitization.confirm_fields(
            dossier.code, copy.pk, {"id_number": "12345"}, user=user("stp.motcua")
        )
    assert "id_number" in refused.value.fields
    digitization.confirm_fields(
        dossier.code,
        copy.pk,
        {"id_number": "006185004321", "full_name": "TRẦN THỊ BÌNH", "birth_date": None},
        user=user("stp.motcua"),
    )
    dossier.refresh_from_db()
    assert dossier.id_number == "006185004321" and dossier.applicant_name == "TRẦN THỊ BÌNH"
    assert dossier.applicant_folded == "tran thi binh"
    states = dict(ReadField.objects.filter(copy=copy).values_list("name", "state"))
    assert states["birth_date"] == "rejected" and states["id_number"] == "confirmed"
    event = dossier.events.get(action="confirm_fields")
    assert (
        event.data["kept"]["id_number"] == "006185004321" and event.actor.username == "stp.motcua"
    )
    with pytest.raises(digitization.DomainError):  # decided once
        digitization.confirm_fields(dossier.code, copy.pk, {"id_number": "0"}, user=None)


def test_a_scan_longer_than_read_automatically_is_left_for_a_person(scan, settings):
    import pikepdf

    settings.OCR_MAX_PAGES = 2
    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    copy = scan(out.getvalue(), "ba-trang.pdf")
    assert ocr.read(copy.pk) == "parked"
    copy.refresh_from_db()
    assert "3 trang" in copy.ocr_error and copy.ocr_attempts == 1 and copy.file
