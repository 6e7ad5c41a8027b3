"""Deliver the outbox to the national portal until nothing is due, or queue a range again."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.translation import gettext as _

from motcua.national import delivery, outbox
from motcua.national.models import SyncState


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise CommandError(_("A day as YYYY-MM-DD: %(text)s") % {"text": text}) from err


class Command(BaseCommand):
    help = (
        "Deliver the dossiers due to the national portal until nothing is due (messages waiting "
        "for their retry time are not due). Exit status 0 when all were delivered, 1 when some "
        "are parked for a person. --resend --from D --to E queues the dossiers received in that "
        "range again first; --release sends parked and blocked dossiers again (after the cause is "
        "fixed)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--resend", action="store_true")
        parser.add_argument(
            "--release", action="store_true", help="parked and blocked dossiers go back first"
        )
        parser.add_argument(
            "--follow",
            action="store_true",
            help="keep delivering: a round, then a pause when nothing was due (the sender "
            "beside the workers)",
        )
        parser.add_argument("--every", type=float, default=5.0, help="the pause, in seconds")
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")

    def handle(
        self,
        *args,
        resend: bool,
        release: bool,
        follow: bool,
        every: float,
        start: str | None,
        end: str | None,
        **options,
    ) -> None:
        if not outbox.enabled():
            raise CommandError(_("The national portal is not configured (MOTCUA_NATIONAL_URL)."))
        # The counters come first: the sender takes the processor when they leave it idle, so
        # a year's backlog going out does not slow a receipt (docs/benchmarks.md).
        os.nice(int(settings.NATIONAL["NICE"]))
        if release:
            self.stdout.write(_("%(n)s dossiers go back to the queue.") % {"n": delivery.release()})
        if resend:
            if not start or not end:
                raise CommandError(_("--resend needs --from and --to."))
            queued = delivery.resend(_day(start), _day(end))
            self.stdout.write(_("%(n)s dossiers queued again.") % {"n": queued})
        if follow:
            self._follow(every)
            return
        done = delivery.run()
        parked = SyncState.objects.filter(status=SyncState.Status.PARKED).count()
        blocked = SyncState.objects.filter(status=SyncState.Status.BLOCKED).count()
        self.stdout.write(
            _(
                "Acknowledged %(ack)s, to try again %(retry)s, parked %(parked)s, blocked "
                "%(blocked)s, in %(calls)s calls."
            )
            % {
                "ack": done.acknowledged,
                "retry": done.retrying,
                "parked": parked,
                "blocked": blocked,
                "calls": done.calls,
            }
        )
        if parked or blocked:
            raise SystemExit(1)

    def _follow(self, every: float) -> None:
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        while True:
            try:
                done = delivery.run()
            except Exception as err:
                self.stderr.write(f"sync_national: {err!r}")
                done = delivery.Round()
            finally:
                close_old_connections()
            if not done.acknowledged:
                time.sleep(every)
