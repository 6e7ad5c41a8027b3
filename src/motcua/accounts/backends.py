"""Sign-in by any identifier, and the Django admin's ``user.has_perm("app.change_model")`` answered
from the same role table as every other check (``permissions.ROLE_ACTIONS``), so no permission is
granted twice."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend, ModelBackend

from motcua.accounts.permissions import agencies_for
from motcua.accounts.scopes import SCOPES, scope_for
from motcua.core import throttle
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


def _failures_of(request) -> tuple[str, throttle.Rate]:
    """The counter of an address's failed sign-ins, and its limit."""
    address = get_client_ip_address(request) or "-"
    return f"signin:fail:{address}", throttle.Rate.parse(settings.SIGNIN_ADDRESS_FAILURES)


class AddressGuardBackend:
    """One address trying many accounts is stopped (django-axes locks one account from one
    address; an account is never locked for everyone, so nobody can lock a citizen out): after
    ``SIGNIN_ADDRESS_FAILURES`` failed sign-ins from an address, it may not try again until the
    window ends (429). Authenticates nobody itself, and has no ``get_user``: no session is ever
    bound to it (Django binds a session to the first backend that has one)."""

    def authenticate(self, request, **credentials):
        if request is not None:
            throttle.check(*_failures_of(request))
        return None


def count_failure(sender, credentials=None, request=None, **kwargs) -> None:
    """``user_login_failed``: one more failure for the address."""
    if request is not None:
        throttle.hit(*_failures_of(request), quiet=True)


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


class RolePermissionBackend(BaseBackend):
    """Model-level answers ("may this user change some agency?"); which rows is ``ScopedAdmin``'s
    question, from the same table (``scopes.SCOPES``)."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if not user_obj.is_active or "." not in perm:
            return False
        app_label, codename = perm.split(".", 1)
        _verb, _, model = codename.partition("_")
        action = scope_for(app_label, model).action
        return bool(action and agencies_for(user_obj, action))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        if not user_obj.is_active:
            return False
        actions = {s.action for key, s in SCOPES.items() if key.split(".")[0] == app_label}
        return any(agencies_for(user_obj, action) for action in actions if action)
