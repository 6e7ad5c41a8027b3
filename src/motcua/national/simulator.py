"""A reference simulator of the national adapter (``motcua national_portal_sim``): the services
of domain/national-portal.md over HTTP on loopback, for development, the demo and the tests. It
keeps what it receives, answers look-ups from it, and injects faults on demand: refusals, a share
of 5xx answers, answers slower than the client waits, answers lost after the data was taken, and
sessions that expire. It serves the catalog look-ups from national records of the reference data.
It also counts what a correct client never does: a message sent again after
the simulator acknowledged it and the client got the answer."""

from __future__ import annotations

import gzip
import json
import random
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from motcua.national.records import thu_tuc

REQUIRED = ("MaHoSo", "MaTTHC", "TrangThaiHoSo", "NgayTiepNhan", "NgayHenTra")


@dataclass
class Faults:
    """Shares of calls (0–1) that go wrong, and sessions that last this many calls (0: for ever)."""

    refuse: float = 0.0  # answered error_code -1 without taking anything
    server_error: float = 0.0  # HTTP 500 without taking anything
    slow: float = 0.0  # answered after ``slow_seconds`` (past the client's timeout)
    lose: float = 0.0  # the data is taken, then the answer is lost (HTTP 502)
    slow_seconds: float = 2.0
    session_calls: int = 0
    refuse_codes: set[str] = field(default_factory=set)  # MaTTHC refused for a dossier
    refuse_dossiers: set[str] = field(default_factory=set)  # MaHoSo refused (a bad field)


@dataclass
class Portal:
    """The national side's state."""

    username: str = "motcua"
    password: str = "motcua-sim"  # noqa: S105 - the simulator's own, on loopback only
    faults: Faults = field(default_factory=Faults)
    seed: int = 0
    dossiers: dict[str, dict] = field(default_factory=dict)
    catalog: dict[str, dict] = field(default_factory=dict)  # MATTHC → LayThuTuc's record
    history: dict[str, list[dict]] = field(default_factory=dict)
    sessions: dict[str, int] = field(default_factory=dict)  # token → calls left (-1: for ever)
    calls: int = 0
    resent_after_ack: int = 0
    _delivered: set[str] = field(default_factory=set)  # fingerprints acknowledged and answered
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    # --- the services -------------------------------------------------------------------------
    def answer(self, path: str, body: dict) -> tuple[int, dict | None, list[str]]:
        """(HTTP status, JSON answer or None to lose it, fingerprints it acknowledges)."""
        with self.lock:
            self.calls += 1
            if path.endswith("/auth"):
                if body.get("username") == self.username and body.get("password") == self.password:
                    token = uuid.uuid4().hex
                    self.sessions[token] = self.faults.session_calls or -1
                    return 200, {"error_code": 0, "session": token, "message": "OK"}, []
                return 200, {"error_code": -1, "message": "Sai tài khoản hoặc mật khẩu"}, []
            left = self.sessions.get(str(body.get("session")))
            if left is None or left == 0:
                return 200, {"error_code": -1, "message": "Phiên làm việc (session) hết hạn"}, []
            if left > 0:
                self.sessions[str(body["session"])] = left - 1
            roll = self.rng.random()
            f = self.faults
            if roll < f.refuse:
                return 200, {"error_code": -1, "message": "Hệ thống đang bận"}, []
            if roll < f.refuse + f.server_error:
                return 500, None, []
            service = body.get("service")
            if service == "DongBoHoSoMC":
                status, answer, prints = self._push(body)
            elif service == "CapNhatTienDoHoSoMC":
                status, answer, prints = self._progress(body)
            elif service == "TraCuuHoSo":
                code = str(body.get("mahoso", ""))
                found = self.dossiers.get(code)
                result = [{**found, "QuaTrinhXuLy": self.history.get(code, [])}] if found else []
                return 200, {"error_code": 0, "result": result}, []
            elif service == "LayDanhSachTTHC":
                listing = [
                    {"MATTHC": code, "TENTTHC": record["TENTTHC"]}
                    for code, record in sorted(self.catalog.items())
                ]
                return 200, {"error_code": 0, "result": listing}, []
            elif service == "LayThuTuc":
                record = self.catalog.get(str(body.get("maTTHC", "")))
                if record is None:
                    return 200, {"error_code": -1, "message": "Không tìm thấy thủ tục"}, []
                return 200, {"error_code": 0, "result": [record]}, []
            else:
                return 200, {"error_code": -1, "message": f"Dịch vụ không hỗ trợ: {service}"}, []
            if (
                answer
                and answer.get("error_code") == 0
                and roll < f.refuse + f.server_error + f.lose
            ):
                return 502, None, []  # taken, and the answer lost on the way back
            return status, answer, prints

    def _push(self, body: dict) -> tuple[int, dict, list[str]]:
        items = body.get("data")
        if not isinstance(items, list) or not items:
            return 200, {"error_code": -1, "message": "Thiếu dữ liệu hồ sơ"}, []
        for item in items:
            missing = [
                name for name in REQUIRED if not isinstance(item, dict) or not item.get(name)
            ]
            if missing:
                code = item.get("MaHoSo", "?") if isinstance(item, dict) else "?"
                return 200, {"error_code": -1, "message": f"Hồ sơ {code}: thiếu {missing}"}, []
            if item["MaHoSo"] in self.faults.refuse_dossiers:
                return (
                    200,
                    {
                        "error_code": -1,
                        "message": f"Hồ sơ {item['MaHoSo']}: trường GhiChu không hợp lệ",
                    },
                    [],
                )
            if item["MaTTHC"] in self.faults.refuse_codes:
                return (
                    200,
                    {
                        "error_code": -1,
                        "message": f"Hồ sơ {item['MaHoSo']}: mã TTHC {item['MaTTHC']} không tồn tại",
                    },
                    [],
                )
        prints = []
        for item in items:
            self.dossiers[item["MaHoSo"]] = item
            prints.append(_fingerprint("push", item))
        return 200, {"error_code": 0, "message": "Đồng bộ thành công"}, prints

    def _progress(self, body: dict) -> tuple[int, dict, list[str]]:
        items = body.get("data")
        if not isinstance(items, list) or not items:
            return 200, {"error_code": -1, "message": "Thiếu dữ liệu tiến độ"}, []
        unknown = [i.get("MaHoSo") for i in items if i.get("MaHoSo") not in self.dossiers]
        if unknown:
            return 200, {"error_code": -1, "message": f"Hồ sơ chưa đồng bộ: {unknown[0]}"}, []
        prints = []
        for item in items:
            entries = self.history.setdefault(item["MaHoSo"], [])
            key = (item.get("ThoiDiemXuLy"), item.get("NoiDungXuLy"), item.get("TrangThai"))
            if all(
                (e.get("ThoiDiemXuLy"), e.get("NoiDungXuLy"), e.get("TrangThai")) != key
                for e in entries
            ):
                entries.append(item)  # the same entry again (a lost answer) is kept once
            prints.append(_fingerprint("progress", item))
        return 200, {"error_code": 0, "message": "Cập nhật thành công"}, prints

    def save(self, path: str) -> None:
        """Keep what the national side holds in ``path`` (a restart picks it up again)."""
        with self.lock:
            kept = {
                "dossiers": self.dossiers,
                "history": self.history,
                "resent_after_ack": self.resent_after_ack,
            }
            data = json.dumps(kept, ensure_ascii=False)
        Path(path + ".tmp").write_text(data)
        Path(path + ".tmp").replace(path)

    def load(self, path: str) -> None:
        if Path(path).exists():
            kept = json.loads(Path(path).read_text())
            self.dossiers, self.history = kept["dossiers"], kept["history"]

    def load_catalog(self, paths: list[Path]) -> None:
        """Serve the national records of ``paths`` (crawled records, one JSON object a line,
        gzip or plain) that a province implements (provincial or commune level)."""
        for path in paths:
            for raw in _records(path):
                levels = str(raw.get("cap_thuc_hien", ""))
                if "Cấp tỉnh" in levels or "Cấp xã" in levels:
                    self.catalog[str(raw["ma_thu_tuc"])] = thu_tuc(raw)

    def forget_deliveries(self) -> None:
        """Start counting afresh: what was answered before now is not held against a resend
        (after a client was killed between the answer and recording it)."""
        with self.lock:
            self._delivered.clear()
            self.resent_after_ack = 0

    def delivered(self, prints: list[str]) -> None:
        """The answer acknowledging ``prints`` reached the client."""
        with self.lock:
            for fingerprint in prints:
                self._delivered.add(fingerprint)

    def seen_before(self, body: dict) -> None:
        """Count content the client sends again after it got the acknowledgement."""
        kinds = {"DongBoHoSoMC": "push", "CapNhatTienDoHoSoMC": "progress"}
        kind = kinds.get(str(body.get("service")))
        if kind is None or not isinstance(body.get("data"), list):
            return
        with self.lock:
            for item in body["data"]:
                if isinstance(item, dict) and _fingerprint(kind, item) in self._delivered:
                    self.resent_after_ack += 1


def _records(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _fingerprint(kind: str, item: dict) -> str:
    return kind + json.dumps(item, sort_keys=True, ensure_ascii=False)


def _handler(portal: Portal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                body = None
            if not isinstance(body, dict):
                self._send(200, {"error_code": -1, "message": "Dữ liệu không hợp lệ"})
                return
            portal.seen_before(body)
            roll = portal.rng.random()
            status, answer, prints = portal.answer(self.path, body)
            if answer is not None and roll < portal.faults.slow:
                time.sleep(portal.faults.slow_seconds)  # the client gave up: the data was taken
                prints = []
            if answer is None:
                self._send(status, None)
                return
            self._send(status, answer)
            portal.delivered(prints)

        def _send(self, status: int, answer: dict | None) -> None:
            data = b"" if answer is None else json.dumps(answer, ensure_ascii=False).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client had given up waiting

    return Handler


class Simulator:
    """The simulator on a loopback port, in a thread of this process (``start``/``stop``)."""

    def __init__(self, portal: Portal | None = None, port: int = 0) -> None:
        self.portal = portal or Portal()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.portal))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Simulator:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
