"""``motcua load_admin_units [--province 19 ...]``: provinces and communes from 01/07/2025."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.agencies.services import load_units_from_package


class Command(BaseCommand):
    help = (
        "Load the two-tier territory (provinces and commune-level units in force from 01/07/2025) "
        "from the vietnam-provinces package. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--province",
            type=int,
            action="append",
            default=[],
            help="province code (e.g. 19 for Thái Nguyên); repeat for several; default: all",
        )

    def handle(self, *args, province: list[int], **options) -> None:
        provinces, communes = load_units_from_package(province or None)
        self.stdout.write(
            self.style.SUCCESS(f"{provinces} tỉnh/thành phố, {communes} xã/phường/đặc khu.")
        )
