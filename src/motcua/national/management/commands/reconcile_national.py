"""Compare a day's dossiers with the national portal and list the differences."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.national import outbox, reconcile


class Command(BaseCommand):
    help = (
        "Look up on the national portal (TraCuuHoSo) every dossier received or changed on a day "
        "(default: yesterday) and list each difference: missing there, another status, another "
        "appointment or end date. Exit status 1 when there are differences; --resend queues the "
        "dossiers that differ again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", dest="day")
        parser.add_argument(
            "--sample", type=int, help="compare this many dossiers, drawn at random"
        )
        parser.add_argument("--resend", action="store_true")

    def handle(self, *args, day: str | None, sample: int | None, resend: bool, **options) -> None:
        if not outbox.enabled():
            raise CommandError(_("The national portal is not configured (MOTCUA_NATIONAL_URL)."))
        try:
            when = dt.date.fromisoformat(day) if day else timezone.localdate() - dt.timedelta(1)
        except ValueError as err:
            raise CommandError(_("A day as YYYY-MM-DD: %(text)s") % {"text": day}) from err
        result = reconcile.run(when, sample=sample)
        if result.failed:
            raise CommandError(result.failed)
        for difference in result.differences:
            label = reconcile.KINDS[difference["kind"]]
            self.stdout.write(
                f"{difference['code']}\t{label}\t{difference['here']}\t{difference['there']}"
            )
        self.stdout.write(
            _("%(checked)s dossiers compared, %(n)s differences.")
            % {"checked": result.checked, "n": len(result.differences)}
        )
        if resend and result.differences:
            codes = sorted({d["code"] for d in result.differences})
            self.stdout.write(_("%(n)s dossiers queued again.") % {"n": reconcile.requeue(codes)})
        if result.differences:
            raise SystemExit(1)
