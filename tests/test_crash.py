"""The crash test's short form (bench/crash.py; ``python -m bench crash`` runs it longer):
receipts through two gunicorn nodes and two workers on PostgreSQL while nodes and workers are
killed with ``kill -9`` — nothing acknowledged lost or doubled, replays answer the first answer,
codes unique and gap-free, a role ended through one node refused by the other, every message
sent and none twice more often than workers died."""

import pytest
from bench import crash


@pytest.mark.postgres
def test_receipts_survive_kill_9_on_two_nodes():
    rows = list(crash.run(quick=True))
    assert [row["name"] for row in rows] == [
        "crash.role_change_across_nodes",
        "crash.receipts_under_kill_9",
    ]
    for row in rows:
        assert row["ok"], row
    load = rows[1]
    assert load["kills"] == {"node": 3, "worker": 2}, load
