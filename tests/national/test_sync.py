"""The interconnection with the national portal against the reference simulator, over HTTP on
loopback: every event queued with the change, delivered in order, refused dossiers found in
their batch and parked alone, sessions renewed once, faults survived without loss."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.national import delivery
from motcua.national.client import Client
from motcua.national.models import OutboxMessage, ProcedureMapping, Reconciliation, SyncState
from motcua.national.payloads import moment as national_moment
from motcua.national.simulator import Faults, Portal, Simulator
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db
Status = SyncState.Status


@pytest.fixture
def portal():
    simulator = Simulator(Portal()).start()
    yield simulator
    simulator.stop()


@pytest.fixture
def national(settings, portal):
    """Synchronisation on, pointed at the simulator; no waiting between attempts."""
    settings.NATIONAL = {
        **settings.NATIONAL,
        "URL": portal.url,
        "USERNAME": "motcua",
        "PASSWORD": "motcua-sim",
        "TIMEOUT": 0.5,
        "BATCH": 10,
        "RETRIES": 3,
        "BACKOFF": 0,
    }
    return portal.portal


def lifecycle(code: str, at: dt.datetime) -> None:
    services.act(code, "hand_over", user=user("stp.motcua"), at=at)
    services.act(code, "forward", user=user("stp.chuyenvien"), at=at + dt.timedelta(hours=1))


def test_each_event_queues_its_message_with_the_change_and_only_when_configured(
    settings, receive, national
):
    dossier = receive()
    assert list(OutboxMessage.objects.values_list("sequence", flat=True)) == [1]
    assert SyncState.objects.get(dossier=dossier).status == Status.WAITING
    with pytest.raises(DomainError):  # refused: no event, no message
        services.act(dossier.code, "record_result", user=user("admin"), number="", signer="")
    assert OutboxMessage.objects.count() == 1
    settings.NATIONAL = {**settings.NATIONAL, "URL": ""}
    receive()
    assert OutboxMessage.objects.count() == 1 and SyncState.objects.count() == 1


def test_a_dossier_reaches_the_national_side_whole_and_its_history_in_order(receive, national):
    dossier = receive(email="an@example.vn")
    lifecycle(dossier.code, moment(2023, 3, 6, 10))
    done = delivery.run()
    assert done.acknowledged == 1 and done.calls == 3  # sign in, the dossier, its history
    held = national.dossiers[dossier.code]
    dossier.refresh_from_db()
    assert held["TrangThaiHoSo"] == "4" and held["MaTTHC"] == "1.012781"
    assert held["NgayTiepNhan"] == "20230306090000" == national_moment(dossier.received_at)
    assert held["NgayHenTra"] == national_moment(dossier.due_at)
    assert held["Email"] == "an@example.vn" and held["KenhThucHien"] == "1"
    steps = [entry["NoiDungXuLy"] for entry in national.history[dossier.code]]
    assert (
        steps
        == [
            "Nộp tại bộ phận một cửa",
            "Đã chuyển đến cơ quan giải quyết",
            "Đã hoàn thành một bước xử lý",
        ]
        or len(steps) == 3
    )
    assert [e["TrangThai"] for e in national.history[dossier.code]] == ["2", "4", "4"]
    state = SyncState.objects.get(dossier=dossier)
    assert state.status == Status.SYNCED and state.known and state.acknowledged_sequence == 3
    assert not OutboxMessage.objects.filter(acknowledged_at__isnull=True).exists()

    # The next event: the national side knows the dossier, only the new step is told again.
    services.act(
        dossier.code,
        "record_result",
        user=user("stp.lanhdao"),
        number="12/GP",
        signer="Lê Văn C",
        at=moment(2023, 3, 8, 9),
    )
    assert SyncState.objects.get(dossier=dossier).status == Status.WAITING
    delivery.run()
    assert national.dossiers[dossier.code]["TrangThaiHoSo"] == "9"
    assert national.dossiers[dossier.code]["NgayKetThucXuLy"] == "20230308090000"
    assert len(national.history[dossier.code]) == 4
    assert national.resent_after_ack == 0


def test_a_refused_dossier_is_found_in_its_batch_and_parked_alone(receive, national):
    dossiers = [receive(at=moment(2023, 3, 6, 9, minute)) for minute in range(5)]
    bad = dossiers[2].code
    national.faults.refuse_dossiers = {bad}
    for _round in range(3):
        delivery.run()
    assert set(national.dossiers) == {d.code for d in dossiers} - {bad}
    parked = SyncState.objects.get(dossier__code=bad)
    assert parked.status == Status.PARKED and parked.attempts == 3
    assert "GhiChu" in parked.last_error  # the national side's own words
    assert SyncState.objects.filter(status=Status.SYNCED).count() == 4
    with pytest.raises(SystemExit) as exit_status:
        call_command("sync_national")
    assert exit_status.value.code == 1
    # A person fixes the cause and releases it: it goes through.
    national.faults.refuse_dossiers = set()
    call_command("sync_national", "--release")
    assert bad in national.dossiers and national.resent_after_ack == 0
    assert SyncState.objects.get(dossier__code=bad).status == Status.SYNCED


def test_later_messages_of_a_failing_dossier_wait_behind_it(receive, national):
    held_back = receive()
    other = receive(at=moment(2023, 3, 6, 9, 30))
    national.faults.refuse_dossiers = {held_back.code}
    delivery.deliver()  # the first attempt fails for that dossier only
    services.act(held_back.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    assert SyncState.objects.get(dossier=held_back).status == Status.RETRYING
    assert SyncState.objects.get(dossier=other).status == Status.SYNCED
    national.faults.refuse_dossiers = set()
    delivery.run()
    entries = national.history[held_back.code]
    assert [e["TrangThai"] for e in entries] == ["2", "4"]  # in order, nothing skipped


def test_an_expired_session_is_renewed_once_and_a_wrong_password_never_loops(
    settings, receive, national
):
    national.faults.session_calls = 1  # every session lasts one call
    for minute in range(3):
        receive(at=moment(2023, 3, 6, 9, minute))
    client = Client.configured()
    done = delivery.run(client)
    assert done.acknowledged == 3 and national.resent_after_ack == 0
    # Sign in, push, the history refused for the session, sign in again, the history.
    assert client.calls == 5

    settings.NATIONAL = {**settings.NATIONAL, "PASSWORD": "wrong"}
    receive(at=moment(2023, 3, 6, 10))
    client = Client.configured()
    done = delivery.deliver(client)  # one round: one sign-in, refused; no dossier blamed
    assert done.acknowledged == 0 and done.retrying == 1 and client.calls == 1
    assert "mật khẩu" in SyncState.objects.get(status=Status.RETRYING).last_error


def test_the_counter_is_never_held_up_by_a_national_side_that_is_down(settings, receive, national):
    settings.NATIONAL = {**settings.NATIONAL, "URL": "http://127.0.0.1:9"}  # nothing listens
    dossier = receive()  # received at once: nothing is sent during the receipt
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    done = delivery.deliver()
    assert done.acknowledged == 0 and done.retrying == 1
    state = SyncState.objects.get(dossier=dossier)
    assert state.status == Status.RETRYING and "unreachable" in state.last_error
    assert OutboxMessage.objects.filter(acknowledged_at__isnull=True).count() == 2


def test_a_procedure_without_a_national_code_blocks_its_dossiers_until_mapped(receive, national):
    dossier = receive()
    ProcedureMapping.objects.create(procedure=dossier.procedure, national_code="")
    delivery.run()
    blocked = SyncState.objects.get(dossier=dossier)
    assert blocked.status == Status.BLOCKED and "1.012781" in blocked.last_error
    assert dossier.code not in national.dossiers
    ProcedureMapping.objects.filter(procedure=dossier.procedure).update(national_code="1.012781")
    delivery.release([dossier.pk])
    delivery.run()
    assert national.dossiers[dossier.code]["MaTTHC"] == "1.012781"


def test_a_range_is_sent_again_whole(receive, national):
    first = receive()
    delivery.run()
    national.dossiers.clear()
    national.history.clear()  # as after a loss on the national side
    assert delivery.resend(dt.date(2023, 3, 6), dt.date(2023, 3, 6)) == 1
    delivery.run()
    assert national.dossiers[first.code]["TrangThaiHoSo"] == "2"
    assert len(national.history[first.code]) == 1


def test_faults_lose_nothing_and_send_nothing_acknowledged_twice(settings, receive, national):
    """The suite's short form of bench/national_faults.py: dossiers moved through their lives
    while the national side refuses, answers 500, answers too late and loses answers after
    taking the data; at the end it holds exactly what motcua holds."""
    settings.NATIONAL = {**settings.NATIONAL, "RETRIES": 1000, "TIMEOUT": 0.3}
    national.faults = Faults(refuse=0.2, server_error=0.05, slow=0.05, lose=0.05, slow_seconds=0.6)
    dossiers = []
    for index in range(12):
        dossier = receive(at=moment(2023, 3, 6, 8, index))
        dossiers.append(dossier.code)
        if index % 2:
            lifecycle(dossier.code, moment(2023, 3, 6, 10, index))
        if index % 3 == 0:
            delivery.deliver()
    for _round in range(200):
        delivery.run()
        if not SyncState.objects.exclude(status=Status.SYNCED).exists():
            break
    assert not SyncState.objects.exclude(status=Status.SYNCED).exists()
    statuses = {1: "1", 2: "2", 4: "4"}
    from motcua.dossiers.models import Dossier

    for dossier in Dossier.objects.filter(code__in=dossiers).prefetch_related("events"):
        held = national.dossiers[dossier.code]
        assert held["TrangThaiHoSo"] == statuses[dossier.state]
        assert held["NgayHenTra"] == national_moment(dossier.due_at)
        told = [e["ThoiDiemXuLy"] for e in national.history[dossier.code]]
        assert told == [national_moment(e.at) for e in dossier.events.all()]
    assert national.resent_after_ack == 0


def test_the_day_is_reconciled_and_a_difference_is_sent_again(receive, national, client):
    kept = receive()
    lost = receive(at=moment(2023, 3, 6, 9, 30))
    delivery.run()
    national.dossiers.pop(lost.code)  # lost on the national side
    national.dossiers[kept.code] = {**national.dossiers[kept.code], "TrangThaiHoSo": "4"}
    with pytest.raises(SystemExit) as exit_status:
        call_command("reconcile_national", "--date", "2023-03-06")
    assert exit_status.value.code == 1
    result = Reconciliation.objects.get()
    assert result.checked == 1 and {(d["code"], d["kind"]) for d in result.differences} == {
        (lost.code, "missing"),
        (kept.code, "status"),
    }

    # The control office sees it and sends both again with one action.
    client.force_login(user("admin"))
    page = client.get("/dong-bo-quoc-gia/?ngay=2023-03-06").content.decode()
    assert lost.code in page and "Không có trên Cổng quốc gia" in page
    client.post("/dong-bo-quoc-gia/", {"action": "resend", "ngay": "2023-03-06"})
    delivery.run()
    call_command("reconcile_national", "--date", "2023-03-06")  # no difference: exit 0
    assert national.dossiers[kept.code]["TrangThaiHoSo"] == "2"
    assert Reconciliation.objects.first().differences == []


def test_only_the_control_office_sees_the_synchronisation_page(client, receive, national):
    client.force_login(user("stp.motcua"))
    assert client.get("/dong-bo-quoc-gia/").status_code == 403
    assert client.post("/dong-bo-quoc-gia/", {"action": "release"}).status_code == 403
    client.force_login(user("admin"))
    assert client.get("/dong-bo-quoc-gia/?ngay=not-a-day").status_code == 200
    assert client.post("/dong-bo-quoc-gia/", {"action": "nonsense"}).status_code == 302
    client.logout()
    assert client.get("/dong-bo-quoc-gia/").status_code == 302  # to sign in


def test_decision_766_scores_the_dossiers_the_national_portal_acknowledged(
    settings, receive, national
):
    from motcua.reports import indicators, statistics
    from motcua.reports.periods import calendar_period

    synced = receive()
    waiting = receive(at=moment(2023, 3, 6, 9, 30))
    national.faults.refuse_dossiers = {waiting.code}
    delivery.deliver()
    value = {v.indicator.id: v for v in indicators.scorecard("2023-03").values}["1.4"]
    assert (value.numerator, value.denominator) == (1, 2) and value.points is not None
    behind = statistics.dossiers_behind("synchronised", calendar_period("2023-03"))
    assert list(behind.values_list("code", flat=True)) == [synced.code]  # the drill-down
    settings.NATIONAL = {**settings.NATIONAL, "URL": ""}  # off: the system holds no such data
    value = {v.indicator.id: v for v in indicators.scorecard("2023-03").values}["1.4"]
    assert value.points is None and value.numerator is None


def test_a_dossier_is_taken_by_one_sender_at_a_time_and_freed_when_one_dies(receive, national):
    from django.utils import timezone

    for minute in range(3):
        receive(at=moment(2023, 3, 6, 9, minute))
    now = timezone.now()
    first = delivery.claim(now, 10)
    assert len(first) == 3 and delivery.claim(now, 10) == []  # the second sender waits
    # The first sender was killed mid-round: after its lease, another takes the dossiers.
    later = now + dt.timedelta(minutes=5)
    assert sorted(delivery.claim(later, 10)) == sorted(first)
