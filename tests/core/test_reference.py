"""Reference data kept in the process between changes (core.reference): every change moves the
stamp, whatever path makes it, and a read after a change sees it."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from motcua.accounts.permissions import Action, can
from motcua.agencies.models import Agency, StaffRole
from motcua.agencies.selectors import known_agency
from motcua.core import reference
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_every_reference_table_moves_the_stamp_on_every_kind_of_write():
    installed = installed_triggers()
    for table in reference.tables():
        if connection.vendor == "postgresql":
            # One statement-level trigger: insert, update, delete and truncate.
            assert f"{table}_reference_stamp" in installed, table
        else:
            for event in ("insert", "update", "delete"):
                assert f"{table}_reference_stamp_{event}" in installed, (table, event)


def test_a_bulk_update_is_seen_by_the_next_read(demo):
    first = known_agency("000.00.03.H03", "agency")
    assert known_agency("000.00.03.H03", "agency").name == first.name
    before = reference.stamp()
    Agency.objects.filter(code="000.00.03.H03").update(name="Sở Tư pháp (mới)")
    assert reference.stamp() != before
    assert known_agency("000.00.03.H03", "agency").name == "Sở Tư pháp (mới)"


def test_raw_sql_moves_the_stamp_too(demo):
    before = reference.stamp()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE agencies_agency SET short_name = short_name")
    assert reference.stamp() != before


def test_an_ended_role_is_no_longer_honoured(demo):
    officer = user("stp.motcua")
    desk = StaffRole.objects.get(user=officer).agency
    assert can(officer, Action.DOSSIER_RECEIVE, desk)
    StaffRole.objects.filter(user=officer).update(valid_to=dt.date(2000, 1, 1))
    assert not can(officer, Action.DOSSIER_RECEIVE, desk)


def test_a_rolled_back_change_leaves_no_stamp_behind(demo):
    before = reference.stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        Agency.objects.filter(code="000.00.03.H03").update(name="Tên tạm")
        inside = reference.stamp()
        assert known_agency("000.00.03.H03", "agency").name == "Tên tạm"
        raise RuntimeError
    assert reference.stamp() == before
    assert known_agency("000.00.03.H03", "agency").name != "Tên tạm"
    Agency.objects.filter(code="000.00.03.H03").update(short_name="STP")
    after = reference.stamp()
    assert after not in (before, inside)
    assert known_agency("000.00.03.H03", "agency").name != "Tên tạm"


def test_what_a_caller_changes_is_not_what_the_next_caller_gets(demo):
    agency = known_agency("000.00.03.H03", "agency")
    agency.name = "Đổi trong bộ nhớ"
    assert known_agency("000.00.03.H03", "agency").name != "Đổi trong bộ nhớ"


def test_without_a_stamp_nothing_is_kept(demo):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_referencestamp")
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert reference.cached("probe", read) == 1
    assert reference.cached("probe", read) == 2


def test_a_trigger_lost_in_a_table_rebuild_comes_back_with_the_next_migrate(demo):
    # SQLite drops a table's triggers when a migration rebuilds the table.
    postgres = connection.vendor == "postgresql"
    name = "agencies_agency_reference_stamp" + ("" if postgres else "_update")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}" + (" ON agencies_agency" if postgres else ""))
    assert name not in installed_triggers()
    before = reference.stamp()
    Agency.objects.filter(code="000.00.03.H03").update(short_name="STP")
    assert reference.stamp() == before  # the loss this guards against
    call_command("migrate", verbosity=0)
    assert name in installed_triggers()
    Agency.objects.filter(code="000.00.03.H03").update(short_name="Sở Tư pháp")
    assert reference.stamp() != before


@pytest.mark.postgres
def test_postgresql_writes_the_stamp_row_once_per_transaction(demo):
    # Each write of the row would leave a version for every later read in the transaction to
    # walk past; the transaction's later changes move its local part instead.
    seen = []
    with transaction.atomic():
        for index in range(5):
            Agency.objects.filter(code="000.00.03.H03").update(short_name=f"STP {index}")
            seen.append(reference.stamp())
    assert len(set(seen)) == 5  # every change is seen
    assert len({token for token, _local in seen}) == 1  # by one write of the row


def test_values_kept_each_are_read_only_when_missing_under_one_stamp_read(
    django_assert_num_queries,
):
    asked = []

    def read(keys):
        asked.append(sorted(keys))
        return {key: key[1] * 10 for key in keys if key[1] != 3}  # 3 has no value

    first = reference.cached_each([("n", 1), ("n", 2), ("n", 3)], read)
    assert first == {("n", 1): 10, ("n", 2): 20}
    with django_assert_num_queries(1):  # the stamp
        assert reference.cached_each([("n", 2), ("n", 4)], read) == {("n", 2): 20, ("n", 4): 40}
    assert asked == [[("n", 1), ("n", 2), ("n", 3)], [("n", 4)]]
    Agency.objects.filter(pk=Agency.objects.first().pk).update(name="Đổi tên")  # moves the stamp
    reference.cached_each([("n", 1)], read)
    assert asked[-1] == [("n", 1)]


def test_a_cached_read_of_a_table_nobody_registered_fails_under_the_guard(demo):
    from motcua.dossiers.models import Dossier

    assert "dossiers_dossier" not in reference.tables()
    with pytest.raises(reference.UnregisteredTable, match="dossiers_dossier"):
        reference.cached("stray", lambda: Dossier.objects.count())
    with pytest.raises(reference.UnregisteredTable):
        reference.cached_each([1], lambda keys: {1: Dossier.objects.filter(pk__in=keys).count()})
    # Registered tables pass, and nothing was kept of the failed reads.
    assert reference.cached("agencies", lambda: Agency.objects.count()) > 0
