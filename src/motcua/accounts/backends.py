"""The Django admin asks ``user.has_perm("app.change_model")``; this backend answers from the same
role table as every other check (``permissions.ROLE_ACTIONS``), so no permission is granted twice."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from motcua.accounts.permissions import Action, agencies_for

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
