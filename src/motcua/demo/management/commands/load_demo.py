"""``motcua load_demo``: the demo province (Bắc Kạn, 2023). Running it twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from motcua.agencies.models import AgencySuccession
from motcua.demo import agencies, catalog, dossiers, online, reform, reviews, scans, volume
from motcua.dossiers import ocr


class Command(BaseCommand):
    help = "Load the demo province: Bắc Kạn as of 2023 (and, with --era 2026, its ground in Thái Nguyên)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--era",
            choices=["2023", "2026"],
            default="2023",
            help="2023: Bắc Kạn, three tiers (default). 2026: also the two-tier Thái Nguyên "
            "structure from 01/07/2025, linked to its predecessors.",
        )
        parser.add_argument(
            "--no-catalog",
            dest="catalog",
            action="store_false",
            help="Skip the procedure catalog (national records and the 2023 decisions).",
        )
        parser.add_argument(
            "--volume",
            type=float,
            default=1.0,
            help="The share of the year's real volume of dossiers to make (1: about 11,000 a "
            "month; 0: only the first half-year's sample at two desks).",
        )

    @transaction.atomic
    def handle(self, *args, era: str, **options) -> None:
        # The demo's stories scan placeholders, not pictures: nothing to read in them.
        with ocr.held():
            backan = self._load(options)
        if options.get("catalog", True):
            read = scans.load()
            if read:
                self.stdout.write(f"Số hóa: {read} bản quét tại Sở KH&ĐT đã nhận dạng chữ (OCR).")
        if era == "2026":
            # The reform of 1 July 2025 comes after the 2023 year is told: closing the Bắc Kạn
            # agencies first would leave their staff unable to receive the 2023 dossiers.
            agencies.load_2026(previous=backan)
            if options.get("catalog", True):
                with ocr.held():
                    self._load_since_the_reform(options)
        # The planner's statistics for the tables just filled: without them SQLite picks the
        # wrong index for the year's half a million rows (a citizen's data store: 0.4 s → 15 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Demo province loaded (era {era})."))

    def _load_since_the_reform(self, options: dict) -> None:
        """Thái Nguyên from 01/07/2025 to today: its list, its dossiers, its plans."""
        successors = {
            s.predecessor_id: s.successor
            for s in AgencySuccession.objects.select_related("successor")
        }
        published = catalog.load_2025(
            successors, signed_on=dt.date(2025, 6, 30), effective=dt.date(2025, 7, 1)
        )
        if published:
            self.stdout.write(
                f"Danh mục TTHC tỉnh Thái Nguyên từ 01/07/2025: {published} thủ tục chuẩn hóa."
            )
        now = timezone.now()
        span = volume.since_the_reform(timezone.localdate(now), now)
        scale = options["volume"]
        made = volume.load(
            scale=scale or 0.005,
            lifecycles=volume.LIFECYCLES_2025 if scale else 80,
            least=1,
            seed=2026,
            span=span,
        )
        if made:
            self.stdout.write(
                f"Hồ sơ từ 01/07/2025 đến nay: {made} hồ sơ tại Trung tâm Phục vụ hành chính "
                "công tỉnh và các xã, phường."
            )
        today = timezone.localdate(now)
        tasks = reform.load_2026(today)
        if tasks:
            self.stdout.write(f"Kế hoạch CCHC tỉnh Thái Nguyên năm 2026: {tasks} nhiệm vụ.")
        reviewed = reviews.load_2026(today)
        if reviewed:
            self.stdout.write(
                f"Rà soát TTHC tỉnh Thái Nguyên năm 2026: {reviewed} thủ tục đã rà soát."
            )

    def _load(self, options: dict) -> dict:
        backan = agencies.load_2023()
        agencies.ensure_superuser()
        if options.get("catalog", True) and catalog.load():
            self.stdout.write("Danh mục TTHC: 31 quyết định công bố 6 tháng đầu năm 2023.")
        if options.get("catalog", True):
            made = dossiers.load()
            if made:
                self.stdout.write(f"Hồ sơ: {made} hồ sơ tiếp nhận 6 tháng đầu năm 2023.")
            online_made = online.load()
            if online_made:
                self.stdout.write(
                    f"Dịch vụ công trực tuyến: {online_made} hồ sơ nộp trực tuyến "
                    "(tài khoản congdan@motcua.vn)."
                )
            if options["volume"] > 0:
                made = volume.load(scale=options["volume"])
                if made:
                    self.stdout.write(f"Hồ sơ cả năm 2023: {made} hồ sơ tại các sở, huyện, xã.")
            reviewed = reviews.load()
            if reviewed:
                self.stdout.write(
                    f"Rà soát, đơn giản hóa: {reviewed} TTHC được rà soát năm 2023, "
                    "01 phương án đơn giản hóa được phê duyệt."
                )
        tasks = reform.load()
        if tasks:
            self.stdout.write(
                f"Kế hoạch CCHC năm 2023: {tasks} nhiệm vụ, kế hoạch của 19/19 sở và 8/8 huyện."
            )
        return backan
