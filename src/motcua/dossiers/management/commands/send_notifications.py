"""``motcua send_notifications``: send the applicants' messages whose retry time has come (for
a worker that was down, or a backend that cannot defer tasks). Safe to run at any time."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand

from motcua.dossiers import notifications


class Command(BaseCommand):
    help = "Send notifications waiting for a retry."

    def handle(self, *args, **options) -> None:
        outcome = Counter(notifications.deliver(pk) for pk in notifications.due_for_retry())
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(outcome.items())) or "0")
