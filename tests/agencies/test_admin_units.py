"""motcua load_admin_units: the two-tier territory from the vietnam-provinces package."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from motcua.agencies import selectors
from motcua.agencies.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_thai_nguyen_from_the_package():
    out = io.StringIO()
    call_command("load_admin_units", "--province", "19", stdout=out)
    assert "1 tỉnh/thành phố, 92 xã/phường/đặc khu" in out.getvalue()
    province = AdministrativeUnit.objects.get(code="19")
    assert province.name == "Tỉnh Thái Nguyên"
    assert province.valid_from == dt.date(2025, 7, 1)
    assert province.children.count() == 92
    # The package's Bắc Kạn ward reuses the code of the demo's old Phùng Chí Kiên ward.
    assert selectors.unit_on("01843", dt.date(2026, 1, 1)).name == "Phường Bắc Kạn"
    assert selectors.unit_on("01843", dt.date(2023, 1, 1)).name == "Phường Phùng Chí Kiên"


def test_loading_again_changes_nothing():
    call_command("load_admin_units", "--province", "19", stdout=io.StringIO())
    count = AdministrativeUnit.objects.count()
    call_command("load_admin_units", "--province", "19", stdout=io.StringIO())
    assert AdministrativeUnit.objects.count() == count


def test_special_zones_keep_their_kind():
    call_command("load_admin_units", stdout=io.StringIO())
    assert (
        AdministrativeUnit.objects.filter(kind="province", valid_from__isnull=False).count() == 28
    )
    assert AdministrativeUnit.objects.filter(kind="city").count() == 6
    assert AdministrativeUnit.objects.filter(kind="special_zone").exists()
