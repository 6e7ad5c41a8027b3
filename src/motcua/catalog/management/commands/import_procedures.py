"""``motcua import-procedures <file.jsonl[.gz]>``: import national portal records, print a report."""

from __future__ import annotations

import gzip
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.services import import_file


class Command(BaseCommand):
    help = (
        "Import procedure records of the national public-service portal (JSON lines, optionally "
        "gzipped) into the catalog as national records, and print a parse report. Exit status 0 "
        "when the file was read, even if some fields were flagged for review."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(_("File %(file)s not found.") % {"file": file})
        try:
            report = import_file(file)
        except (OSError, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as err:
            raise CommandError(
                _("Could not read file %(file)s: %(error)s") % {"file": file, "error": err}
            ) from err
        self.stdout.write(report.as_text())
