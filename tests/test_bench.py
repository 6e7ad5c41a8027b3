"""The benchmarks keep running and keep their output shape (their numbers live in
docs/benchmarks.md, never in assertions)."""

from bench import calendar_due


def test_calendar_benchmark_reports_its_metrics():
    rows = list(calendar_due.run(quick=True))
    assert [row["metric"] for row in rows] == ["due_per_second", "speedup_vs_day_by_day"]
    for row in rows:
        assert set(row) >= {"bench", "metric", "value", "unit", "target"}
        assert row["value"] > 0


def test_signing_benchmark_signs_and_checks():
    from bench import signing

    rows = list(signing.run(quick=True))
    assert [row["metric"] for row in rows] == ["sign_p95", "check_p95", "render_p95"]
    assert all(row["value"] > 0 for row in rows)


def test_field_reading_benchmark_compares_what_it_read_with_what_was_printed():
    from bench import field_reading

    rows = {row["metric"]: row for row in field_reading.run(quick=True)}
    assert set(rows) >= {"id_number_right", "full_name_right", "birth_date_right"}
    assert rows["id_number_right"]["value"] > 50  # a reader that reads nothing fails here
