from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.core import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder, with a manifest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("target", type=Path, help="a folder that does not exist yet")

    def handle(self, *args, target: Path, **options) -> None:
        manifest = backup.backup(target)
        self.stdout.write(
            f"{target}: {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} "
            f"tables, {len(manifest['media'])} files"
        )
