from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    verbose_name = _("Procedure catalog")

    def ready(self) -> None:
        from motcua.catalog.models import InternalProcess, Procedure, ProcedureVersion, TimeLimit
        from motcua.core import reference

        # What the cached reads of the process depend on (core.reference).
        reference.register(InternalProcess, Procedure, ProcedureVersion, TimeLimit)
