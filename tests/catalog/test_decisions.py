"""Publication decisions: draft → signed; signing applies every item in one transaction."""

import datetime as dt

import pytest

from motcua.catalog import selectors, services
from motcua.catalog.models import DecisionItem, FollowUpDuty, Procedure, ProcedureVersion
from motcua.core.errors import Conflict, DomainError

pytestmark = pytest.mark.django_db
A = DecisionItem.Action
D = dt.date


def in_province(code, on):
    return selectors.province_version(Procedure.objects.get(code=code), on)


@pytest.fixture
def published(sample_subset):
    """1.012781 and 2.002060 published by the province on 01/03/2023."""
    decision = services.create_decision("100/QĐ-UBND", title="Công bố danh mục")
    services.add_item(decision, A.NEW, "1.012781")
    services.add_item(decision, A.NEW, "2.002060")
    return services.sign_decision(decision, signed_on=D(2023, 3, 1))


def test_a_new_procedure_is_in_the_list_from_the_effective_day(published):
    assert in_province("1.012781", D(2023, 2, 28)) is None
    version = in_province("1.012781", D(2023, 3, 1))
    assert version.source == "province" and version.effective_from == D(2023, 3, 1)
    # The national record's content came along.
    assert {(t.channel, t.value) for t in version.time_limits.all()} >= {("direct", 20)}


def test_amending_ends_the_old_version_the_day_before(published):
    decision = services.create_decision("200/QĐ-UBND")
    services.add_item(
        decision,
        A.AMENDED,
        "1.012781",
        changes={"change_note": "Thời hạn giải quyết", "name": "Tên mới"},
    )
    services.sign_decision(decision, signed_on=D(2023, 5, 10), effective_from=D(2023, 5, 15))
    assert in_province("1.012781", D(2023, 5, 14)).name != "Tên mới"
    assert in_province("1.012781", D(2023, 5, 15)).name == "Tên mới"
    history = selectors.history(Procedure.objects.get(code="1.012781"))
    assert [(h["decision"], h["action"]) for h in history if h["decision_id"]] == [
        ("100/QĐ-UBND", "new"),
        ("200/QĐ-UBND", "amended"),
    ]


def test_abolishing_ends_the_procedure_that_day(published):
    decision = services.create_decision("300/QĐ-UBND")
    services.add_item(decision, A.ABOLISHED, "2.002060")
    services.sign_decision(decision, signed_on=D(2023, 6, 1))
    assert in_province("2.002060", D(2023, 5, 31)) is not None
    assert in_province("2.002060", D(2023, 6, 1)) is None


def test_replacing_names_the_successor(published):
    decision = services.create_decision("400/QĐ-UBND")
    services.add_item(decision, A.REPLACED, "1.012781", successor_code="1.001061")
    services.sign_decision(decision, signed_on=D(2023, 7, 3))
    assert in_province("1.012781", D(2023, 7, 3)) is None
    assert in_province("1.001061", D(2023, 7, 3)) is not None


def test_replaced_without_a_successor_is_refused(published):
    decision = services.create_decision("401/QĐ-UBND")
    with pytest.raises(DomainError) as err:
        services.add_item(decision, A.REPLACED, "1.012781")
    assert err.value.code == "successor_required"


def test_abolishing_a_procedure_not_in_force_refuses_the_whole_decision(published):
    decision = services.create_decision("500/QĐ-UBND")
    services.add_item(decision, A.AMENDED, "1.012781", changes={"name": "Đổi tên"})
    services.add_item(decision, A.ABOLISHED, "1.001061")  # never published by the province
    with pytest.raises(DomainError) as err:
        services.sign_decision(decision, signed_on=D(2023, 8, 1))
    assert err.value.code == "decision_items_invalid"
    assert "items[2].procedure" in err.value.fields
    decision.refresh_from_db()
    assert decision.state == "draft"
    assert in_province("1.012781", D(2023, 8, 1)).name != "Đổi tên"  # nothing half-applied


def test_amending_an_abolished_procedure_is_refused(published):
    abolish = services.create_decision("600/QĐ-UBND")
    services.add_item(abolish, A.ABOLISHED, "2.002060")
    services.sign_decision(abolish, signed_on=D(2023, 9, 1))
    amend = services.create_decision("601/QĐ-UBND")
    services.add_item(amend, A.AMENDED, "2.002060")
    with pytest.raises(DomainError) as err:
        services.sign_decision(amend, signed_on=D(2023, 9, 5))
    assert err.value.code == "decision_items_invalid"
    assert "2.002060" in err.value.fields["items[1].procedure"][0]


def test_two_decisions_changing_a_procedure_on_the_same_day(published):
    first = services.create_decision("700/QĐ-UBND")
    services.add_item(first, A.AMENDED, "1.012781", changes={"name": "A"})
    services.sign_decision(first, signed_on=D(2023, 10, 2))
    second = services.create_decision("701/QĐ-UBND")
    services.add_item(second, A.AMENDED, "1.012781", changes={"name": "B"})
    with pytest.raises(DomainError) as err:
        services.sign_decision(second, signed_on=D(2023, 10, 2))
    assert err.value.code == "decision_items_invalid"


def test_a_signed_decision_cannot_change_or_be_signed_again(published):
    with pytest.raises(Conflict):
        services.add_item(published, A.NEW, "1.001061")
    with pytest.raises(Conflict) as err:
        services.sign_decision(published, signed_on=D(2023, 3, 2))
    assert err.value.code == "transition_not_allowed"


def test_a_future_effective_date_is_scheduled(published):
    decision = services.create_decision("800/QĐ-UBND")
    services.add_item(decision, A.ABOLISHED, "1.012781")
    services.sign_decision(decision, signed_on=D(2023, 11, 1), effective_from=D(2024, 1, 1))
    assert in_province("1.012781", D(2023, 12, 31)) is not None
    assert in_province("1.012781", D(2024, 1, 1)) is None


def test_effective_before_signing_is_refused(published):
    decision = services.create_decision("801/QĐ-UBND")
    services.add_item(decision, A.ABOLISHED, "1.012781")
    with pytest.raises(DomainError):
        services.sign_decision(decision, signed_on=D(2023, 11, 1), effective_from=D(2023, 10, 1))


def test_duplicate_number_and_bad_codes(published):
    with pytest.raises(Conflict):
        services.create_decision("100/QĐ-UBND")
    decision = services.create_decision("900/QĐ-UBND")
    with pytest.raises(DomainError) as err:
        services.add_item(decision, A.NEW, "12345")
    assert err.value.code == "invalid_procedure_code"
    with pytest.raises(DomainError) as err:
        services.add_item(decision, A.AMENDED, "9.999999")
    assert err.value.code == "procedure_not_found"


def test_signing_starts_follow_up_duties_on_the_working_calendar(published):
    duties = {d.kind: d for d in published.duties.all()}
    # A decision drafted in motcua gets the configured set; one read from its document, the
    # duties its articles name (tests/catalog/test_decision_documents.py).
    assert set(duties) == set(services.DEFAULT_FOLLOW_UP_DAYS)
    # Signed Wed 01/03/2023 -> 5 working days from 07:00 = close of Tue 07/03.
    online = duties[FollowUpDuty.Kind.ONLINE].due_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert online.date() == D(2023, 3, 7)
    assert duties[FollowUpDuty.Kind.SYNC].calendar_version


def test_statistics_count_decisions_and_items_by_action(published):
    decision = services.create_decision("1000/QĐ-UBND")
    services.add_item(decision, A.AMENDED, "1.012781")
    services.add_item(decision, A.ABOLISHED, "2.002060")
    services.sign_decision(decision, signed_on=D(2023, 4, 3))
    stats = selectors.catalog_statistics(D(2023, 1, 1), D(2023, 6, 30))
    assert stats["decisions"] == 2
    assert stats["procedures"] == {
        "new": 2,
        "amended": 1,
        "replaced": 0,
        "abolished": 1,
        "standardized": 0,
        "total": 4,
    }


def test_pending_versions_are_not_in_the_catalog(sample_subset):
    decision = services.create_decision("1100/QĐ-UBND")
    services.add_item(decision, A.NEW, "1.012781")
    pending = ProcedureVersion.objects.get(procedure__code="1.012781", status="pending")
    assert not selectors.versions_in_force(D(2030, 1, 1)).filter(pk=pending.pk).exists()


def test_a_localized_copy_starts_from_the_national_record(sample_subset):
    decision = services.create_decision("1200/QĐ-UBND")
    services.add_item(decision, A.NEW, "1.012781.H03", changes={"change_note": "Địa phương hóa"})
    services.sign_decision(decision, signed_on=D(2023, 3, 1))
    version = in_province("1.012781.H03", D(2023, 3, 1))
    national = ProcedureVersion.objects.get(procedure__code="1.012781", source="national")
    assert version.name == national.name
    assert version.time_limits.count() == national.time_limits.count()


def test_a_duty_past_its_due_moment_is_late_until_done(published):
    from django.utils import timezone

    duty = published.duties.get(kind=FollowUpDuty.Kind.SYNC)
    assert duty.is_late  # due in March 2023, still open
    services.complete_duty(duty, note="Đã đồng bộ", at=duty.due_at - dt.timedelta(hours=1))
    duty.refresh_from_db()
    assert not duty.is_late
    with pytest.raises(Conflict):
        services.complete_duty(duty)
    assert timezone.now() > duty.due_at
