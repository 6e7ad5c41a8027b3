"""Dossier statistics: known cases, and every count reconciled with a count made directly over the
dossiers and their journals, for several periods and scopes."""

import datetime as dt

import pytest

from motcua.dossiers import digitization, services
from motcua.dossiers.models import Dossier, State
from motcua.reports import periods, statistics
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db


def resolve(code: str, start: dt.datetime, at: dt.datetime) -> Dossier:
    services.act(code, "hand_over", user=user("stp.motcua"), at=start)
    services.act(code, "forward", user=user("stp.chuyenvien"), at=start + dt.timedelta(hours=2))
    return services.act(
        code, "record_result", user=user("stp.lanhdao"), at=at, number="1", signer="A"
    )


@pytest.fixture
def month(receive):
    """March 2023 at the Department of Justice: 20 working days in person (due 03/04 for 06/03),
    10 online."""
    early = receive(at=moment(2023, 3, 1, 9, 0))  # resolved before its appointment day
    resolve(early.code, moment(2023, 3, 1, 10, 0), moment(2023, 3, 10, 9, 0))
    services.act(early.code, "return_result", user=user("stp.motcua"), at=moment(2023, 3, 13, 9))
    on_time = receive(at=moment(2023, 3, 6, 9, 0))  # resolved on its appointment day
    resolve(on_time.code, moment(2023, 3, 6, 10, 0), moment(2023, 4, 3, 8, 0))
    late = receive(at=moment(2023, 3, 6, 9, 0))
    services.act(late.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10, 0))
    services.act(
        late.code,
        "apologize",
        user=user("stp.lanhdao"),
        at=moment(2023, 3, 31, 9, 0),
        new_due=moment(2023, 4, 10, 9, 0),
        reason="Chờ xác minh",
    )
    services.act(
        late.code,
        "record_result",
        user=user("stp.lanhdao"),
        at=moment(2023, 4, 7, 9, 0),
        number="2",
        signer="A",
    )
    waiting = receive(at=moment(2023, 3, 6, 9, 30))  # never resolved; its form scanned
    digitization.digitize(
        waiting.code,
        data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        name="don.pdf",
        pages=1,
        user=user("stp.motcua"),
        document_id=waiting.documents.get().pk,
    )
    services.act(waiting.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 11))
    receive(
        at=moment(2023, 3, 8, 9, 0),
        outcome=services.Outcome("refuse", reason="Không thuộc thẩm quyền"),
    )
    stopped = receive(at=moment(2023, 3, 9, 9, 0))
    services.act(
        stopped.code,
        "request_stop",
        user=user("stp.motcua"),
        at=moment(2023, 3, 20, 9),
        reason="Xin rút",
    )
    services.act(stopped.code, "stop", user=user("stp.motcua"), at=moment(2023, 3, 20, 10))
    online = receive(at=moment(2023, 3, 15, 9, 0), channel="online")
    return {"early": early, "on_time": on_time, "late": late, "waiting": waiting, "online": online}


def test_march_as_the_form_counts_it(month):
    march = statistics.dossier_statistics(periods.calendar_period("2023-03"))
    assert march["carried_over"] == 0
    assert march["received"] == 6
    assert (march["received_direct"], march["received_online"]) == (5, 1)
    assert (march["resolved"], march["resolved_early"], march["resolved_late"]) == (1, 1, 0)
    assert march["refused"] == 1 and march["withdrawn"] == 1 and march["returned"] == 1
    assert (march["digitized"], march["reused"]) == (1, 0)  # the scanned form
    # Open at the end: on time, late, waiting, online — the online one (10 days) already overdue.
    assert (march["in_progress"], march["in_progress_overdue"]) == (4, 1)
    april = statistics.dossier_statistics(periods.calendar_period("2023-04"))
    assert april["carried_over"] == 4
    assert (april["resolved_on_time"], april["resolved_late"]) == (1, 1)
    assert (april["in_progress"], april["in_progress_overdue"]) == (2, 2)


def direct(period, dossiers) -> dict:
    """The same counts, made in Python from each dossier's fields and journal."""
    start, end = statistics.bounds(period)

    def inside(moment_):
        return moment_ is not None and start <= moment_ < end

    def event(d, state):
        times = [e.at for e in d.events.all() if e.to_state == state]
        return min(times) if times else None

    out = dict.fromkeys(
        [
            "carried_over",
            "received",
            "resolved",
            "resolved_late",
            "resolved_early",
            "in_progress",
            "in_progress_overdue",
            "refused",
            "withdrawn",
            "returned",
            "digitized",
            "reused",
        ],
        0,
    )
    local = dt.timezone(dt.timedelta(hours=7))

    def open_at(d, stopped, t) -> bool:
        return (
            d.received_at is not None
            and d.received_at < t
            and not (d.resolved_at and d.resolved_at < t)
            and not (stopped and stopped < t)
        )

    for d in dossiers:
        stopped, refused = event(d, State.STOPPED), event(d, State.REFUSED)
        out["carried_over"] += open_at(d, stopped, start)
        out["received"] += inside(d.received_at)
        if inside(d.received_at):
            copies = list(d.scans.all())
            out["digitized"] += any(c.kind in ("document", "online") for c in copies)
            out["reused"] += any(c.reused_from_id for c in copies)
        if inside(d.resolved_at):
            out["resolved"] += 1
            out["resolved_late"] += d.late
            out["resolved_early"] += (not d.late and d.due_at is not None) and (
                d.resolved_at.astimezone(local).date() < d.due_at.astimezone(local).date()
            )
        if open_at(d, stopped, end):
            out["in_progress"] += 1
            out["in_progress_overdue"] += bool(d.legal_due_at and d.legal_due_at < end)
        out["refused"] += inside(refused)
        out["withdrawn"] += inside(stopped)
        out["returned"] += inside(d.returned_at)
    return out


@pytest.mark.parametrize("key", ["2023-02", "2023-03", "2023-04", "2023-Q1", "2023-H1", "2023"])
def test_every_count_reconciles_with_the_dossiers(month, stp, key):
    dossiers = list(Dossier.objects.prefetch_related("events", "scans"))
    for cutoff in (False, True):
        period = periods.parse(key, cutoff=cutoff)
        for scope, subset in (
            (statistics.Scope(), dossiers),
            (statistics.Scope(agency=stp), [d for d in dossiers if d.deciding_agency_id == stp.pk]),
            (statistics.Scope(procedure_code="9.999999"), []),
        ):
            counts = statistics.dossier_statistics(period, scope)
            expected = direct(period, subset)
            assert {k: counts[k] for k in expected} == expected, (key, cutoff, scope)
            assert counts["resolved"] == (
                counts["resolved_early"] + counts["resolved_on_time"] + counts["resolved_late"]
            )
            assert counts["carried_over"] + counts["received"] == (
                counts["resolved"] + counts["withdrawn_after_receipt"] + counts["in_progress"]
            )
            for name in ("resolved_late", "in_progress_overdue", "received_online"):
                behind = statistics.dossiers_behind(name, period, scope)
                assert behind.count() == counts[name]
            if not cutoff:  # the trend by calendar month adds up the same way
                for row in statistics.monthly(period, scope):
                    month, year = row["month"].split("/")
                    each = direct(periods.calendar_period(f"{year}-{month}"), subset)
                    assert (row["received"], row["resolved"], row["late"]) == (
                        each["received"],
                        each["resolved"],
                        each["resolved_late"],
                    ), (row, scope)


def test_the_api_names_the_counts_as_the_contract(api, month, stp):
    body = api.get(
        "/api/v1/statistics/dossiers",
        {"from": "2023-03-01", "to": "2023-03-31", "agency": stp.code},
    ).json()
    for key in (
        "received",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "in_progress_on_time",
        "in_progress_overdue",
        "refused",
        "withdrawn",
        "online_full",
        "online_partial",
        "paid_online",
        "digitized",
    ):
        assert isinstance(body[key], int), key
    assert body["received"] == 6
    same = api.get("/api/v1/statistics/dossiers", {"period": "2023-03"}).json()
    assert same["received"] == 6
    bad = api.get("/api/v1/statistics/dossiers", {"period": "2023-13"})
    assert bad.status_code == 400 and "period" in bad.json()["fields"]
    unknown = api.get("/api/v1/statistics/dossiers", {"from": "2023-03-01", "agency": "X"})
    assert unknown.status_code == 400 and "agency" in unknown.json()["fields"]
