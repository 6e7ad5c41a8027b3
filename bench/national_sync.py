"""The interconnection with the national portal (issue 20):

* **sending**: dossier messages a second from the outbox to the reference simulator on loopback,
  the simulator in a process of its own (target ≥ 2,000);
* **receipt cost**: receipts a second through the HTTP API with synchronisation on (the outbox
  written in each receipt's transaction) against off, interleaved in the same run (target ratio
  ≥ 0.9: the outbox adds at most 10%).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

from bench.django_env import api_headers, database

CODE = "1.012781"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _simulator(port: int, nice: int = 0) -> subprocess.Popen:
    """The simulator in a process of its own; ``nice``: below this process's CPU priority (it
    stands for a server elsewhere, whose work does not share the province's processors)."""
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "motcua.manage", "national_portal_sim", "--port", str(port)],
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the simulator did not start")


def _receipts(client, headers: dict, agency_code: str, count: int) -> float:
    body = json.dumps(
        {
            "procedure": CODE,
            "agency": agency_code,
            "channel": "direct",
            "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
            "documents": [{"name": "Đơn", "originals": 1}],
        }
    )
    started = time.perf_counter()
    for _index in range(count):
        response = client.post(
            "/api/v1/dossiers",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
            **headers,
        )
        assert response.status_code == 201, response.content[:300]
    return count / (time.perf_counter() - started)


def run(quick: bool = False) -> Iterator[dict]:
    with database() as vendor:
        from django.conf import settings
        from django.test import Client

        from bench.dossier_flow import _setup
        from motcua.national import delivery
        from motcua.national.client import Client as National
        from motcua.national.models import OutboxMessage, SyncState

        agency, _users = _setup()
        port = _free_port()
        simulator = _simulator(port)
        on = {
            **settings.NATIONAL,
            "URL": f"http://127.0.0.1:{port}",
            "USERNAME": "motcua",
            "PASSWORD": "motcua-sim",
            "BATCH": 200,
        }
        off = {**on, "URL": ""}
        try:
            client = Client()
            headers = api_headers(client)
            count = 50 if quick else 300
            with_sync, without = [], []
            for _round in range(3):  # interleaved: both sides see the same machine
                settings.NATIONAL = on
                with_sync.append(_receipts(client, headers, agency.code, count))
                settings.NATIONAL = off
                without.append(_receipts(client, headers, agency.code, count))
            tag = f"national_sync[{vendor}]"
            for metric, value, unit, target in (
                ("receipts_per_second_sync_on", max(with_sync), "requests/s", None),
                ("receipts_per_second_sync_off", max(without), "requests/s", None),
                ("receipt_sync_on_vs_off_ratio", max(with_sync) / max(without), "ratio", 0.9),
            ):
                yield {
                    "bench": tag,
                    "metric": metric,
                    "value": round(value, 3 if unit == "ratio" else 1),
                    "unit": unit,
                    "target": target,
                }

            # The outbox the receipts with sync on left, and more, delivered.
            settings.NATIONAL = on
            extra = 200 if quick else 3000
            _receipts(client, headers, agency.code, extra)
            pending = OutboxMessage.objects.filter(acknowledged_at__isnull=True).count()
            national = National.configured()
            started = time.perf_counter()
            done = delivery.run(national)
            elapsed = time.perf_counter() - started
            assert not SyncState.objects.exclude(status=SyncState.Status.SYNCED).exists()
            assert done.acknowledged > 0
            yield {
                "bench": tag,
                "metric": "messages_sent_per_second",
                "value": round(pending / elapsed, 1),
                "unit": "messages/s",
                "target": 2000,
                "messages": pending,
                "calls": national.calls,
            }
        finally:
            simulator.terminate()
            simulator.wait(timeout=10)
