"""Text messages through a provider interface, configured like Django's mail (``SMS_BACKEND``).
The built-in backends write each message to a file or the console; a provider's backend
implements ``send`` and raises ``SmsError`` when the message was not accepted."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from abc import ABC, abstractmethod
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider did not accept the message; the caller may retry."""


class BaseBackend(ABC):
    @abstractmethod
    def send(self, to: str, text: str) -> str:
        """Send ``text`` to the phone number ``to``; return the provider's message id."""


class FileBackend(BaseBackend):
    """One file per message under ``SMS_FILE_PATH``: what a tester reads instead of a phone."""

    def send(self, to: str, text: str) -> str:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        message_id = uuid.uuid4().hex
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        (folder / f"{stamp}-{message_id}.txt").write_text(f"To: {to}\n\n{text}\n", "utf-8")
        return message_id


class ConsoleBackend(BaseBackend):
    def send(self, to: str, text: str) -> str:
        sys.stdout.write(f"SMS to {to}: {text}\n")
        return uuid.uuid4().hex


def send_sms(to: str, text: str) -> str:
    return import_string(str(settings.SMS_BACKEND))().send(to, text)
