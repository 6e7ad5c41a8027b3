"""Digitization at work (issue 22):

* **OCR throughput** — printed A4 pages scanned at 300 dpi (greyscale, thirty lines of
  Vietnamese) read into searchable PDF/A by ``dossiers.ocr`` as the worker reads them (one job,
  deskew, orientation): pages per minute on this machine.
* **The counter while OCR runs** — the p95 of a counter receipt (``POST /api/v1/dossiers``)
  alone, then while a worker process reads pages without pause beside it (as ``db_worker``
  does, at its lowered priority): the ratio of the two, target ≤ 1.2.
* **Proposing stored papers** — ``digitization.reusable`` for a new dossier's documents, with
  1,000,000 copies stored (``BENCH_DIGITIZATION_COPIES``; four dossiers an applicant, five copies
  a dossier): p95 over 200 applicants, target ≤ 20 ms.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import subprocess
import sys
import time
import zoneinfo
from collections.abc import Iterator

from bench.django_env import api_headers, database, percentile
from bench.national_backlog import _receipt_times

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
WORDS = [
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "cấp",
    "giấy",
    "chứng",
    "nhận",
    "quyền",
    "sử",
    "dụng",
    "đất",
    "cho",
    "hộ",
    "gia",
    "đình",
    "cá",
    "nhân",
    "theo",
    "quy",
    "định",
    "của",
    "pháp",
    "luật",
    "về",
    "đất",
    "đai",
    "hồ",
    "sơ",
    "gồm",
    "đơn",
    "đăng",
    "ký",
    "biến",
    "động",
    "bản",
    "sao",
    "giấy",
    "tờ",
]


def page(seed: int) -> bytes:
    """An A4 page at 300 dpi: a heading and thirty lines of Vietnamese words."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, 34)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    draw.text((300, 200), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font, fill=0)
    for line in range(30):
        text = " ".join(rng.choice(WORDS) for _ in range(12))
        draw.text((250, 400 + line * 95), text, font=font, fill=0)
    out = io.BytesIO()
    image.rotate(rng.uniform(-1.5, 1.5), expand=True, fillcolor=255).save(
        out, format="PNG", dpi=(300, 300)
    )
    return out.getvalue()


# The worker beside the counter: reads pages until killed, at the worker's priority.
_WORKER = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()
from bench.digitization import page
from motcua.dossiers import ocr
ocr.lower_priority()
data = page(7)
while True:
    ocr._ocr(data, "image/png")
"""


def _throughput(pages: int) -> float:
    from motcua.dossiers import ocr

    images = [page(seed) for seed in range(pages)]
    started = time.perf_counter()
    for data in images:
        ocr._ocr(data, "image/png")
    return pages / ((time.perf_counter() - started) / 60)


def _receipts(client, headers: dict, agency, count: int) -> float:
    """The p95 of ``count`` counter receipts through the API (the backlog benchmark's timer)."""
    return percentile(_receipt_times(client, headers, agency.code, count), 0.95)


def _store(agency, version, copies: int) -> list[str]:
    """``copies`` stored copies over a quarter as many dossiers, four dossiers an applicant."""
    from django.utils import timezone

    from motcua.dossiers.models import DigitizedCopy, Dossier

    dossiers = copies // 5
    start = dt.datetime(2023, 1, 2, 8, 0, tzinfo=VN)
    kinds = ["don dang ky", "giay khai sinh", "can cuoc cong dan", "giay chung nhan", "ban ve"]
    first = (Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    batch: list = []
    for index in range(dossiers):
        received = start + dt.timedelta(seconds=index * 20)
        batch.append(
            Dossier(
                code=f"BENCH-{index:08d}",
                procedure_id=version.procedure_id,
                version=version,
                regime="nd61-2018",
                channel="direct",
                receiving_agency=agency,
                deciding_agency=agency,
                holder=agency,
                state=10,
                applicant_kind="person",
                applicant_name=f"Người nộp {index // 4}",
                applicant_folded=f"nguoi nop {index // 4}",
                id_number=f"{index // 4:012d}",
                result_delivery="direct",
                received_at=received,
                created_at=timezone.now(),
            )
        )
        if len(batch) == 5000:
            Dossier.objects.bulk_create(batch)
            batch = []
    Dossier.objects.bulk_create(batch)
    ids = list(
        Dossier.objects.filter(pk__gte=first, code__startswith="BENCH-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batch = []
    for dossier_id in ids:
        for kind in kinds:
            batch.append(
                DigitizedCopy(
                    dossier_id=dossier_id,
                    kind="document",
                    file=f"bench/{dossier_id}-{kind}.pdf",
                    name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=1000,
                    sha256="0" * 64,
                    pages=1,
                    paper_kind=kind,
                )
            )
        if len(batch) >= 5000:
            DigitizedCopy.objects.bulk_create(batch)
            batch = []
    DigitizedCopy.objects.bulk_create(batch)
    return [f"{applicant:012d}" for applicant in range(dossiers // 4)]


def run(quick: bool = False) -> Iterator[dict]:
    with database() as vendor:
        from django.db import connection
        from django.test import Client

        from bench.dossier_flow import _setup
        from motcua.catalog.models import ProcedureVersion
        from motcua.dossiers import digitization
        from motcua.dossiers.models import DossierDocument

        tag = f"digitization[{vendor}]"
        per_minute = _throughput(2 if quick else 8)
        yield {
            "bench": tag,
            "metric": "ocr_pages_per_minute",
            "value": round(per_minute, 1),
            "unit": "pages/min (A4, 300 dpi, one job)",
            "target": None,
        }
        agency, _users = _setup()
        client = Client()
        headers = api_headers(client)
        count = 20 if quick else 150
        _receipts(client, headers, agency, 10)  # warm
        alone = _receipts(client, headers, agency, count)
        worker = subprocess.Popen(  # noqa: S603 - this interpreter, our own code
            [sys.executable, "-c", _WORKER],
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        try:
            time.sleep(3)  # the worker's first page under way
            beside = _receipts(client, headers, agency, count)
        finally:
            worker.kill()
            worker.wait()
        yield {
            "bench": tag,
            "metric": "receipt_p95_alone",
            "value": round(alone, 1),
            "unit": "ms",
            "target": None,
        }
        yield {
            "bench": tag,
            "metric": "receipt_p95_beside_ocr",
            "value": round(beside, 1),
            "unit": "ms",
            "target": None,
        }
        yield {
            "bench": tag,
            "metric": "receipt_p95_ratio_beside_ocr",
            "value": round(beside / alone, 2),
            "unit": "ratio",
            "target": 1.2,
            "higher_is_better": False,
        }
        version = ProcedureVersion.objects.filter(procedure__code="1.012781").first()
        copies = 20_000 if quick else int(os.environ.get("BENCH_DIGITIZATION_COPIES", 1_000_000))
        applicants = _store(agency, version, copies)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        wanted = [
            DossierDocument(pk=index, name=name)
            for index, name in enumerate(["Đơn đăng ký", "Bản sao Giấy khai sinh", "Tờ khai"])
        ]
        rng = random.Random(22)
        timings = []
        for id_number in rng.sample(applicants, 200 if not quick else 20):
            started = time.perf_counter()
            found = digitization.reusable(wanted, id_number=id_number)
            timings.append((time.perf_counter() - started) * 1000)
            assert len(found[0]) == 4 and len(found[2]) == 0, found
        yield {
            "bench": tag,
            "metric": f"reusable_p95_at_{copies}_copies",
            "value": round(percentile(timings, 0.95), 2),
            "unit": "ms",
            "target": 20.0,
            "higher_is_better": False,
        }
