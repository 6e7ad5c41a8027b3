from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "motcua.agencies"
    verbose_name = _("Agencies and territory")

    def ready(self) -> None:
        from motcua.agencies.models import Agency, StaffRole
        from motcua.core import reference

        # What the cached reads of the process depend on (core.reference).
        reference.register(Agency, StaffRole)
