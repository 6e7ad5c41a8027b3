"""Hypothesis drives random sequences of actions; whatever happens, the journal replays to the
stored state and appointment, a refused action leaves no trace, and the statistics' day book
stays what a recount makes."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.core.errors import DomainError
from motcua.dossiers import selectors, services, tally, transitions
from motcua.dossiers.models import DailyCount, Dossier
from tests.dossiers.conftest import moment

pytestmark = pytest.mark.django_db

PARAMS = {
    "request_supplement": {"missing": ["Tờ khai"]},
    "refuse": {"reason": "Không thuộc thẩm quyền"},
    "record_result": {"number": "9/GP", "signer": "Lãnh đạo"},
    "request_payment": {"amount": 50_000},
    "transfer": {"agency": "000.00.00.H03", "days": "1.5"},
    "request_stop": {"reason": "Rút hồ sơ"},
}

steps = st.lists(
    st.tuples(st.sampled_from(sorted(transitions.ACTIONS)), st.integers(1, 60 * 60 * 30)),
    min_size=1,
    max_size=14,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=steps)
def test_the_journal_replays_to_the_stored_state_and_appointment(receive, steps):
    admin = get_user_model().objects.filter(is_superuser=True).first()
    dossier = receive()
    at = moment(2023, 3, 6, 9, 0)
    for action, seconds in steps:
        at += dt.timedelta(seconds=seconds)
        params = dict(PARAMS.get(action, {}))
        if action == "apologize" and dossier.due_at:
            params |= {"new_due": dossier.due_at + dt.timedelta(days=3), "reason": "Chậm"}
        before = dossier.events.count()
        try:
            dossier = services.act(dossier.code, action, user=admin, at=at, **params)
        except DomainError:
            dossier = Dossier.objects.get(pk=dossier.pk)
            assert dossier.events.count() == before  # nothing half-written
        state, due = selectors.replay(dossier)
        assert state == dossier.state
        assert due == dossier.due_at
    # The statistics' day book, kept change by change, is what a recount from the dossiers makes.
    kept = day_book()
    tally.rebuild()
    assert day_book() == kept


def day_book() -> dict:
    book = {}
    for row in DailyCount.objects.values():
        counts = {k: v for k, v in row.items() if k not in ("id", "day", "agency_id") and v}
        if counts:  # a line whose counts went back to zero is no line
            book[row["day"], row["agency_id"]] = counts
    return book


def test_a_dossier_loaded_with_only_some_columns_still_changes_the_book_exactly(receive):
    """``only()`` and ``defer()`` keep the columns the day book counts: such a dossier may be
    changed and the book adds exactly its difference."""
    dossier = receive()
    slim = Dossier.objects.only("code").get(pk=dossier.pk)
    lean = Dossier.objects.defer("received_at", "late", "applicant_name").get(pk=dossier.pk)
    assert slim._tally != tally.UNKNOWN and lean._tally != tally.UNKNOWN
    assert "applicant_name" in lean.get_deferred_fields()  # what is not counted stays deferred
    slim.late = True
    slim.save(update_fields=["late"])
    tally.sync(slim)
    kept = day_book()
    tally.rebuild()
    assert day_book() == kept
    table = Dossier._meta.db_table
    raw = next(iter(Dossier.objects.raw(f"SELECT id, code FROM {table}")))  # noqa: S608
    with pytest.raises(RuntimeError, match="raw"):
        tally.sync(raw)
