from __future__ import annotations

import argparse
import importlib
import json
import sys

BENCHES = [
    "calendar_due",
    "catalog_search",
    "dossier_flow",
    "reports",
    "national_sync",
    "national_backlog",
    "search_quality",
    "pages",
    "signing",
    "field_reading",
    "digitization",
]
# Not timings but faults: named explicitly, PostgreSQL only (``make bench`` runs it there).
FAULTS = ["crash", "national_faults"]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", default=BENCHES, help=f"any of {BENCHES + FAULTS}")
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    args = parser.parse_args()
    failed = False
    for name in args.names:
        module = importlib.import_module(f"bench.{name}")
        for row in module.run(quick=args.quick):
            print(json.dumps(row, ensure_ascii=False), flush=True)
            failed |= row.get("ok") is False
            target = row.get("target")
            if target is not None and row.get("higher_is_better", True):
                failed |= row["value"] < target
            elif target is not None:
                failed |= row["value"] > target
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
