"""Paper documents scanned at the counter, as pictures a scanner makes, read into searchable
PDFs: the one-stop officer (``skhdt.motcua``) finds them by their words at
``/mot-cua/van-ban/``. The rest of the demo's scans are placeholders, not pictures, and are not
read (``load_demo`` turns OCR off while it loads)."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from PIL import Image, ImageDraw, ImageFont

from motcua.dossiers import digitization, ocr
from motcua.dossiers.models import DigitizedCopy, Dossier

DESK = "000.00.04.H03"  # the Department of Planning and Investment
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
HOW_MANY = 3


def _page(dossier: Dossier, title: str) -> bytes:
    """A page of the document as a 300 dpi greyscale scan, slightly askew."""
    font = ImageFont.truetype(FONT, 38)
    heading = ImageFont.truetype(FONT, 46)
    image = Image.new("L", (2480, 1500), 255)
    draw = ImageDraw.Draw(image)
    lines = [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", heading),
        ("Độc lập - Tự do - Hạnh phúc", font),
        ("", font),
        (title.upper()[:60], heading),
        (f"Kính gửi: {dossier.deciding_agency.name}", font),
        (f"Người đề nghị: {dossier.applicant_name}", font),
        (f"Số định danh cá nhân: {dossier.id_number or '—'}", font),
        (f"Địa chỉ: {(dossier.address or 'tỉnh Bắc Kạn')[:70]}", font),
        (f"Điện thoại: {dossier.phone or '—'}", font),
    ]
    for index, (line, face) in enumerate(lines):
        draw.text((160, 120 + index * 130), line, font=face, fill=0)
    out = io.BytesIO()
    image.rotate(0.8, expand=True, fillcolor=255).save(out, format="PNG", dpi=(300, 300))
    return out.getvalue()


def load() -> int:
    """Scan and read the documents of the desk's latest counter dossiers (once)."""
    if DigitizedCopy.objects.filter(name__startswith="ban-quet-").exists():
        return 0
    officer = get_user_model().objects.get(username="skhdt.motcua")
    dossiers = (
        Dossier.objects.filter(
            receiving_agency__code=DESK, channel="direct", received_at__isnull=False
        )
        .exclude(id_number="")
        .order_by("-received_at")[:HOW_MANY]
    )
    made = 0
    for dossier in dossiers:
        document = dossier.documents.order_by("id").first()
        if document is None:
            continue
        copy = digitization.digitize(
            dossier.code,
            data=_page(dossier, document.name),
            name=f"ban-quet-{dossier.code}.png",
            pages=1,
            user=officer,
            document_id=document.pk,
            at=dossier.received_at,
        )
        ocr.read(copy.pk)  # now, not by the worker: the demo opens with them searchable
        made += 1
    return made
