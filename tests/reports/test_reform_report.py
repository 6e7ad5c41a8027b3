"""The periodic reform report's figures for the first half of 2023 on the demo data are the seed
report's."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from motcua.demo import catalog, dossiers, reviews
from motcua.dossiers.models import Dossier
from motcua.reports.periods import calendar_period
from motcua.reports.statistics import bounds

pytestmark = pytest.mark.django_db


def test_the_draft_report_is_for_report_readers(demo, api):
    anonymous = api.get("/api/v1/reports/reform", {"period": "2023-H1", "format": "pdf"})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    api.force_authenticate(get_user_model().objects.get(username="stp.motcua"))
    refused = api.get("/api/v1/reports/reform", {"period": "2023-H1"})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    api.force_authenticate(get_user_model().objects.get(username="stp.lanhdao"))
    assert api.get("/api/v1/reports/reform", {"period": "2023-H1"}).status_code == 200


def test_h1_2023_quotes_the_seed_report(demo, api, tmp_path):
    api.force_authenticate(get_user_model().objects.get(username="stp.lanhdao"))
    catalog.load()
    reviews.load()
    dossiers.load()
    body = api.get("/api/v1/reports/reform", {"period": "2023-H1"}).json()
    assert body["period"] == {"from": "2023-01-01", "to": "2023-06-30", "key": "2023-H1"}
    published = body["catalog"]
    assert (published["decisions"], published["procedures"]) == (31, 519)
    assert (published["new"], published["amended_or_replaced"], published["abolished"]) == (
        14,
        448,
        57,
    )
    plan = body["reform"]
    assert (plan["tasks"], plan["done"], plan["in_progress"], plan["not_started"]) == (66, 2, 63, 1)
    assert plan["objectives"] == 40 and plan["unit_plans"]["filed"] == 27
    assert body["reviews"]["procedures_reviewed"] == 92
    assert body["reviews"]["recommendations"] == 73
    # The dossier figures are those of the demo's counters, counted directly.

    start, end = bounds(calendar_period("2023-H1"))
    received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end).count()
    assert received > 200 and body["dossiers"]["received"] == received
    resolved = Dossier.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
    assert body["dossiers"]["resolved_late"] == resolved.filter(late=True).count()
    assert dt.date.fromisoformat(body["dossiers"]["period"]["to"]) == dt.date(2023, 6, 30)
    # The province's Decision 766 score for June, as the indicators' API gives it.
    scores = body["indicators"]
    june = api.get("/api/v1/indicators", {"month": "2023-06"}).json()
    assert scores["month"] == "2023-06" and scores["total"] == june["total"]
    assert [g["code"] for g in scores["groups"]] == [g["code"] for g in june["groups"]]
    assert api.get("/api/v1/reports/reform", {"period": "2023-H3"}).status_code == 400
    # The same figures in the document (one test: loading the demo catalog takes a while).
    check_the_document(api, tmp_path)


def check_the_document(api, tmp_path) -> None:
    """The DOCX quotes the figures; LibreOffice reads it (to text) and converts it to PDF; the
    PDF made here is a PDF."""
    import shutil
    import subprocess

    docx = api.get("/api/v1/reports/reform", {"period": "2023-H1", "format": "docx"})
    assert docx.status_code == 200 and docx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(docx.content)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice is needed (scripts/debian-packages.sh test installs it)"
    for target in ("txt:Text (encoded):UTF8", "pdf"):
        subprocess.run(  # noqa: S603 - LibreOffice found on PATH, our own file
            [office, "--headless", "--convert-to", target, "--outdir", str(tmp_path), str(source)],
            check=True,
            capture_output=True,
            timeout=180,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
    text = (tmp_path / "bao-cao.txt").read_text(encoding="utf-8", errors="replace")
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2023" in text
    assert "31 quyết định công bố danh mục 519 thủ tục hành chính" in text
    assert (
        "14 thủ tục ban hành mới, 448 thủ tục sửa đổi, bổ sung, thay thế, 57 thủ tục bãi bỏ" in text
    )
    assert "66 nhiệm vụ" in text and "2 nhiệm vụ đã hoàn thành, 63 nhiệm vụ đang triển khai" in text
    assert "1 nhiệm vụ chưa triển khai" in text
    assert "rà soát 92 thủ tục hành chính, đề xuất 73 kiến nghị" in text
    assert "Quyết định 766/QĐ-TTg), tháng 06/2023: toàn tỉnh đạt" in text
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    pdf = api.get("/api/v1/reports/reform", {"period": "2023-H1", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get("/api/v1/reports/reform", {"format": "odt"}).status_code == 400
