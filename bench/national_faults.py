"""The interconnection under faults (issue 20): dossiers moved through their lives while the
simulated national portal refuses 20% of calls, answers 5% too late for the client and loses 2%
of its answers after taking the data, and the sender (``motcua sync_national --follow``, a process
of its own) is killed with ``kill -9`` again and again. At the end, with the faults still on and
the sender left running, the national side must hold exactly what motcua holds — status,
appointment, end date, the history in order — and must never have been sent a message again after
its acknowledgement reached the sender — counted from the last kill on (the simulator is told to
count afresh then): a sender killed between the national side's answer and recording it sends
that batch again, as at-least-once delivery must.

SQLite in a temporary folder (the sender and this process share the file); ``--quick`` moves 300
dossiers, the full run 10,000. The suite's in-process form is tests/national/test_sync.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _spawn(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and commands
            [sys.executable, "-m", "motcua.manage", *argv],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def run(quick: bool = False) -> Iterator[dict]:
    work = Path(tempfile.mkdtemp(prefix="motcua-national-faults-"))
    port = 20000 + random.randrange(20000)
    state = work / "national.json"
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(work),
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "MOTCUA_NATIONAL_URL": f"http://127.0.0.1:{port}",
        "MOTCUA_NATIONAL_USERNAME": "motcua",
        "MOTCUA_NATIONAL_PASSWORD": "motcua-sim",
        "MOTCUA_NATIONAL_TIMEOUT": "1",
        "MOTCUA_NATIONAL_BACKOFF": "0.2",
        "MOTCUA_NATIONAL_RETRIES": "1000",
        "MOTCUA_NATIONAL_BATCH": "100",
    }
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "-m", "motcua.manage", "migrate", "--no-input", "-v", "0"],
        env=env,
        check=True,
    )
    import django

    django.setup()
    from bench.dossier_flow import _setup
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier
    from motcua.national.models import SyncState
    from motcua.national.payloads import moment

    agency, users = _setup()
    faults = ["--refuse", "0.2", "--slow", "0.05", "--lose", "0.02"]
    simulator = _spawn(
        ["national_portal_sim", "--port", str(port), "--state", str(state), *faults],
        env,
        work / "simulator.log",
    )
    sender = _spawn(["sync_national", "--follow", "--every", "0.2"], env, work / "sender.log")
    total = 300 if quick else 10_000
    step = max(1, total // 8)
    last_kill = (total - 1) // step * step
    kills = 0
    started = time.perf_counter()
    try:
        at = dt.datetime(2023, 3, 6, 8, 0, tzinfo=VN)
        for index in range(total):
            dossier = services.receive(
                procedure_code="1.012781",
                deciding_agency=agency,
                receiving_agency=agency,
                channel="direct",
                applicant=services.Applicant(name=f"Người nộp {index}"),
                documents=[services.Handed(name="Đơn", originals=1)],
                user=users["stp.motcua"],
                at=at,
            )
            steps = index % 4  # lives of different lengths
            for action, login, params in (
                ("hand_over", "stp.motcua", {}),
                ("forward", "stp.chuyenvien", {}),
                ("record_result", "stp.lanhdao", {"number": "1", "signer": "A"}),
            )[:steps]:
                services.act(dossier.code, action, user=users[login], at=at, **params)
            if index % step == 0 and index:
                _kill(sender)  # kill -9 in the middle of whatever it was doing
                kills += 1
                if index == last_kill:  # from here on, a resend after an answer is a fault
                    simulator.send_signal(signal.SIGUSR1)
                sender = _spawn(
                    ["sync_national", "--follow", "--every", "0.2"], env, work / "sender.log"
                )
        deadline = time.monotonic() + (120 if quick else 1800)
        while SyncState.objects.exclude(status=SyncState.Status.SYNCED).exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the sender did not catch up")
            time.sleep(1)
        elapsed = time.perf_counter() - started
    finally:
        _kill(sender)
        _kill(simulator, signal.SIGTERM)  # it writes what it holds
    held = json.loads(state.read_text())
    differences = 0
    for dossier in Dossier.objects.prefetch_related("events"):
        there = held["dossiers"].get(dossier.code)
        events = [moment(e.at) for e in dossier.events.all()]
        told = [e["ThoiDiemXuLy"] for e in held["history"].get(dossier.code, [])]
        if (
            there is None
            or there["TrangThaiHoSo"] != str(dossier.state)
            or there["NgayHenTra"] != moment(dossier.due_at)
            or told != events
        ):
            differences += 1
    tag = "national_faults[sqlite]"
    yield {"bench": tag, "metric": "dossiers", "value": total, "unit": "dossiers", "target": None}
    yield {
        "bench": tag,
        "metric": "sender_kills",
        "value": kills,
        "unit": "kill -9",
        "target": None,
    }
    yield {
        "bench": tag,
        "metric": "seconds_until_in_step",
        "value": round(elapsed, 1),
        "unit": "s",
        "target": None,
    }
    yield {
        "bench": tag,
        "metric": "dossiers_differing",
        "value": differences,
        "unit": "dossiers",
        "target": 0,
        "higher_is_better": False,
        "ok": differences == 0,
    }
    yield {
        "bench": tag,
        "metric": "sent_again_after_acknowledgement",
        "value": held["resent_after_ack"],
        "unit": "messages",
        "target": 0,
        "higher_is_better": False,
        "ok": held["resent_after_ack"] == 0,
    }
