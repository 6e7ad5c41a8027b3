"""The official days off and make-up days announced for civil servants (reference data file).

Pure: no Django models, so benchmarks and tests can build the official calendar without a database.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

OFFICIAL_DAYS_CSV = Path(__file__).parent / "data" / "vn_official_nonworking_2023_2026.csv"
_COMPENSATORY = re.compile(r"nghỉ bù|hoán đổi", re.IGNORECASE)
# The announcing letter as the source cites it in parentheses: "(VPCP 8726/VPCP-KGVX 26/11/2024)".
# A number is followed by the issuer's letters, never by digits: "2024/11" in an address and
# "02/10/2025" are not documents.
_NOTE = re.compile(r"\(([^()]*)\)")
_DOCUMENT = re.compile(r"(?<![\w/])(\d{1,6}/[A-ZĐ]{2,}(?:-[A-ZĐ0-9]+)*)(?![\w/])")


def announcing_document(source: str) -> str:
    """The number of the letter that announced a day, from the source's parenthesised note;
    "" when the source names none (the day keeps its source address)."""
    for note in _NOTE.findall(source):
        found = _DOCUMENT.search(note)
        if found:
            return found.group(1)
    return ""


def official_days_rows(path: Path = OFFICIAL_DAYS_CSV) -> list[dict]:
    """The official days off and make-up Saturdays 2023–2026 as override rows.

    The file's single ``uncertain`` day (24/11/2026, "Ngày Văn hóa Việt Nam") is loaded as a
    *working* day: the ``holidays`` package lists it, but no amended Labour Code article or
    government notice making it a day off was found, and a deadline must follow the law in force.
    An administrator flips it in the admin once the document exists (docs/adr/0003).
    """
    rows = []
    with path.open(encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            occasion, source = record["occasion"].strip(), record["source"].strip()
            if record["kind"] == "off":
                kind = "compensatory_off" if _COMPENSATORY.search(occasion) else "holiday"
                note = ""
            elif record["kind"] == "makeup":
                kind, note = "makeup_working", ""
            else:
                kind = "working"
                note = (
                    "Chưa xác nhận văn bản pháp luật; tính là ngày làm việc cho đến khi có văn bản."
                )
            rows.append(
                {
                    "date": dt.date.fromisoformat(record["date"]),
                    "kind": kind,
                    "reason": occasion,
                    "document": announcing_document(source),
                    "source": source,
                    "note": note,
                }
            )
    return rows
