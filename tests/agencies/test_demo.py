"""The demo province: Bắc Kạn as of 2023, and its ground inside Thái Nguyên from 01/07/2025."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from motcua.agencies import selectors
from motcua.agencies.models import AdministrativeUnit, Agency, AgencySuccession, Role, StaffRole

pytestmark = pytest.mark.django_db
IN_2023 = dt.date(2023, 6, 30)
IN_2026 = dt.date(2026, 11, 1)


def test_bac_kan_2023_has_the_reports_structure(demo):
    assert Agency.objects.get(code="000.00.00.H03").name == "Ủy ban nhân dân tỉnh Bắc Kạn"
    departments = selectors.agencies(level=Agency.Level.DEPARTMENT, as_of=IN_2023)
    assert departments.count() == 19
    assert departments.filter(name__startswith="Văn phòng Ủy ban nhân dân").exists()
    assert selectors.agencies(level=Agency.Level.DISTRICT, as_of=IN_2023).count() == 8
    assert selectors.agencies(level=Agency.Level.COMMUNE, as_of=IN_2023).count() == 108


def test_identifier_codes_follow_the_pattern(demo):
    for code in Agency.objects.values_list("code", flat=True):
        Agency(code=code).clean_fields(exclude=["name", "level"])


def test_territory_as_it_stood_in_2023(demo):
    province = AdministrativeUnit.objects.get(code="06")
    assert province.valid_to is None  # the 2023 demo knows nothing of the 2025 merger
    districts = province.children.all()
    assert districts.count() == 8
    assert {d.kind for d in districts} == {"provincial_city", "district"}
    assert AdministrativeUnit.objects.filter(parent__parent=province).count() == 108
    assert AdministrativeUnit.objects.get(code="01843").name == "Phường Phùng Chí Kiên"


def test_staff_for_every_role_in_at_least_three_agencies(demo):
    for role in Role.values:
        agencies = StaffRole.objects.filter(role=role).values("agency").distinct().count()
        assert agencies >= 3, role


def test_loading_twice_changes_nothing(demo):
    counts = [Agency.objects.count(), AdministrativeUnit.objects.count(), StaffRole.objects.count()]
    call_command("load_demo", "--no-catalog", stdout=io.StringIO())
    assert counts == [
        Agency.objects.count(),
        AdministrativeUnit.objects.count(),
        StaffRole.objects.count(),
    ]


@pytest.fixture
def demo_2026(db):
    call_command("load_demo", "--era", "2026", "--no-catalog", stdout=io.StringIO())


def test_2026_is_two_tiers_inside_thai_nguyen(demo_2026):
    assert not selectors.agencies(level=Agency.Level.DISTRICT, as_of=IN_2026).exists()
    province = Agency.objects.valid_on(IN_2026).get(level=Agency.Level.PROVINCE)
    assert province.code == "000.00.00.H55"
    communes = selectors.agencies(level=Agency.Level.COMMUNE, as_of=IN_2026)
    assert communes.count() == 37
    assert set(communes.values_list("parent__code", flat=True)) == {"000.00.00.H55"}


def test_the_2026_era_ends_bac_kan_the_day_before_the_reform(demo_2026):
    assert AdministrativeUnit.objects.get(code="06").valid_to == dt.date(2025, 6, 30)
    assert Agency.objects.get(code="000.00.03.H03").valid_to == dt.date(2025, 6, 30)
    role = StaffRole.objects.get(user__username="stp.motcua")
    assert role.valid_to == dt.date(2025, 6, 30)


def test_a_reused_code_is_never_read_as_the_new_place(demo_2026):
    # 01843 was Phùng Chí Kiên ward; from 01/07/2025 the code names Bắc Kạn ward.
    assert selectors.unit_on("01843", IN_2023).name == "Phường Phùng Chí Kiên"
    assert selectors.unit_on("01843", IN_2026).name == "Phường Bắc Kạn"
    old = selectors.unit_on("01837", IN_2023)  # Sông Cầu ward, merged into Bắc Kạn ward
    assert [u.name for u in old.successors.all()] == ["Phường Bắc Kạn"]
    assert selectors.unit_on("01837", IN_2026) is None


def test_merged_agencies_keep_their_history(demo_2026):
    old = Agency.objects.get(code="000.00.00.H03")
    assert [a.code for a in old.successors.all()] == ["000.00.00.H55"]
    planning = Agency.objects.get(short_name="SKHĐT", code__endswith=".H03")
    finance = planning.successors.get()
    assert finance.name == "Sở Tài chính tỉnh Thái Nguyên"
    assert AgencySuccession.objects.filter(successor=finance).count() == 2
    assert not old.is_valid_on(IN_2026)
