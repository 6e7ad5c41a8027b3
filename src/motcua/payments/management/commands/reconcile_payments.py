"""``motcua reconcile_payments [--date YYYY-MM-DD]``: yesterday's (or that day's) mismatches
between payments and dossiers. Run it daily (cron); exit status 1 when there are any."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.payments.reconcile import reconcile


class Command(BaseCommand):
    help = "List every mismatch between payments and dossiers for one day."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, **options) -> None:
        try:
            day = (
                dt.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate() - dt.timedelta(days=1)
            )
        except ValueError as err:
            raise CommandError("--date: YYYY-MM-DD") from err
        found = reconcile(day)
        for m in found:
            self.stdout.write(f"{m.kind}\t{m.dossier}\t{m.reference}\t{m.detail}\t{m.label}")
        self.stdout.write(f"{day.isoformat()}: {len(found)} mismatch(es)")
        if found:
            raise SystemExit(1)
