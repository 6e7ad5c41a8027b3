import gzip
import json
from pathlib import Path

import pytest

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "motcua"
    / "demo"
    / "data"
    / "national_procedures_sample.jsonl.gz"
)


def sample_lines() -> list[str]:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh:
        return fh.readlines()


def sample_records() -> list[dict]:
    return [json.loads(line) for line in sample_lines()]


@pytest.fixture
def sample_subset(db):
    """A few hundred national records, imported through the real service."""
    from motcua.catalog.services import import_national_records

    lines = sample_lines()
    wanted = {"1.012781", "1.001061", "2.002060", "1.004286"}
    chosen = lines[:150] + [line for line in lines if json.loads(line)["ma_thu_tuc"] in wanted]
    return import_national_records(chosen)
