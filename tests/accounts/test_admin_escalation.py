"""The admin's escalation paths found by trying it as a hostile agency administrator would: each
test replays the steps, and asserts that nothing changed."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from motcua.accounts.permissions import Action, agencies_for
from motcua.agencies.models import Agency, Role, StaffRole
from motcua.quality.models import Feedback
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def as_user(client, username: str):
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


def agency(prefix: str) -> Agency:
    return StaffRole.objects.filter(user__username=f"{prefix}.quantri").get().agency


def change_form(user) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "id_number": user.id_number,
        "is_active": "on",
        # Django's full form would carry these; an agency's administrator must not set them.
        "is_superuser": "on",
        "is_staff": "on",
        "user_permissions": "1",
        "groups": "",
        "kind": "officer",
    }


def test_an_agency_administrator_cannot_make_itself_superuser(client, demo, api):
    me = as_user(client, "skhdt.quantri")
    page = client.get(f"/admin/accounts/user/{me.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for power in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{power}"' not in html
    client.post(f"/admin/accounts/user/{me.pk}/change/", change_form(me))
    me.refresh_from_db()
    assert not me.is_superuser and not me.user_permissions.exists()
    # Its token still reads no other agency's dossiers.
    assert agencies_for(me, Action.DOSSIER_VIEW) == []


def test_an_agency_administrator_cannot_touch_the_real_admin(client, demo):
    as_user(client, "skhdt.quantri")
    root = User.objects.get(username="admin")
    before = root.password
    for url in (
        f"/admin/accounts/user/{root.pk}/change/",
        f"/admin/accounts/user/{root.pk}/password/",
    ):
        assert client.get(url).status_code in (302, 403, 404)
    response = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "Taken-over-2026", "password2": "Taken-over-2026"},
    )
    assert response.status_code in (302, 403, 404)
    root.refresh_from_db()
    assert root.password == before
    listing = client.get("/admin/accounts/user/").content.decode()
    assert ">admin<" not in listing and "stp.quantri" not in listing
    assert "skhdt.lanhdao" in listing


def test_an_administrator_cannot_give_itself_a_role_elsewhere(client, demo):
    me = as_user(client, "tpbk.quantri")
    skhdt = agency("skhdt")
    response = client.post(
        "/admin/agencies/staffrole/add/",
        {"user": me.pk, "agency": skhdt.pk, "role": Role.AGENCY_LEADER, "valid_from": "2023-01-01"},
    )
    assert response.status_code == 200  # the form again, with its errors
    assert not StaffRole.objects.filter(user=me, agency=skhdt).exists()
    # Nor in its own agency: nobody widens their own powers.
    client.post(
        "/admin/agencies/staffrole/add/",
        {
            "user": me.pk,
            "agency": me.staff_roles.get().agency_id,
            "role": Role.AGENCY_LEADER,
            "valid_from": "2023-01-01",
        },
    )
    assert me.staff_roles.count() == 1
    own = me.staff_roles.get()
    assert client.get(f"/admin/agencies/staffrole/{own.pk}/change/").status_code in (200, 403)
    client.post(f"/admin/agencies/staffrole/{own.pk}/delete/", {"post": "yes"})
    assert StaffRole.objects.filter(pk=own.pk).exists()


def test_an_administrator_cannot_touch_another_agencys_roles(client, demo):
    as_user(client, "tpbk.quantri")
    theirs = StaffRole.objects.get(user__username="skhdt.lanhdao")
    assert client.get(f"/admin/agencies/staffrole/{theirs.pk}/change/").status_code in (302, 404)
    client.post(f"/admin/agencies/staffrole/{theirs.pk}/delete/", {"post": "yes"})
    assert StaffRole.objects.filter(pk=theirs.pk).exists()
    listing = client.get("/admin/agencies/staffrole/").content.decode()
    mine = User.objects.get(username="tpbk.lanhdao")
    assert theirs.user.full_name not in listing and mine.full_name in listing


def test_an_administrator_gives_roles_in_its_agency_but_no_province_wide_power(client, demo):
    as_user(client, "skhdt.quantri")
    home = agency("skhdt")
    specialist = User.objects.get(username="skhdt.chuyenvien")
    form = {"user": specialist.pk, "agency": home.pk, "valid_from": "2023-01-01"}
    client.post("/admin/agencies/staffrole/add/", {**form, "role": Role.TTHC_CONTROLLER})
    assert not specialist.staff_roles.filter(role=Role.TTHC_CONTROLLER).exists()
    response = client.post("/admin/agencies/staffrole/add/", {**form, "role": Role.UNIT_LEADER})
    assert response.status_code == 302
    assert specialist.staff_roles.filter(role=Role.UNIT_LEADER, agency=home).exists()


def test_an_administrator_creates_an_officer_of_its_agency_only(client, demo):
    as_user(client, "skhdt.quantri")
    home, elsewhere = agency("skhdt"), agency("stp")
    form = {
        "username": "skhdt.moi",
        "full_name": "Nguyễn Văn Mới",
        "password1": "Mot-khau-dai-2026",
        "password2": "Mot-khau-dai-2026",
        "role": Role.SPECIALIST,
        "is_superuser": "on",
        "is_staff": "on",
    }
    client.post("/admin/accounts/user/add/", {**form, "agency": elsewhere.pk})
    assert not User.objects.filter(username="skhdt.moi").exists()
    response = client.post("/admin/accounts/user/add/", {**form, "agency": home.pk})
    assert response.status_code == 302
    made = User.objects.get(username="skhdt.moi")
    assert not made.is_superuser and not made.is_staff and made.kind == "officer"
    assert [(r.agency, r.role) for r in made.staff_roles.all()] == [(home, Role.SPECIALIST)]


def test_an_officer_with_a_role_elsewhere_is_out_of_one_agencys_hands(client, demo):
    shared = User.objects.get(username="skhdt.chuyenvien")
    StaffRole.objects.create(user=shared, agency=agency("stp"), role=Role.SPECIALIST)
    as_user(client, "skhdt.quantri")
    assert client.get(f"/admin/accounts/user/{shared.pk}/change/").status_code == 200
    before = shared.password
    client.post(
        f"/admin/accounts/user/{shared.pk}/password/",
        {"password1": "Taken-over-2026", "password2": "Taken-over-2026"},
    )
    shared.refresh_from_db()
    assert shared.password == before


def test_an_administrator_cannot_move_or_found_agencies(client, demo):
    as_user(client, "skhdt.quantri")
    home = agency("skhdt")
    page = client.get(f"/admin/agencies/agency/{home.pk}/change/").content.decode()
    assert 'name="parent"' not in page  # read-only: out of its hands
    other = agency("stp")
    assert client.get(f"/admin/agencies/agency/{other.pk}/change/").status_code == 200  # look only
    client.post(
        f"/admin/agencies/agency/{other.pk}/change/",
        {"code": other.code, "name": "Đổi tên", "level": other.level},
    )
    other.refresh_from_db()
    assert other.name != "Đổi tên"
    client.post(
        "/admin/agencies/agency/add/",
        {"code": "000.99.99.H03", "name": "Cơ quan mới", "level": "department"},
    )
    assert not Agency.objects.filter(code="000.99.99.H03").exists()


def feedback_for(target: Agency, **fields) -> Feedback:
    return FeedbackFactory(agency=target, title="Phản ánh về Sở Tư pháp", **fields)


def test_feedback_is_read_only_by_the_agency_it_is_routed_to(client, demo):
    item = feedback_for(agency("stp"))
    as_user(client, "skhdt.lanhdao")
    assert client.get(f"/admin/quality/feedback/{item.pk}/change/").status_code in (302, 404)
    listing = client.get("/admin/quality/feedback/")
    assert "0912000111" not in listing.content.decode() and item.title not in (
        listing.content.decode()
    )
    as_user(client, "stp.lanhdao")
    assert client.get(f"/admin/quality/feedback/{item.pk}/change/").status_code == 200
    assert item.title in client.get("/admin/quality/feedback/").content.decode()
