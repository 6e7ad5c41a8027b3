from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and an empty folder, then compare every table's "
        "rows and every file's SHA-256 with the backup's manifest (exit 1 on any difference)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path, help="a folder written by 'motcua backup'")
        parser.add_argument("--database-url", required=True, help="the empty database")
        parser.add_argument("--media-root", required=True, type=Path, help="an empty folder")

    def handle(self, *args, source: Path, database_url: str, media_root: Path, **options) -> None:
        differences = backup.restore(source, database_url=database_url, media_root=media_root)
        for difference in differences:
            self.stderr.write(str(difference))
        if differences:
            raise CommandError(f"{len(differences)} difference(s) between backup and restore")
        self.stdout.write("restored: every table's rows and every file's checksum match")
