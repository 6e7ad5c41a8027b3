from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from motcua.accounts.backends import count_failure

        user_login_failed.connect(count_failure, dispatch_uid="motcua.signin.address")


class MotcuaAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our default site: every registered admin under the agency scopes."""

    default = False  # named in INSTALLED_APPS; AccountsConfig stays this module's default
    default_site = "motcua.accounts.admin_scope.ScopedAdminSite"
