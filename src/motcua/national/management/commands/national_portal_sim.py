"""Serve the reference simulator of the national adapter on loopback."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from motcua import demo
from motcua.national.simulator import Faults, Portal, Simulator

DEMO_RECORDS = [
    Path(demo.__file__).resolve().parent / "data" / name
    for name in ("national_procedures_sample.jsonl.gz", "national_procedures_justice.jsonl.gz")
]


class Command(BaseCommand):
    help = (
        "A simulator of the national portal's adapter on 127.0.0.1 (development, demo, tests): "
        "it keeps what it receives and answers look-ups from it; faults on demand."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--username", default="motcua")
        parser.add_argument("--password", default="motcua-sim")
        parser.add_argument("--refuse", type=float, default=0.0, help="share of calls refused")
        parser.add_argument("--server-error", type=float, default=0.0, help="share answered 500")
        parser.add_argument("--slow", type=float, default=0.0, help="share answered too late")
        parser.add_argument("--lose", type=float, default=0.0, help="share taken, answer lost")
        parser.add_argument("--session-calls", type=int, default=0, help="calls a session lasts")
        parser.add_argument("--state", help="a JSON file keeping what it holds across restarts")
        parser.add_argument(
            "--catalog",
            action="append",
            type=Path,
            help="national records served by LayDanhSachTTHC/LayThuTuc (repeatable; default: the "
            "demo's sample and the Ministry of Justice's records)",
        )

    def handle(self, *args, **o) -> None:
        faults = Faults(
            refuse=o["refuse"],
            server_error=o["server_error"],
            slow=o["slow"],
            lose=o["lose"],
            session_calls=o["session_calls"],
        )
        portal = Portal(username=o["username"], password=o["password"], faults=faults)
        if o["state"]:
            portal.load(o["state"])
        portal.load_catalog(o["catalog"] or DEMO_RECORDS)
        simulator = Simulator(portal, port=o["port"]).start()
        self.stdout.write(f"National portal simulator on {simulator.url}", ending="\n")
        self.stdout.flush()
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        # SIGUSR1: count resends afresh (a test's client was just killed; docs/benchmarks.md).
        signal.signal(signal.SIGUSR1, lambda *_args: portal.forget_deliveries())
        saved_at = portal.calls
        try:
            while True:
                time.sleep(10)
                if o["state"] and portal.calls != saved_at:  # only when something came in
                    saved_at = portal.calls
                    portal.save(o["state"])
        except (KeyboardInterrupt, SystemExit):
            if o["state"]:
                portal.save(o["state"])
            simulator.stop()
