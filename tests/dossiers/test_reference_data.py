"""A receipt reads the catalog's terms once between changes to it, and sees every change."""

import pytest

from motcua.catalog.models import TimeLimit
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import moment

pytestmark = pytest.mark.django_db


def test_a_changed_time_limit_reaches_the_next_receipt(receive):
    first = receive(at=moment(2023, 3, 6, 9, 0))
    assert first.limit_value == 20
    TimeLimit.objects.filter(version=first.version, channel="direct").update(value=5)
    second = receive(at=moment(2023, 3, 6, 9, 5))
    assert second.limit_value == 5
    assert second.due_at < first.due_at


def test_receipts_read_the_reference_data_once_between_changes(
    receive, django_assert_max_num_queries
):
    receive(at=moment(2023, 3, 6, 9, 0))
    with django_assert_max_num_queries(30) as captured:
        receive(at=moment(2023, 3, 6, 9, 5))
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("catalog_procedureversion", "catalog_timelimit", "catalog_internalprocess"):
        assert table not in tables
    assert Dossier.objects.count() == 2
