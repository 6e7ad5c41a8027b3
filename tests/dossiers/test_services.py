"""The one-stop shop's service layer: receipt, the moves of the table, deadlines, pauses,
lateness, permissions."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog import services as catalog_services
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent, State
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db


def test_a_complete_dossier_gets_its_code_and_appointment(receive, stp):
    dossier = receive()
    assert dossier.code == f"{stp.code}-230306-0001"
    assert dossier.state == State.RECEIVED
    assert dossier.regime == "nd61-2018"
    assert dossier.limit_value == 20 and dossier.limit_unit == "working_days"
    # 20 working days from Monday 6/3/2023 09:00: Monday 3/4/2023 09:00.
    assert dossier.due_at == moment(2023, 4, 3, 9, 0)
    assert dossier.transfer_due_at == moment(2023, 3, 6, 9, 0)  # before 15:00: at once
    assert dossier.originals_due_at == moment(2023, 3, 7, 9, 0)
    second = receive()
    assert second.code.endswith("-230306-0002")
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_state, event.to_state) == ("receive", None, State.RECEIVED)


def test_after_three_pm_the_transfer_waits_for_the_next_working_day(receive):
    friday = receive(at=moment(2023, 3, 10, 15, 30))
    assert friday.transfer_due_at == moment(2023, 3, 13, 7, 0)  # Monday, the office opens


def test_an_incomplete_dossier_starts_its_clock_when_the_papers_come(receive):
    outcome = services.Outcome("request_supplement", missing=["Bản sao sổ đỏ", "Tờ khai"])
    dossier = receive(outcome=outcome)
    assert dossier.state == State.SUPPLEMENT and dossier.due_at is None
    dossier = services.act(
        dossier.code, "supplement", user=user("stp.motcua"), at=moment(2023, 3, 8, 10, 0)
    )
    assert dossier.state == State.RECEIVED
    assert dossier.received_at == moment(2023, 3, 8, 10, 0)
    assert dossier.due_at == moment(2023, 4, 5, 10, 0)


def test_the_supplement_slip_lists_something_and_refusal_says_why(receive):
    with pytest.raises(DomainError) as err:
        receive(outcome=services.Outcome("request_supplement", missing=[" "]))
    assert "missing" in err.value.fields
    with pytest.raises(DomainError) as err:
        receive(outcome=services.Outcome("refuse"))
    assert "reason" in err.value.fields
    assert not Dossier.objects.exists()


def lifecycle(code: str, start: dt.datetime) -> Dossier:
    officer, specialist, leader = user("stp.motcua"), user("stp.chuyenvien"), user("stp.lanhdao")
    services.act(code, "hand_over", user=officer, at=start)
    services.act(code, "forward", user=specialist, at=start + dt.timedelta(days=2))
    services.act(
        code,
        "record_result",
        user=leader,
        at=start + dt.timedelta(days=7),
        number="12/GCN",
        signer="Hoàng Văn Minh",
    )
    return services.act(code, "return_result", user=officer, at=start + dt.timedelta(days=8))


def test_a_whole_lifecycle_on_time(receive):
    dossier = receive()
    dossier = lifecycle(dossier.code, moment(2023, 3, 6, 10, 0))
    assert dossier.state == State.RETURNED and dossier.late is False
    assert list(dossier.events.values_list("action", flat=True)) == [
        "receive",
        "hand_over",
        "forward",
        "record_result",
        "return_result",
    ]
    steps = list(dossier.steps.all())
    assert all(step.finished_at for step in steps)


def test_the_clock_pauses_while_the_applicant_owes_papers(receive):
    dossier = receive()
    officer, specialist = user("stp.motcua"), user("stp.chuyenvien")
    services.act(dossier.code, "hand_over", user=officer, at=moment(2023, 3, 6, 10, 0))
    services.act(
        dossier.code,
        "request_supplement",
        user=specialist,
        at=moment(2023, 3, 7, 9, 0),
        missing=["Bản vẽ"],
    )
    # Back two working days later (Thursday 9/3 09:00): the appointment moves by two days.
    dossier = services.act(dossier.code, "supplement", user=officer, at=moment(2023, 3, 9, 9, 0))
    assert dossier.state == State.PROCESSING
    assert dossier.paused_seconds == 2 * 8 * 3600
    assert dossier.due_at == moment(2023, 4, 5, 9, 0)


def test_a_late_dossier_apologizes_first_and_still_counts_as_late(receive):
    dossier = receive()
    officer, leader = user("stp.motcua"), user("stp.lanhdao")
    services.act(dossier.code, "hand_over", user=officer, at=moment(2023, 3, 6, 10, 0))
    new_due = moment(2023, 4, 10, 9, 0)
    dossier = services.act(
        dossier.code,
        "apologize",
        user=leader,
        at=moment(2023, 3, 31, 9, 0),
        new_due=new_due,
        reason="Chờ kết quả xác minh",
    )
    assert dossier.due_at == new_due and dossier.legal_due_at == moment(2023, 4, 3, 9, 0)
    with pytest.raises(Conflict) as err:  # once only (configurable)
        services.act(
            dossier.code,
            "apologize",
            user=leader,
            at=moment(2023, 4, 4, 9, 0),
            new_due=moment(2023, 4, 12, 9, 0),
            reason="…",
        )
    assert err.value.code == "apology_limit"
    dossier = services.act(
        dossier.code,
        "record_result",
        user=leader,
        at=moment(2023, 4, 7, 9, 0),
        number="1",
        signer="A",
    )
    assert dossier.late is True  # on the new appointment, late against the law's deadline


def test_a_move_not_in_the_table_is_refused_and_changes_nothing(receive):
    dossier = receive()
    with pytest.raises(Conflict) as err:
        services.act(dossier.code, "return_result", user=user("stp.motcua"))
    assert err.value.code == "transition_not_allowed"
    with pytest.raises(DomainError) as err:
        services.act(dossier.code, "fly_away", user=user("stp.motcua"))
    assert err.value.code == "unknown_action"
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.events.count() == 1


def test_officers_act_only_with_their_role_in_their_agency(receive):
    dossier = receive()
    with pytest.raises(PermissionDenied):
        services.act(dossier.code, "hand_over", user=user("stp.chuyenvien"))  # not reception
    with pytest.raises(PermissionDenied):
        services.act(dossier.code, "hand_over", user=user("skhdt.motcua"))  # other agency
    services.act(dossier.code, "hand_over", user=user("stp.motcua"))


def test_a_stale_revision_is_a_conflict(receive):
    dossier = receive()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), revision=dossier.revision)
    with pytest.raises(Conflict) as err:
        services.act(
            dossier.code, "request_stop", user=user("stp.motcua"), revision=dossier.revision
        )
    assert err.value.code == "dossier_changed"


def test_stop_before_a_decision_and_not_after(receive):
    dossier = receive()
    officer = user("stp.motcua")
    services.act(dossier.code, "request_stop", user=officer)
    assert services.act(dossier.code, "stop", user=officer).state == State.STOPPED
    other = receive()
    services.act(other.code, "hand_over", user=officer)
    services.act(other.code, "record_result", user=user("stp.lanhdao"), number="1", signer="A")
    with pytest.raises(Conflict):
        services.act(other.code, "request_stop", user=officer)


def test_a_procedure_not_in_force_on_the_receipt_date_is_refused(receive):
    with pytest.raises(DomainError) as err:
        receive(at=moment(2023, 2, 1, 9, 0))  # published from 1/3/2023
    assert err.value.code == "not_in_force"
    assert not Dossier.objects.exists()


def test_steps_sharing_a_budget_are_due_when_it_runs_out(receive, stp):
    from tests.catalog.test_internal_process import SHARED

    catalog_services.save_internal_process(
        Procedure.objects.get(code="1.012781"),
        stp,
        steps=SHARED,
        segments=[{"first": 3, "last": 4, "days": "19"}],
        channel="direct",
        effective_from=dt.date(2023, 3, 1),
    )
    dossier = receive()
    officer, specialist = user("stp.motcua"), user("stp.chuyenvien")
    services.act(dossier.code, "hand_over", user=officer, at=moment(2023, 3, 6, 10, 0))
    services.act(dossier.code, "forward", user=specialist, at=moment(2023, 3, 7, 9, 0))
    # Step 3 begins the stretch on Wednesday 8/3 09:00 with 19 working days, of which step 4
    # gives itself 2: step 3 is due after 17 working days (Friday 31/3 09:00).
    services.act(dossier.code, "forward", user=specialist, at=moment(2023, 3, 8, 9, 0))
    third = Dossier.objects.get(code=dossier.code).steps.get(order=3)
    assert third.due_at == moment(2023, 3, 31, 9, 0)
    # Step 3 ends late, on Monday 3/4 09:00: step 4 has one of its two days left, to the end of
    # the budget (Tuesday 4/4 09:00).
    services.act(dossier.code, "forward", user=specialist, at=moment(2023, 4, 3, 9, 0))
    fourth = Dossier.objects.get(code=dossier.code).steps.get(order=4)
    assert fourth.due_at == moment(2023, 4, 4, 9, 0)


def test_an_agency_that_has_ended_refuses_new_dossiers_and_names_its_successor(receive, stp):
    from motcua.agencies.models import Agency, AgencySuccession

    successor = Agency.objects.create(
        code="000.00.10.H55", name="Sở Tư pháp tỉnh Thái Nguyên", level=stp.level
    )
    stp.valid_to = dt.date(2023, 3, 5)
    stp.save(update_fields=["valid_to"])
    AgencySuccession.objects.create(
        predecessor=stp, successor=successor, kind="merged", effective_on=dt.date(2023, 3, 6)
    )
    with pytest.raises(DomainError) as err:
        receive(at=moment(2023, 3, 6, 9, 0))
    assert err.value.code == "agency_ended"
    assert "Sở Tư pháp tỉnh Thái Nguyên" in err.value.message and "05/03/2023" in err.value.message
    assert not Dossier.objects.exists()
    # The day it ended it still received.
    assert receive(at=moment(2023, 3, 3, 9, 0)).state == State.RECEIVED


def test_a_centralised_service_numbers_its_dossiers_as_circular_04_2025_says(receive, stp):
    from motcua.catalog.models import ProcedureVersion
    from motcua.core.codes import parse_dossier_code

    ProcedureVersion.objects.filter(procedure__code="1.012781").update(centralised_system="12")
    before = receive(at=moment(2026, 1, 23, 9, 0))  # Friday before 25/01/2026: general format
    assert before.code == f"{stp.code}-260123-0001"
    first = receive(at=moment(2026, 1, 26, 9, 0))
    second = receive(at=moment(2026, 1, 26, 9, 5))
    assert (first.code, second.code) == (f"{stp.code}-260126-120001", f"{stp.code}-260126-120002")
    parsed = parse_dossier_code(second.code, centralised=True)
    assert (parsed.system, parsed.sequence, parsed.agency) == ("12", 2, stp.code)
    # A procedure not run centrally keeps the desk's own daily sequence.
    ProcedureVersion.objects.filter(procedure__code="1.012781").update(centralised_system="")
    assert receive(at=moment(2026, 1, 26, 10, 0)).code == f"{stp.code}-260126-0001"


def _late_under_decree_118(receive):
    dossier = receive(at=moment(2025, 9, 16, 9, 0))
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2025, 9, 16, 10, 0))
    return Dossier.objects.get(pk=dossier.pk)


def test_without_approval_the_apology_moves_the_appointment_under_decree_118(receive):
    dossier = _late_under_decree_118(receive)
    assert dossier.regime == "nd118-2025"
    new_due = dossier.due_at + dt.timedelta(days=5)
    dossier = services.act(
        dossier.code,
        "apologize",
        user=user("stp.lanhdao"),
        at=dossier.due_at - dt.timedelta(days=1),
        new_due=new_due,
        reason="Chờ ý kiến cơ quan phối hợp",
    )
    assert dossier.due_at == new_due and dossier.extension_requested_due is None


def test_where_the_province_approves_extensions_a_second_leader_decides(receive, settings, stp):
    from motcua.agencies.models import StaffRole
    from motcua.dossiers import slips

    settings.DOSSIER_EXTENSION_APPROVAL = "leader"
    deputy = get_user_model().objects.create(username="stp.phogiamdoc", full_name="Phó Giám đốc")
    StaffRole.objects.create(user=deputy, agency=stp, role="agency_leader")
    dossier = _late_under_decree_118(receive)
    due, asked_on = dossier.due_at, dossier.due_at - dt.timedelta(days=2)
    requested = due + dt.timedelta(days=7)
    dossier = services.act(
        dossier.code,
        "apologize",
        user=user("stp.lanhdao"),
        at=asked_on,
        new_due=requested,
        reason="Chờ kết quả giám định",
    )
    # Asked, not granted: the appointment stays until someone else approves.
    assert dossier.due_at == due and dossier.extension_requested_due == requested
    apology = slips.render(dossier, "apology").html
    assert "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" in apology
    assert requested.astimezone(moment(2025, 1, 1).tzinfo).strftime("%d/%m/%Y") in apology
    with pytest.raises(Conflict) as err:
        services.act(dossier.code, "approve_extension", user=user("stp.lanhdao"), at=asked_on)
    assert err.value.code == "four_eyes"
    with pytest.raises(Conflict) as err:  # one request at a time
        services.act(
            dossier.code,
            "apologize",
            user=deputy,
            at=asked_on,
            new_due=requested,
            reason="…",
        )
    assert err.value.code == "extension_pending"
    dossier = services.act(
        dossier.code, "approve_extension", user=deputy, at=asked_on + dt.timedelta(hours=1)
    )
    assert dossier.due_at == requested and dossier.extension_requested_due is None
    with pytest.raises(Conflict) as err:
        services.act(dossier.code, "approve_extension", user=deputy, at=asked_on)
    assert err.value.code == "no_extension_request"


def test_a_refused_extension_leaves_the_appointment(receive, settings, stp):
    from motcua.agencies.models import StaffRole

    settings.DOSSIER_EXTENSION_APPROVAL = "leader"
    deputy = get_user_model().objects.create(username="stp.phogiamdoc2")
    StaffRole.objects.create(user=deputy, agency=stp, role="agency_leader")
    dossier = _late_under_decree_118(receive)
    due = dossier.due_at
    services.act(
        dossier.code,
        "apologize",
        user=user("stp.lanhdao"),
        at=due - dt.timedelta(days=1),
        new_due=due + dt.timedelta(days=3),
        reason="Chậm",
    )
    with pytest.raises(DomainError):
        services.act(dossier.code, "reject_extension", user=deputy, at=due - dt.timedelta(hours=5))
    dossier = services.act(
        dossier.code,
        "reject_extension",
        user=deputy,
        at=due - dt.timedelta(hours=5),
        reason="Không đủ căn cứ gia hạn",
    )
    assert dossier.due_at == due and dossier.extension_requested_due is None
    # A 2023 dossier (Decree 61) moves its appointment at once, whatever the setting.
    old = receive()
    services.act(old.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    old = Dossier.objects.get(pk=old.pk)
    moved = services.act(
        old.code,
        "apologize",
        user=user("stp.lanhdao"),
        at=old.due_at - dt.timedelta(days=1),
        new_due=old.due_at + dt.timedelta(days=2),
        reason="Chậm",
    )
    assert moved.extension_requested_due is None and moved.apologies == 1
