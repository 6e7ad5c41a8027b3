"""The Django admin asks ``user.has_perm("app.change_model")``; this backend answers from the same
role table as every other check (``permissions.ROLE_ACTIONS``), so no permission is granted twice."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend

from motcua.accounts.permissions import Action, agencies_for
from motcua.core.text import phone_digits


def find_account(identifier: str):
    """The account an identifier names: its username, its e-mail address or its phone number."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    users = get_user_model().objects
    found = users.filter(username=identifier).first()
    if found is None and "@" in identifier:
        found = users.filter(email__iexact=identifier).first()
    if found is None and (phone := phone_digits(identifier)) and len(phone) >= 9:
        found = users.filter(phone=phone).first()
    return found


def lockout_username(request, credentials: dict | None) -> str:
    """Failures count against the account, however its holder spells it (e-mail, phone, name),
    so alternating spellings buys no extra attempts (``AXES_USERNAME_CALLABLE``)."""
    data = credentials or getattr(request, "data", None) or request.POST
    identifier = (data.get("username") or "").strip()
    account = find_account(identifier)
    return account.username if account else identifier.lower()


class IdentifierBackend(ModelBackend):
    """Sign in with the username, the e-mail address or the phone number, and the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = find_account(username or kwargs.get(get_user_model().USERNAME_FIELD) or "")
        if user is None:
            get_user_model()().set_password(password)  # same time as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


# Which action manages which models in the admin ("app" covers every model of the app).
MODEL_ACTIONS = {
    "workdays": Action.CALENDAR_MANAGE,
    "agencies.agency": Action.AGENCY_MANAGE,
    "agencies.unit": Action.AGENCY_MANAGE,
    "agencies.agencysuccession": Action.AGENCY_MANAGE,
    "agencies.administrativeunit": Action.AGENCY_MANAGE,
    "agencies.unitsuccession": Action.AGENCY_MANAGE,
    "agencies.staffrole": Action.STAFF_MANAGE,
    "accounts.user": Action.STAFF_MANAGE,
    "catalog": Action.CATALOG_MANAGE,
    "portal.agencyevaluation": Action.REVIEW_MANAGE,  # the control office scores agencies
    "reviews": Action.REVIEW_MANAGE,
    "reform": Action.REFORM_MANAGE,
    "portal.rating": Action.REPORTS_VIEW,
    "portal.feedback": Action.REPORTS_VIEW,
}


def _action_for(app_label: str, model: str) -> str | None:
    return MODEL_ACTIONS.get(f"{app_label}.{model}") or MODEL_ACTIONS.get(app_label)


class RolePermissionBackend(BaseBackend):
    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if not user_obj.is_active or "." not in perm:
            return False
        app_label, codename = perm.split(".", 1)
        _verb, _, model = codename.partition("_")
        action = _action_for(app_label, model)
        return bool(action and agencies_for(user_obj, action))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        if not user_obj.is_active:
            return False
        actions = {a for key, a in MODEL_ACTIONS.items() if key.split(".")[0] == app_label}
        return any(agencies_for(user_obj, action) for action in actions)
