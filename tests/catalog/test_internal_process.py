"""Internal processes: the counted steps add up exactly to the legal time limit."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.agencies.models import Agency
from motcua.catalog import services
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, DomainError

pytestmark = pytest.mark.django_db

# 1.012781: 20 working days in person, 10 online or by post (the sample's record).
DIRECT = [
    {"actor": "Công chức Bộ phận Một cửa", "action": "Tiếp nhận, số hóa hồ sơ", "days": "0.25"},
    {"actor": "Lãnh đạo phòng", "action": "Phân công", "days": "0.25"},
    {"actor": "Chuyên viên", "action": "Thẩm định hồ sơ", "days": "18"},
    {"actor": "Lãnh đạo phòng", "action": "Xem xét", "hours": "4"},
    {"actor": "Lãnh đạo Sở", "action": "Phê duyệt", "days": "0.5"},
    {"actor": "Văn thư", "action": "Vào số, đóng dấu", "days": "0.5"},
    {"actor": "Bộ phận Một cửa", "action": "Trả kết quả", "counted": False},
]


@pytest.fixture
def procedure(sample_subset):
    return Procedure.objects.get(code="1.012781")


@pytest.fixture
def agency(demo):
    return Agency.objects.get(code="000.00.10.H03")


def test_steps_adding_up_to_the_limit_are_saved(procedure, agency):
    process = services.save_internal_process(
        procedure,
        agency,
        steps=DIRECT,
        channel="direct",
        effective_from=dt.date(2023, 3, 1),
        approval_decision="512/QĐ-UBND",
    )
    assert process.steps.count() == 7
    assert process.steps.get(order=4).hours == Decimal(4)


def test_a_process_longer_than_the_legal_limit_is_refused(procedure, agency):
    longer = [
        *DIRECT[:2],
        {"actor": "Chuyên viên", "action": "Thẩm định", "days": "19"},
        *DIRECT[3:],
    ]
    with pytest.raises(DomainError) as err:
        services.save_internal_process(
            procedure, agency, steps=longer, channel="direct", effective_from=dt.date(2023, 3, 1)
        )
    assert err.value.code == "process_time_mismatch"
    assert "21" in str(err.value.message) and "20" in str(err.value.message)


def test_quarter_day_granularity(procedure, agency):
    odd = [{"actor": "x", "action": "y", "days": "0.3"}]
    with pytest.raises(DomainError) as err:
        services.save_internal_process(
            procedure, agency, steps=odd, channel="direct", effective_from=dt.date(2023, 3, 1)
        )
    assert "steps[1].days" in err.value.fields


def test_channels_with_different_limits_need_a_channel(procedure, agency):
    with pytest.raises(DomainError) as err:
        services.save_internal_process(
            procedure, agency, steps=DIRECT, effective_from=dt.date(2023, 3, 1)
        )
    assert err.value.code == "no_working_time_limit"


def test_a_new_version_ends_the_previous_one(procedure, agency):
    first = services.save_internal_process(
        procedure, agency, steps=DIRECT, channel="direct", effective_from=dt.date(2023, 3, 1)
    )
    second = services.save_internal_process(
        procedure, agency, steps=DIRECT, channel="direct", effective_from=dt.date(2023, 9, 1)
    )
    first.refresh_from_db()
    assert first.effective_to == dt.date(2023, 8, 31)
    assert second.number == 2
    with pytest.raises(Conflict):
        services.save_internal_process(
            procedure, agency, steps=DIRECT, channel="direct", effective_from=dt.date(2023, 5, 1)
        )


# Steps 3–4 share a budget (the appraising division, then the office of the people's committee,
# "19 ngày làm việc" together); the return is not counted.
SHARED = [
    {"actor": "Công chức Bộ phận Một cửa", "action": "Tiếp nhận, số hóa hồ sơ", "days": "0.25"},
    {"actor": "Lãnh đạo phòng", "action": "Phân công", "days": "0.25"},
    {"actor": "Chuyên viên", "action": "Thẩm định hồ sơ"},
    {"actor": "Văn phòng UBND tỉnh", "action": "Thẩm tra, trình ký", "days": "2"},
    {"actor": "Văn thư", "action": "Vào số, đóng dấu", "days": "0.5"},
    {"actor": "Bộ phận Một cửa", "action": "Trả kết quả", "counted": False},
]


def test_a_stretch_of_steps_may_share_one_budget(procedure, agency):
    process = services.save_internal_process(
        procedure,
        agency,
        steps=SHARED,
        segments=[{"first": 3, "last": 4, "days": "19", "actor": "Sở và Văn phòng UBND tỉnh"}],
        channel="direct",
        effective_from=dt.date(2023, 3, 1),
    )
    (segment,) = process.segments.all()
    assert (segment.first, segment.last, segment.days) == (3, 4, Decimal(19))
    assert process.steps.get(order=3).days is None


@pytest.mark.parametrize(
    ("segments", "code"),
    [
        ([{"first": 3, "last": 4, "days": "18"}], "process_time_mismatch"),  # 19.5 in all
        ([{"first": 3, "last": 4, "days": "1"}], "process_time_mismatch"),  # step 4 alone is 2
        ([{"first": 4, "last": 3, "days": "19"}], "invalid"),
        ([{"first": 3, "last": 9, "days": "19"}], "invalid"),
        ([{"first": 2, "last": 3, "days": "9"}, {"first": 3, "last": 4, "days": "9"}], "invalid"),
        ([{"first": 3, "last": 4, "days": "18.3"}], "invalid"),
        ([{"first": 3, "last": 4}], "invalid"),
    ],
)
def test_a_shared_budget_is_checked(procedure, agency, segments, code):
    with pytest.raises(DomainError) as err:
        services.save_internal_process(
            procedure,
            agency,
            steps=SHARED,
            segments=segments,
            channel="direct",
            effective_from=dt.date(2023, 3, 1),
        )
    assert err.value.code == code
