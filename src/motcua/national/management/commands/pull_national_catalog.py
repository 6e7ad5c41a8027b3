"""Read the national procedure database into the catalog and draft a publication decision."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.national import outbox, pull
from motcua.national.models import CatalogPull


class Command(BaseCommand):
    help = (
        "Read the province's procedures from the national procedure database (LayDanhSachTTHC, "
        "LayThuTuc), store the new national records in the catalog and prepare a draft "
        "publication decision listing what the national side added, changed or abolished. Exit "
        "status 1 when the national side could not be read."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", dest="day", help="the day the changes count from")

    def handle(self, *args, day: str | None, **options) -> None:
        if not outbox.enabled():
            raise CommandError(_("The national portal is not configured (MOTCUA_NATIONAL_URL)."))
        try:
            on = dt.date.fromisoformat(day) if day else None
        except ValueError as err:
            raise CommandError(_("A day as YYYY-MM-DD: %(text)s") % {"text": day}) from err
        done = pull.run(CatalogPull.objects.create(), on=on)
        if done.state == CatalogPull.State.FAILED:
            raise CommandError(done.error)
        report = done.report
        for key, mark in (("added", "+"), ("changed", "~"), ("abolished", "-")):
            for row in report[key]:
                extra = row[2] if len(row) > 2 else ""
                if isinstance(extra, list):
                    extra = ", ".join(pull.aspect_label(aspect) for aspect in extra)
                self.stdout.write(f"{mark} {row[0]}\t{row[1]}\t{extra}".rstrip())
        for code, message in report["refused"]:
            self.stdout.write(f"! {code}\t{message}")
        self.stdout.write(pull.summary(done))
