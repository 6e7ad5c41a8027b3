"""``motcua read_copies``: read the copies whose retry time has come, and those a dead worker
left queued or half-read (``dossiers.ocr``). Safe to run at any time, from cron."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand

from motcua.dossiers import ocr


class Command(BaseCommand):
    help = "Read (OCR) the copies waiting for a retry."

    def handle(self, *args, **options) -> None:
        outcome = Counter(ocr.read(pk) for pk in ocr.due_for_retry())
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(outcome.items())) or "0")
