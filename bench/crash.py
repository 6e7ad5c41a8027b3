"""Crash test: receipts under load through two gunicorn nodes and two background workers on one
PostgreSQL, while nodes and workers are killed with ``kill -9`` and restarted.

It checks what a province cannot afterwards repair by hand:

* every acknowledged receipt exists exactly once, and every request the clients kept retrying
  with its ``Idempotency-Key`` ended in one dossier (a lost answer is replayed, never redone);
* a replay returns the first answer;
* dossier codes are unique and gap-free for each desk and day;
* a role ended through one node's admin is refused by the other node at its next request (each
  node keeps reference data in its own memory, under the database's stamp, docs/adr/0014);
* every message to an applicant is sent — the ones a killed worker held are taken up by
  ``motcua send_notifications`` — and none twice more often than workers were killed.

``run(quick=True)`` is the suite's short form (tests/test_crash.py); ``python -m bench crash``
runs it longer. PostgreSQL only (DATABASE_URL or BENCH_DATABASE_URL names the server; a fresh
database is made on it and dropped afterwards). Requests go to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BIN = Path(sys.executable).parent
CODE = "1.012781"  # a procedure of the sample national records
PASSWORD = "Crash-test-2026"

SETUP = f"""
import datetime as dt, gzip, json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from motcua.agencies.models import StaffRole, Role
from motcua.catalog import services as catalog
from motcua.catalog.models import DecisionItem
from motcua.demo.catalog import SAMPLE
call_command("load_demo", "--no-catalog", verbosity=0)
with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh:
    lines = [line for line in fh if json.loads(line)["ma_thu_tuc"] == "{CODE}"]
catalog.import_national_records(lines)
decision = catalog.create_decision("1/QĐ-CRASH")
catalog.add_item(decision, DecisionItem.Action.NEW, "{CODE}")
catalog.sign_decision(decision, signed_on=dt.date.today() - dt.timedelta(days=30))
users = get_user_model().objects
desk = StaffRole.objects.get(user__username="stp.motcua").agency
second = users.create_user("stp.motcua2", password="{PASSWORD}", kind="officer")
StaffRole.objects.create(user=second, agency=desk, role=Role.ONE_STOP_OFFICER)
root = users.get(username="admin")
root.set_password("{PASSWORD}")
root.save()
print(json.dumps({{
    "desk": desk.code,
    "tokens": {{u: Token.objects.get_or_create(user=users.get(username=u))[0].key
               for u in ("stp.motcua", "stp.motcua2")}},
    "second_role": second.staff_roles.get().pk,
}}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A server or worker started in its own process group, so ``kill -9`` takes all of it."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - our own command lines
                self.argv,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class Node(Process):
    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        argv = [str(BIN / "gunicorn"), "motcua.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        argv += ["--workers", "2", "--graceful-timeout", "2", "--timeout", "60"]
        argv += ["--control-socket", str(log.with_suffix(".ctl"))]  # one per node
        super().__init__(name, argv, env, log)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        super().start()
        self.wait_healthy()

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:  # noqa: S310
                return answer.status == 200
        except OSError:
            return False

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.healthy():
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start; see {self.log}")


def post(url: str, body: dict, headers: dict[str, str], timeout: float = 20) -> tuple[int, dict]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {}


def receipt(desk: str, n: int, who: str = "Người nộp") -> dict:
    return {
        "procedure": CODE,
        "agency": desk,
        "channel": "direct",
        "applicant": {
            "name": f"{who} {n}",
            "id_number": f"0060900{n:05d}",
            "phone": f"09{n:08d}",
        },
        "documents": [{"name": "Đơn đề nghị", "originals": 1}],
    }


class Load:
    """Clients that each send their receipts, retrying a request whose answer was lost (a
    connection cut, a 5xx from a dying node) with the same key on the other node."""

    def __init__(self, nodes: list[Node], desk: str, token: str, count: int, clients: int) -> None:
        self.nodes, self.desk, self.token = nodes, desk, token
        self.keys = [f"crash-{uuid.uuid4().hex}" for _ in range(count)]
        self.first: dict[str, dict] = {}
        self.retries = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.clients = clients
        self.done = threading.Event()
        # The last tenth waits until every planned kill is done, so that all of them fall
        # within the load however fast this machine serves or boots.
        self.chaos_over = threading.Event()

    def _client(self, index: int) -> None:
        for number in range(index, len(self.keys), self.clients):
            key = self.keys[number]  # the number names the applicant: a replay sends it again
            if number >= 0.9 * len(self.keys):
                self.chaos_over.wait(timeout=300)
            headers = {"Authorization": f"Token {self.token}", "Idempotency-Key": key}
            deadline = time.monotonic() + 120
            attempt = 0
            while time.monotonic() < deadline:
                node = self.nodes[(number + attempt) % len(self.nodes)]
                attempt += 1
                try:
                    status, body = post(
                        f"{node.url}/api/v1/dossiers", receipt(self.desk, number), headers
                    )
                except OSError:
                    status, body = 0, {}
                if status in (200, 201):
                    with self.lock:
                        self.first[key] = body
                    break
                if 400 <= status < 500 and status not in (409, 429):
                    with self.lock:
                        self.errors.append(f"{key}: {status} {body}")
                    break
                with self.lock:
                    self.retries += 1
                time.sleep(0.05 + random.random() * 0.1)

    def run(self) -> None:
        threads = [threading.Thread(target=self._client, args=(i,)) for i in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.done.set()


def chaos(
    load: Load,
    plan: list[tuple[float, Process]],
    nodes: list[Node],
    workers: list[Process],
    kills: Counter,
) -> None:
    """Kill each victim with SIGKILL once the load has got that far (a share of the receipts
    acknowledged), and start it again at once: the same kills whatever the machine's speed. A
    node is killed only while the other answers, so clients always have somewhere to retry."""
    for share, victim in plan:
        while len(load.first) < share * len(load.keys) and not load.done.is_set():
            time.sleep(0.02)
        if load.done.is_set():
            break
        for other in nodes:
            if other is not victim:
                other.wait_healthy()
        victim.kill()
        kills["worker" if victim in workers else "node"] += 1
        Process.start(victim)  # booting while the clients retry elsewhere
    for node in nodes:
        node.wait_healthy()
    load.chaos_over.set()


class Admin:
    """The superuser's browser on one node: a session with its CSRF cookie."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self, path: str) -> str:
        with self.opener.open(f"{self.node.url}{path}", timeout=20) as page:
            html = page.read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post_form(self, path: str, fields: dict[str, str]) -> int:
        token = self._csrf(path)
        data = urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(  # noqa: S310
            f"{self.node.url}{path}", data=data, headers={"Referer": f"{self.node.url}{path}"}
        )
        with self.opener.open(request, timeout=20) as answer:
            return answer.status

    def sign_in(self) -> None:
        self.post_form("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})


def check_database(url: str, load: Load) -> dict:
    import psycopg

    with psycopg.connect(url) as db:
        codes = [
            row[0]
            for row in db.execute(
                "SELECT code FROM dossiers_dossier WHERE applicant_name LIKE 'Người nộp %%'"
            )
        ]
        every_code = [row[0] for row in db.execute("SELECT code FROM dossiers_dossier")]
        pending = db.execute(
            "SELECT COUNT(*) FROM dossiers_notification WHERE status <> 'sent'"
        ).fetchone()[0]
        notices = db.execute("SELECT COUNT(*) FROM dossiers_notification").fetchone()[0]
    acknowledged = [body["code"] for body in load.first.values()]
    by_day: dict[str, list[int]] = {}
    for code in every_code:  # the role test's receipt took a number too
        prefix, _sep, number = code.rpartition("-")
        by_day.setdefault(prefix, []).append(int(number))
    gaps = sum(max(n) - len(n) for n in by_day.values())
    return {
        "dossiers": len(codes),
        "unique_codes": len(set(codes)),
        "acknowledged": len(acknowledged),
        "acknowledged_missing": len(set(acknowledged) - set(codes)),
        "code_gaps": gaps,
        "notifications": notices,
        "notifications_not_sent": pending,
    }


def run(quick: bool = False) -> Iterator[dict]:
    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield {"name": "crash", "skipped": "PostgreSQL only: set DATABASE_URL to a server"}
        return
    import psycopg

    parts = urlsplit(server)
    name = f"crash_{uuid.uuid4().hex[:8]}"
    url = parts._replace(path=f"/{name}").geturl().replace("postgres://", "postgresql://", 1)
    admin_url = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    work = Path(tempfile.mkdtemp(prefix="motcua-crash-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MOTCUA_DATA_DIR": str(work),
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "MOTCUA_SMS_BACKEND": "file",
        "MOTCUA_EMAIL_BACKEND": "file",
        "MOTCUA_NOTIFY_STALE_MINUTES": "0",
        "AXES_ENABLED": "0",
        "LOG_LEVEL": "ERROR",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    motcua = str(BIN / "motcua")
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    nodes: list[Node] = []
    workers: list[Process] = []
    verdicts: list[bool] = []
    try:
        subprocess.run([motcua, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
        made = subprocess.run(  # noqa: S603
            [motcua, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True
        )
        setup = json.loads(made.stdout.strip().splitlines()[-1])
        nodes = [Node(n, env, work / f"{n}.log") for n in ("node-a", "node-b")]
        workers = [
            Process(n, [motcua, "db_worker", "--no-startup-delay"], env, work / f"{n}.log")
            for n in ("worker-1", "worker-2")
        ]
        for process in (*nodes, *workers):
            process.start()

        # A role ended through node A's admin is refused by node B at its next request.
        second = {"Authorization": f"Token {setup['tokens']['stp.motcua2']}"}
        role_test = receipt(setup["desk"], 1, "Thử vai trò")
        before, _ = post(f"{nodes[1].url}/api/v1/dossiers", role_test, second)
        admin = Admin(nodes[0])
        admin.sign_in()
        with psycopg.connect(url) as db:
            role = db.execute(
                "SELECT user_id, agency_id, role FROM agencies_staffrole WHERE id = %s",
                [setup["second_role"]],
            ).fetchone()
        yesterday = time.strftime("%Y-%m-%d", time.localtime(time.time() - 86_400))
        admin.post_form(
            f"/admin/agencies/staffrole/{setup['second_role']}/change/",
            {
                "user": role[0],
                "agency": role[1],
                "role": role[2],
                "valid_from": "2020-01-01",
                "valid_to": yesterday,
            },
        )
        with psycopg.connect(url) as db:
            ended = db.execute(
                "SELECT valid_to FROM agencies_staffrole WHERE id = %s", [setup["second_role"]]
            ).fetchone()[0]
        after, refusal = post(f"{nodes[1].url}/api/v1/dossiers", role_test, second)
        role_row = {
            "name": "crash.role_change_across_nodes",
            "before": before,
            "role_ended": str(ended),
            "after": after,
            "refusal": refusal.get("message"),
            "ok": before == 201 and ended is not None and after in (400, 403),
        }
        verdicts.append(role_row["ok"])
        yield role_row

        count, clients = (400, 4) if quick else (3000, 8)
        load = Load(nodes, setup["desk"], setup["tokens"]["stp.motcua"], count, clients)
        a, b = nodes
        w1, w2 = workers
        plan = [(0.1, a), (0.25, w1), (0.4, b), (0.55, w2), (0.7, a)]  # all before the gate (0.9)
        if not quick:
            plan = [(0.1, a), (0.2, w1), (0.3, b), (0.4, w2), (0.5, a)]
            plan += [(0.6, w1), (0.7, b), (0.8, w2), (0.85, a)]
        kills: Counter = Counter()
        chaos_thread = threading.Thread(target=chaos, args=(load, plan, nodes, workers, kills))
        started = time.monotonic()
        chaos_thread.start()
        load.run()
        chaos_thread.join()
        elapsed = time.monotonic() - started

        # Replays answer the first answer.
        token = {"Authorization": f"Token {setup['tokens']['stp.motcua']}"}
        replays_differ = 0
        for number in random.sample(range(count), min(20, count)):
            key = load.keys[number]
            status, body = post(
                f"{nodes[0].url}/api/v1/dossiers",
                receipt(setup["desk"], number),
                {**token, "Idempotency-Key": key},
            )
            first = load.first.get(key, {})
            replays_differ += status not in (200, 201) or body.get("code") != first.get("code")

        # Let the workers finish the queue, then take up what a killed worker held.
        time.sleep(3)
        for worker in workers:
            worker.stop()
        subprocess.run(  # noqa: S603
            [motcua, "send_notifications"], env=env, check=True, capture_output=True
        )
        found = check_database(url, load)
        texts = Counter(p.read_text("utf-8") for p in (work / "sms").glob("*.txt"))
        twice = sum(n - 1 for n in texts.values() if n > 1)
        load_row = {
            "name": "crash.receipts_under_kill_9",
            "engine": "postgresql",
            "requests": count,
            "clients": clients,
            "seconds": round(elapsed, 1),
            "kills": dict(kills),
            "retries": load.retries,
            "refused": len(load.errors),
            **found,
            "replays_differ": replays_differ,
            "messages_sent_twice": twice,
            "ok": (
                not load.errors
                and found["dossiers"] == count
                and found["unique_codes"] == count
                and found["acknowledged"] == count
                and found["acknowledged_missing"] == 0
                and found["code_gaps"] == 0
                and found["notifications_not_sent"] == 0
                and replays_differ == 0
                and twice <= kills["worker"]
            ),
            "logs": str(work),
        }
        verdicts.append(load_row["ok"])
        yield load_row
    finally:
        for process in (*nodes, *workers):
            process.kill()
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if len(verdicts) == 2 and all(verdicts):  # the servers' logs are kept for a failure
            shutil.rmtree(work, ignore_errors=True)
