"""A year's backlog sent to the national portal while the counters go on receiving (issue 20).

The first connection of a province that already runs: the demo's year (132,000 dossiers, each
with a four-event history; 5,000 with ``--quick``) is queued again and delivered by ``motcua
sync_national --resend`` in a process of its own, as in production, to the reference simulator
in another. Meanwhile this process receives dossiers through the HTTP API with synchronisation
on, one after another like a counter; before and after the backlog it receives the same way.
Reported: the receipt's p95 during the backlog over its p95 without it (target ≤ 1.2), and how
fast the backlog went out.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator

from bench.django_env import api_headers, database, database_url, percentile, settle
from bench.dossier_flow import _bulk, _setup
from bench.national_sync import CODE, _free_port, _simulator

BODY = {
    "procedure": CODE,
    "channel": "direct",
    "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
    "documents": [{"name": "Đơn", "originals": 1}],
}


def _histories(codes: list[str], agency) -> None:
    """Four journal events a dossier, written in bulk (received, handed over, forwarded, result)."""
    from motcua.dossiers.models import Dossier, DossierEvent

    steps = [("receive", None, 2), ("hand_over", 2, 4), ("forward", 4, 4), ("record_result", 4, 9)]
    rows = Dossier.objects.filter(code__in=codes).values_list("pk", "received_at")
    batch = []
    for pk, received in rows.iterator(chunk_size=5000):
        for sequence, (action, before, after) in enumerate(steps, start=1):
            batch.append(
                DossierEvent(
                    dossier_id=pk,
                    sequence=sequence,
                    at=received + dt.timedelta(hours=sequence),
                    action=action,
                    from_state=before,
                    to_state=after,
                    agency=agency,
                )
            )
        if len(batch) >= 20000:
            DossierEvent.objects.bulk_create(batch)
            batch = []
    DossierEvent.objects.bulk_create(batch)


def _receipt_times(client, headers: dict, agency_code: str, count: int) -> list[float]:
    import json
    import uuid

    body = json.dumps({**BODY, "agency": agency_code})
    times = []
    for _index in range(count):
        started = time.perf_counter()
        response = client.post(
            "/api/v1/dossiers",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
            **headers,
        )
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 201, response.content[:300]
    return times


def run(quick: bool = False) -> Iterator[dict]:
    with database(shared=True) as vendor:
        from django.conf import settings
        from django.test import Client

        from motcua.catalog.models import ProcedureVersion
        from motcua.national.models import SyncState

        agency, _users = _setup()
        version = ProcedureVersion.objects.get(
            procedure__code=CODE, source=ProcedureVersion.Source.PROVINCE
        )
        total = 5_000 if quick else 132_000
        codes = _bulk(agency, version, total, random.Random(20))
        _histories(codes, agency)
        settle()
        port = _free_port()
        simulator = _simulator(port, nice=19)
        national = {
            "MOTCUA_NATIONAL_URL": f"http://127.0.0.1:{port}",
            "MOTCUA_NATIONAL_USERNAME": "motcua",
            "MOTCUA_NATIONAL_PASSWORD": "motcua-sim",
        }
        settings.NATIONAL = {
            **settings.NATIONAL,
            "URL": national["MOTCUA_NATIONAL_URL"],
            "USERNAME": "motcua",
            "PASSWORD": "motcua-sim",
        }
        sender = None
        try:
            client = Client()
            headers = api_headers(client)
            chunk = 40 if quick else 100
            _receipt_times(client, headers, agency.code, chunk)  # warm-up
            before = _receipt_times(client, headers, agency.code, 3 * chunk)
            last = (dt.datetime(2023, 1, 2) + dt.timedelta(seconds=30 * total)).date()
            started = time.perf_counter()
            sender = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [
                    sys.executable,
                    "-m",
                    "motcua.manage",
                    "sync_national",
                    "--resend",
                    "--from",
                    "2023-01-01",
                    "--to",
                    last.isoformat(),
                ],
                env={**os.environ, **national, "DATABASE_URL": database_url()},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            during: list[float] = []
            while sender.poll() is None:
                during += _receipt_times(client, headers, agency.code, chunk // 4)
            elapsed = time.perf_counter() - started
            assert sender.returncode == 0, sender.stderr.read() if sender.stderr else ""
            after = _receipt_times(client, headers, agency.code, 3 * chunk)
            synced = SyncState.objects.filter(status=SyncState.Status.SYNCED).count()
            assert synced >= total, synced
            baseline = percentile(before + after, 0.95)
            tag = f"national_backlog[{vendor}]"
            yield {
                "bench": tag,
                "metric": "receipt_p95_ms_without_backlog",
                "value": round(baseline, 2),
                "unit": "ms",
                "target": None,
                "receipts": len(before) + len(after),
            }
            yield {
                "bench": tag,
                "metric": "receipt_p95_ms_during_backlog",
                "value": round(percentile(during, 0.95), 2),
                "unit": "ms",
                "target": None,
                "receipts": len(during),
            }
            yield {
                "bench": tag,
                "metric": "receipt_p95_during_vs_without_backlog",
                "value": round(percentile(during, 0.95) / baseline, 3),
                "unit": "ratio",
                "target": 1.2,
                "higher_is_better": False,
            }
            yield {
                "bench": tag,
                "metric": "backlog_dossiers_per_second",
                "value": round(total / elapsed, 1),
                "unit": "dossiers/s",
                "target": None,
                "dossiers": total,
                "seconds": round(elapsed, 1),
            }
        finally:
            if sender is not None and sender.poll() is None:
                sender.kill()
            simulator.terminate()
            simulator.wait(timeout=10)
