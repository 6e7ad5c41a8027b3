"""A task's status comes from the reports and the deadline; bad input changes nothing."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.errors import DomainError, PermissionDenied
from motcua.reform import selectors, services
from motcua.reform.models import Area, ProgressReport, ReformTask
from tests.reform.conftest import agency_of

pytestmark = pytest.mark.django_db


def state(task, day):
    return selectors.state_of(task, list(task.reports.all()), day).state


def test_the_deadline_passes_and_the_task_becomes_overdue_by_itself(task):
    assert task.due_on == dt.date(2024, 6, 30)  # "Quý II" of the plan's year
    services.report_progress(
        task, task.lead, reported_on=dt.date(2024, 3, 29), status="in_progress", percent=40
    )
    assert state(task, dt.date(2024, 6, 30)) == "in_progress"
    assert state(task, dt.date(2024, 7, 1)) == "overdue"  # nobody edited anything
    services.report_progress(task, task.lead, reported_on=dt.date(2024, 7, 10), status="done")
    assert state(task, dt.date(2024, 7, 11)) == "done_late"
    assert state(task, dt.date(2024, 7, 5)) == "overdue"  # as of a day before that report


def test_the_dashboard_moves_with_the_clock(client, task, monkeypatch):
    """Nobody touches the task; tomorrow the same page shows it overdue."""
    from django.utils import timezone

    from tests.reform.conftest import user

    client.force_login(user("stp.kiemsoat"))
    on = {"day": dt.datetime(2024, 6, 30, 10, tzinfo=dt.UTC)}
    monkeypatch.setattr(timezone, "now", lambda: on["day"])
    page = client.get("/cai-cach/", {"plan": task.plan_id}).content.decode()
    assert 'data-testid="overdue">0<' in page and 'data-testid="not-started">1<' in page
    on["day"] = dt.datetime(2024, 7, 1, 10, tzinfo=dt.UTC)
    page = client.get("/cai-cach/", {"plan": task.plan_id}).content.decode()
    assert 'data-testid="overdue">1<' in page and 'data-testid="not-started">0<' in page
    assert "Quá hạn" in page


def test_a_coordinators_report_is_history_not_the_status(task):
    planning = agency_of("skhdt.chuyenvien")
    services.report_progress(task, planning, reported_on=dt.date(2024, 2, 1), status="done")
    assert state(task, dt.date(2024, 2, 2)) == "not_started"
    assert task.reports.count() == 1


def test_bad_reports_are_refused_and_change_nothing(task):
    other = agency_of("tpbk.chuyenvien")
    with pytest.raises(PermissionDenied) as error:
        services.report_progress(task, other, reported_on=dt.date(2024, 2, 1), status="done")
    assert error.value.code == "not_your_task"
    cases = [
        ({"status": "in_progress", "percent": 140}, "percent_out_of_range"),
        ({"status": "in_progress", "percent": -5}, "percent_out_of_range"),
        ({"status": "in_progress", "percent": "nhiều"}, "invalid"),
        ({"status": "done", "percent": 80}, "invalid"),
        ({"status": "finished"}, "invalid"),
    ]
    for values, code in cases:
        with pytest.raises(DomainError) as error:
            services.report_progress(task, task.lead, reported_on=dt.date(2024, 2, 1), **values)
        assert error.value.code == code, values
    with pytest.raises(DomainError):
        services.report_progress(
            task, task.lead, reported_on=dt.date(2099, 1, 1), status="in_progress", percent=5
        )
    assert not ProgressReport.objects.filter(task=task).exists()


def test_a_task_needs_a_lead_agency_and_a_deadline(plan):
    base = {"number": "1", "title": "Nhiệm vụ", "area": Area.DIGITAL}
    justice = agency_of("stp.chuyenvien")
    for values, code in [
        ({"timing_text": "Quý II"}, "lead_required"),
        ({"lead": justice}, "deadline_required"),
        ({"lead": justice, "timing_text": "sớm nhất có thể"}, "deadline_unreadable"),
    ]:
        with pytest.raises(DomainError) as error:
            services.add_tasks(plan, [base | values])
        assert error.value.code == code
    # All or none: a good row before a bad one is not kept.
    with pytest.raises(DomainError):
        services.add_tasks(
            plan, [base | {"lead": justice, "timing_text": "Quý I"}, base | {"lead": None}]
        )
    assert not ReformTask.objects.filter(plan=plan).exists()


@pytest.mark.parametrize(
    "text, timing, due",
    [
        ("Thường xuyên", "regular", None),
        ("Quý I", "quarter", dt.date(2024, 3, 31)),
        ("Quý 3/2024", "quarter", dt.date(2024, 9, 30)),
        ("quý IV năm 2024", "quarter", dt.date(2024, 12, 31)),
        ("Tháng 6/2024", "month", dt.date(2024, 6, 30)),
        ("Tháng 2", "month", dt.date(2024, 2, 29)),
        ("6 tháng đầu năm", "month", dt.date(2024, 6, 30)),
        ("Năm 2024", "date", dt.date(2024, 12, 31)),
        ("15/11/2024", "date", dt.date(2024, 11, 15)),
        ("Trước ngày 30/9/2024", "date", dt.date(2024, 9, 30)),
    ],
)
def test_completion_times_as_annexes_write_them(text, timing, due):
    assert services.parse_timing(text, 2024) == (timing, due)


@given(
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["in_progress", "done"])), max_size=6),
    st.integers(0, 90),
)
def test_the_status_is_read_from_the_last_report_up_to_the_day(reports, offset):
    """Property: the derived status depends only on the last report up to the day and the
    deadline, never on reports after the day."""
    from motcua.agencies.models import Agency

    lead = Agency(pk=1)
    task = ReformTask(pk=1, lead=lead, lead_id=1, due_on=dt.date(2024, 2, 15))
    start = dt.date(2024, 1, 1)
    rows = [
        ProgressReport(
            pk=i + 1,
            agency_id=1,
            reported_on=start + dt.timedelta(days=d),
            status=s,
            percent=100 if s == "done" else 50,
        )
        for i, (d, s) in enumerate(reports)
    ]
    day = start + dt.timedelta(days=offset)
    seen = [r for r in rows if r.reported_on <= day]
    result = selectors.state_of(task, rows, day).state
    assert result == selectors.state_of(task, seen, day).state
    last = max(seen, key=lambda r: (r.reported_on, r.pk), default=None)
    if last is not None and last.status == "done":
        assert result in ("done", "done_late")
    elif day > task.due_on:
        assert result == "overdue"
    else:
        assert result == ("in_progress" if last else "not_started")
