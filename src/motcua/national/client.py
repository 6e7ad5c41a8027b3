"""The national adapter's client: JSON over HTTP POST, a session kept between calls and signed
in again once when a call is refused for it (domain/national-portal.md §1). Every failure is one
of two kinds: ``Refused`` (the national side answered and said no: look at the data) and
``Unreachable`` (no usable answer: try again later)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

SESSION_WORDS = ("session", "phiên", "phien", "token")


class NationalError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Refused(NationalError):
    """The national side answered with an error code and a message."""

    def __init__(self, message: str, code: object = None) -> None:
        super().__init__(message)
        self.code = code


class Unreachable(NationalError):
    """No answer that can be read: refused connection, timeout, 5xx, not JSON."""


class SignInRefused(Unreachable):
    """The account was refused: nothing about the data, so no dossier is to blame."""


def acknowledged(answer: dict) -> bool:
    """Only ``error_code`` 0 (also written "0" or "00") acknowledges."""
    code = answer.get("error_code")
    return code == 0 or (isinstance(code, str) and code.strip() in ("0", "00"))


@dataclass
class Client:
    url: str
    username: str
    password: str
    auth_path: str = "/auth"
    sync_path: str = "/integration"
    share_path: str = "/share"
    dstcode: str = ""
    timeout: float = 10.0
    session: str | None = None
    calls: int = field(default=0, init=False)

    @classmethod
    def configured(cls) -> Client:
        conf = settings.NATIONAL
        return cls(
            url=str(conf["URL"]),
            username=str(conf["USERNAME"]),
            password=str(conf["PASSWORD"]),
            auth_path=str(conf["AUTH_PATH"]),
            sync_path=str(conf["SYNC_PATH"]),
            share_path=str(conf["SHARE_PATH"]),
            dstcode=str(conf["DSTCODE"]),
            timeout=float(conf["TIMEOUT"]),
        )

    # --- transport ------------------------------------------------------------------------
    def _post(self, path: str, body: dict) -> dict:
        data = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if self.dstcode:
            headers["dstcode"] = self.dstcode
        request = urllib.request.Request(self.url + path, data=data, headers=headers)  # noqa: S310
        self.calls += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as err:
            raise Unreachable(f"HTTP {err.code} from the national adapter") from err
        except (urllib.error.URLError, TimeoutError, ConnectionError) as err:
            raise Unreachable(f"national adapter unreachable: {err}") from err
        try:
            answer = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as err:
            raise Unreachable("the national adapter's answer is not JSON") from err
        if not isinstance(answer, dict):
            raise Unreachable("the national adapter's answer is not a JSON object")
        return answer

    def sign_in(self) -> str:
        answer = self._post(self.auth_path, {"username": self.username, "password": self.password})
        if not acknowledged(answer) or not answer.get("session"):
            raise SignInRefused(str(answer.get("message") or "sign-in refused"))
        self.session = str(answer["session"])
        return self.session

    # --- calls ------------------------------------------------------------------------------
    def call(self, service: str, madonvi: str, body: dict, *, share: bool = False) -> dict:
        """One service call; the answer if acknowledged, else ``Refused``. A refusal that names
        the session signs in again and repeats the call once."""
        for attempt in (1, 2):
            if self.session is None:
                self.sign_in()
            payload = {"session": self.session, "madonvi": madonvi, "service": service, **body}
            answer = self._post(self.share_path if share else self.sync_path, payload)
            if acknowledged(answer):
                return answer
            message = str(answer.get("message") or "")
            if attempt == 1 and any(word in message.lower() for word in SESSION_WORDS):
                self.session = None  # expired: sign in again, once
                continue
            raise Refused(
                message or f"refused ({answer.get('error_code')})", answer.get("error_code")
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def push(self, madonvi: str, items: list[dict], *, updating: bool) -> dict:
        return self.call(
            "DongBoHoSoMC",
            madonvi,
            {"isUpdating": "True" if updating else "False", "data": items},
        )

    def progress(self, madonvi: str, items: list[dict]) -> dict:
        return self.call("CapNhatTienDoHoSoMC", madonvi, {"data": items})

    def look_up(self, madonvi: str, code: str) -> Any:
        return self.call("TraCuuHoSo", madonvi, {"mahoso": code}).get("result")
