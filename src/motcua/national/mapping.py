"""Local codes to the national ones: a dossier's status (``TrangThaiHoSo``), its procedure
(``MaTTHC``) and its agency (``madonvi``). A mapping that cannot be made is ``Unmapped``: the
dossier waits, blocked, until an administrator adds it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.national.models import AgencyMapping, ProcedureMapping, StatusMapping


class Unmapped(Exception):
    """A local code the national side has no code for yet (the message says which)."""


def statuses() -> dict[int, int]:
    """Local state → national status: the table, one to one where it has no row."""
    table = dict(StatusMapping.objects.values_list("state", "national_status"))
    return {state: table.get(state, state) for state in range(1, 11)}


class Codes:
    """The national codes of the procedures and agencies of a batch of dossiers, read in three
    queries for the whole batch. Procedures as (id, code, kind), agencies as (id, code, name)."""

    def __init__(
        self, procedures: list[tuple[int, str, str]], agencies: list[tuple[int, str, str]]
    ) -> None:
        procedure_ids = {pk for pk, _code, _kind in procedures}
        self.procedures = dict(
            ProcedureMapping.objects.filter(procedure_id__in=procedure_ids).values_list(
                "procedure_id", "national_code"
            )
        )
        self.national = set(
            ProcedureVersion.objects.filter(
                procedure_id__in=procedure_ids, source=ProcedureVersion.Source.NATIONAL
            ).values_list("procedure_id", flat=True)
        )
        self.agencies = dict(
            AgencyMapping.objects.filter(
                agency_id__in={pk for pk, _code, _name in agencies}
            ).values_list("agency_id", "national_code")
        )

    def procedure(self, pk: int, code: str, kind: str) -> str:
        if pk in self.procedures:
            if self.procedures[pk]:  # an empty one says: no national code (yet)
                return self.procedures[pk]
        elif kind == Procedure.Kind.EXTERNAL and pk in self.national:
            return code[:8]  # the national record's code, without the province's suffix
        raise Unmapped(
            _("Procedure %(code)s has no national code: add a procedure mapping.") % {"code": code}
        )

    def agency(self, pk: int, code: str, name: str) -> str:
        if self.agencies.get(pk):
            return self.agencies[pk]
        if code:
            return code
        raise Unmapped(
            _("Agency %(name)s has no national unit code: add an agency mapping.") % {"name": name}
        )
