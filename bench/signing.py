"""Signing and checking electronic results (issue 22): p95 per result PDF of the deciding
agency's signature (PAdES B-B, a test ECDSA P-256 key from a PKCS#12 file, as configured in
production) and of the full check a verification makes (parse, digest, signature, path to a
trusted root, coverage); the PDF's rendering (WeasyPrint) beside them for scale. Target: sign
and check ≤ 200 ms each (no remote timestamp)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from types import SimpleNamespace

from bench.django_env import percentile


def run(quick: bool = False) -> Iterator[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.conf import settings

    folder = tempfile.mkdtemp(prefix="motcua-bench-signing-")
    names = ("SIGNING_DIR", "SIGNING_TRUST_DIR", "SIGNING_TEST_CA")
    kept = {name: getattr(settings, name) for name in names}
    settings.SIGNING_DIR = folder
    settings.SIGNING_TRUST_DIR = os.path.join(folder, "trust")
    settings.SIGNING_TEST_CA = True
    try:
        yield from _measure(quick)
    finally:
        for name, value in kept.items():
            setattr(settings, name, value)


def _measure(quick: bool) -> Iterator[dict]:
    from motcua.dossiers import signing

    agency = SimpleNamespace(code="000.00.04.H03", name="Sở Tư pháp tỉnh Bắc Kạn")
    from weasyprint import HTML

    html = (
        "<html lang='vi'><body style='font-family: serif'><h1>GIẤY CHỨNG NHẬN</h1>"
        + "<p>Nội dung kết quả giải quyết thủ tục hành chính.</p>" * 40
        + "</body></html>"
    )
    n = 10 if quick else 60
    render, sign, check = [], [], []
    signing.sign(HTML(string=html).write_pdf(), agency, reason="warm-up")  # key made, opened
    for index in range(n):
        started = time.perf_counter()
        pdf = HTML(string=html.replace("GIẤY", f"GIẤY {index}")).write_pdf()
        rendered = time.perf_counter()
        signed = signing.sign(pdf, agency, reason="Kết quả giải quyết")
        done = time.perf_counter()
        checks = signing.check(signed.data)
        checked = time.perf_counter()
        assert checks and checks[0].good, checks
        render.append((rendered - started) * 1000)
        sign.append((done - rendered) * 1000)
        check.append((checked - done) * 1000)
    for metric, values, target in (
        ("sign_p95", sign, 200.0),
        ("check_p95", check, 200.0),
        ("render_p95", render, None),
    ):
        yield {
            "bench": "signing",
            "metric": metric,
            "value": round(percentile(values, 0.95), 1),
            "unit": "ms",
            "target": target,
            "higher_is_better": False,
        }
