"""motcua import-procedures: the national records land in the catalog at once."""

import datetime as dt
import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import import_national_records
from tests.catalog.conftest import SAMPLE, sample_lines

pytestmark = pytest.mark.django_db


def test_the_whole_sample_imports_and_reports():
    out = io.StringIO()
    call_command("import-procedures", str(SAMPLE), stdout=out)
    report = out.getvalue()
    assert "Đọc 2029 dòng: 2029 thủ tục mới" in report
    assert "time_unit_missing" in report
    assert Procedure.objects.count() == 2029
    version = ProcedureVersion.objects.get(procedure__code="1.012781")
    limits = {t.channel: (t.value, t.unit) for t in version.time_limits.all()}
    assert limits["direct"][0] == 20 and limits["direct"][1] == "working_days"
    assert version.source == "national" and version.effective_from is None


def test_reimporting_the_same_file_changes_nothing(sample_subset):
    before = ProcedureVersion.objects.count()
    report = import_national_records(sample_lines()[:150])
    assert report.unchanged == 150 and report.created == 0
    assert ProcedureVersion.objects.count() == before


def test_a_changed_record_makes_a_new_version_and_keeps_history(sample_subset):
    line = json.loads(sample_lines()[0])
    line["ten_thu_tuc"] += " (sửa đổi)"
    import_national_records([json.dumps(line, ensure_ascii=False)], on=dt.date(2026, 3, 1))
    versions = list(
        ProcedureVersion.objects.filter(procedure__code=line["ma_thu_tuc"]).order_by("number")
    )
    assert len(versions) == 2
    assert versions[0].effective_to == dt.date(2026, 2, 28)
    assert versions[1].effective_from == dt.date(2026, 3, 1)
    assert versions[1].name.endswith("(sửa đổi)")


def test_bad_lines_are_reported_not_fatal(db):
    lines = ["{not json", json.dumps({"ma_thu_tuc": "abc", "ten_thu_tuc": "X"}), "[1, 2]"]
    report = import_national_records(lines + sample_lines()[:2])
    assert report.created == 2
    assert [line for line, _ in report.rejected] == [1, 2, 3]


def test_a_missing_or_broken_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("import-procedures", str(tmp_path / "none.jsonl"))
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match="Không đọc được"):
        call_command("import-procedures", str(broken))


def test_plain_jsonl_works_too(tmp_path):
    plain = tmp_path / "few.jsonl"
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh:
        plain.write_text("".join(fh.readline() for _ in range(3)), encoding="utf-8")
    call_command("import_procedures", str(plain), stdout=io.StringIO())
    assert Procedure.objects.count() == 3
