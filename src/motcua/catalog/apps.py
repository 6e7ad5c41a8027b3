from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    verbose_name = _("Procedure catalog")

    def ready(self) -> None:
        from motcua.catalog.models import (
            Fee,
            Field,
            InternalProcess,
            Procedure,
            ProcedureVersion,
            RequiredDocument,
            SearchSynonym,
            TimeLimit,
        )
        from motcua.core import reference

        # What the cached reads of the process depend on (core.reference); the search index
        # (catalog.index) reads versions, fields and synonyms; the catalog's export, their fees
        # and implementing agencies too.
        reference.register(
            Fee,
            Field,
            InternalProcess,
            Procedure,
            ProcedureVersion,
            ProcedureVersion.agencies.through,
            RequiredDocument,
            SearchSynonym,
            TimeLimit,
        )
