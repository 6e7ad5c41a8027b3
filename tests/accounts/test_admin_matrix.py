"""Every role × every admin page × a row of the caller's agency and one of another agency ×
view / add / change / delete, generated from the admin's registry.

The rule is written here again, independently of ``accounts.scopes``: a role sees and changes a
model when it holds the action that governs it; for agency data only the rows of its own agency
(and those under it); public directory data (agencies, the territory) may be looked at by anyone
who administers something; nobody gets more than a superuser gets on the same row. A model added
to the admin fails ``test_every_admin_page_is_governed_as_agreed`` until its governing action is
agreed below.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from motcua.accounts.permissions import PROVINCE_WIDE, ROLE_ACTIONS
from motcua.accounts.permissions import Action as A
from motcua.accounts.scopes import scope_of
from motcua.agencies.models import Agency, StaffRole, Unit
from motcua.demo.agencies import ROLE_LOGINS
from motcua.dossiers.models import Dossier
from motcua.quality.models import Rating
from motcua.workdays.models import OfficeSchedule
from tests.accounts.test_admin_escalation import feedback_for
from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import published, receive, stp  # noqa: F401
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

GOVERNED_BY = {
    "auth.group": None,
    "authtoken.tokenproxy": None,
    "axes.accessattempt": None,
    "axes.accesslog": None,
    "axes.accessfailurelog": None,
    "django_tasks_database.dbtaskresult": None,
    "workdays.calendaroverride": A.CALENDAR_MANAGE,
    "workdays.calendarversion": A.CALENDAR_MANAGE,
    "workdays.officeschedule": A.AGENCY_MANAGE,
    "agencies.agency": A.AGENCY_MANAGE,
    "agencies.unit": A.AGENCY_MANAGE,
    "agencies.administrativeunit": None,
    "agencies.unitsuccession": None,
    "agencies.staffrole": A.STAFF_MANAGE,
    "accounts.user": A.STAFF_MANAGE,
    "catalog.field": A.CATALOG_MANAGE,
    "catalog.procedure": A.CATALOG_MANAGE,
    "catalog.procedureversion": A.CATALOG_MANAGE,
    "catalog.publicationdecision": A.CATALOG_MANAGE,
    "catalog.internalprocess": A.CATALOG_MANAGE,
    "catalog.followupduty": A.CATALOG_MANAGE,
    "catalog.searchsynonym": A.CATALOG_MANAGE,
    "dossiers.dossier": None,  # the one-stop shop's pages, not the admin
    "national.statusmapping": A.CATALOG_MANAGE,  # the control office runs the interconnection
    "national.proceduremapping": A.CATALOG_MANAGE,
    "national.agencymapping": A.CATALOG_MANAGE,
    "national.syncstate": A.CATALOG_MANAGE,
    "national.catalogpull": A.CATALOG_MANAGE,
    "quality.agencyevaluation": A.REVIEW_MANAGE,
    "quality.rating": A.REPORTS_VIEW,
    "quality.feedback": A.REPORTS_VIEW,
    "reviews.costparameters": A.REVIEW_MANAGE,
    "reviews.reviewplan": A.REVIEW_MANAGE,
    "reviews.review": A.REVIEW_MANAGE,
    "reviews.simplificationplan": A.REVIEW_MANAGE,
    "reviews.draftregulation": A.REVIEW_MANAGE,
    "reform.reformplan": A.REFORM_MANAGE,
    "reform.reformtask": A.REFORM_MANAGE,
    "reform.unitplan": A.REFORM_MANAGE,
}
PUBLIC = {"agencies.agency", "agencies.administrativeunit"}
KEPT = {"agencies.agency"}  # closed by validity dates, deleted by nobody but a superuser
ROLES = {role: f"stp.{login}" for role, login in ROLE_LOGINS.items()}  # the demo's accounts
ADMIN_POWERS = {a for a in GOVERNED_BY.values() if a}


def agency_of(prefix: str) -> Agency:
    return StaffRole.objects.filter(user__username=f"{prefix}.quantri").get().agency


@pytest.fixture
def rows(receive):  # noqa: F811
    """A row of the Department of Justice (the callers' agency) and one of the Department of
    Planning and Investment for every model whose rows belong to agencies."""
    own, other = agency_of("stp"), agency_of("skhdt")
    made: dict[str, dict[str, object]] = {}
    made["agencies.agency"] = {"own": own, "other": other}
    made["agencies.unit"] = {
        "own": Unit.objects.filter(agency=own).first(),
        "other": Unit.objects.filter(agency=other).first(),
    }
    # Another officer's account and role, so the caller's own rules do not enter.
    made["accounts.user"] = {
        "own": User.objects.get(username="stp.truongphong"),
        "other": User.objects.get(username="skhdt.truongphong"),
    }
    made["agencies.staffrole"] = {
        side: user.staff_roles.get() for side, user in made["accounts.user"].items()
    }
    schedules = {}
    for side, agency in (("own", own), ("other", other)):
        schedules[side] = OfficeSchedule.objects.create(code=f"hours-{side}", name=side)
        Agency.objects.filter(pk=agency.pk).update(office_schedule=schedules[side])
    made["workdays.officeschedule"] = schedules
    made["quality.feedback"] = {"own": feedback_for(own), "other": feedback_for(other)}
    ratings = {}
    for side, agency in (("own", own), ("other", other)):
        dossier = receive()
        Dossier.objects.filter(pk=dossier.pk).update(
            receiving_agency=agency, deciding_agency=agency
        )
        owner = CitizenFactory()
        ratings[side] = Rating.objects.create(dossier=dossier, owner=owner, score="satisfied")
    made["quality.rating"] = ratings
    return made


def request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def answers(model_admin, request, obj) -> dict[str, bool]:
    return {
        "view": model_admin.has_view_permission(request, obj),
        "change": model_admin.has_change_permission(request, obj),
        "delete": model_admin.has_delete_permission(request, obj),
        "listed": obj is None or model_admin.get_queryset(request).filter(pk=obj.pk).exists(),
    }


def expected(role: str, label: str, side: str | None, obj, superuser: dict[str, bool]) -> dict:
    action = GOVERNED_BY[label]
    holds = action in ROLE_ACTIONS[role]
    looker = bool(ROLE_ACTIONS[role] & ADMIN_POWERS)
    every_row = action in PROVINCE_WIDE or side is None
    mine = every_row or side == "own"
    view = (label in PUBLIC and looker) or (holds and mine)
    change = holds and mine
    delete = change and label not in KEPT
    return {
        "view": view and superuser["view"],
        "change": change and superuser["change"],
        "delete": delete and superuser["delete"],
        "listed": obj is None or (view and superuser["listed"]),
    }


def test_every_admin_page_is_governed_as_agreed(demo):
    registered = {model._meta.label_lower: model for model in admin.site._registry}
    assert set(registered) == set(GOVERNED_BY), "agree how a new admin page is governed"
    for label, model in registered.items():
        assert scope_of(model).action == GOVERNED_BY[label], label


def test_the_admin_matrix(rows, client):
    root = User.objects.get(username="admin")
    checked = 0
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        sides = rows.get(label) or {None: model._default_manager.first()}
        for side, obj in sides.items():
            superuser = answers(model_admin, request_as(root), obj)
            if obj is not None:
                assert superuser["view"] and superuser["listed"], label
            for role, username in ROLES.items():
                caller = User.objects.get(username=username)
                request = request_as(caller)
                got = answers(model_admin, request, obj)
                want = expected(role, label, side, obj, superuser)
                assert got == want, (username, label, side)
                assert model_admin.has_add_permission(request) == (
                    GOVERNED_BY[label] in ROLE_ACTIONS[role]
                    and model_admin.has_add_permission(request_as(root))
                ), (username, label, "add")
                checked += 1
    assert checked > 6 * len(GOVERNED_BY)


def test_the_pages_answer_as_the_matrix_says(rows, client):
    """The same rule seen through the pages: a list a role may not see is refused, a row of
    another agency is not found, and one of its own opens."""
    for role, username in ROLES.items():
        client.force_login(User.objects.get(username=username))
        for model in admin.site._registry:
            label = model._meta.label_lower
            meta = model._meta
            listing = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
            may_list = (label in PUBLIC and bool(ROLE_ACTIONS[role] & ADMIN_POWERS)) or (
                GOVERNED_BY[label] in ROLE_ACTIONS[role]
            )
            assert listing.status_code == (200 if may_list else 403), (username, label)
            for side, obj in rows.get(label, {}).items():
                page = client.get(f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/change/")
                if not may_list:
                    assert page.status_code == 403, (username, label, side)
                elif side == "own" or label in PUBLIC:
                    assert page.status_code == 200, (username, label, side)
                else:
                    assert page.status_code == 302, (username, label, side)  # "does not exist"
