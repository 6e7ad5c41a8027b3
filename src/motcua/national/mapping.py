"""Local codes to the national ones: a dossier's status (``TrangThaiHoSo``), its procedure
(``MaTTHC``) and its agency (``madonvi``). A mapping that cannot be made is ``Unmapped``: the
dossier waits, blocked, until an administrator adds it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.national.models import AgencyMapping, ProcedureMapping, StatusMapping


class Unmapped(Exception):
    """A local code the national side has no code for yet (the message says which)."""


def statuses() -> dict[int, int]:
    """Local state → national status: the table, one to one where it has no row."""
    table = dict(StatusMapping.objects.values_list("state", "national_status"))
    return {state: table.get(state, state) for state in range(1, 11)}


def procedure_code(procedure: Procedure) -> str:
    """The national code of ``procedure``: its mapping, else the code of its national record."""
    mapped = ProcedureMapping.objects.filter(procedure=procedure).first()
    if mapped is not None:
        if mapped.national_code:  # an empty one says: no national code (yet)
            return mapped.national_code
    elif (
        procedure.kind == Procedure.Kind.EXTERNAL
        and ProcedureVersion.objects.filter(
            procedure=procedure, source=ProcedureVersion.Source.NATIONAL
        ).exists()
    ):
        return procedure.national_code
    raise Unmapped(
        _("Procedure %(code)s has no national code: add a procedure mapping.")
        % {"code": procedure.code}
    )


def agency_code(agency: Agency) -> str:
    """The national unit code of ``agency``: its mapping, else its identifier code."""
    mapped = AgencyMapping.objects.filter(agency=agency).first()
    if mapped is not None:
        return mapped.national_code
    if agency.code:
        return agency.code
    raise Unmapped(
        _("Agency %(name)s has no national unit code: add an agency mapping.")
        % {"name": agency.name}
    )


def unmapped_procedures() -> list[Procedure]:
    """Procedures the province publishes that no dossier could be synchronised for: flagged
    before any dossier of them is received."""
    found = []
    for procedure in Procedure.objects.filter(
        versions__source=ProcedureVersion.Source.PROVINCE
    ).distinct():
        try:
            procedure_code(procedure)
        except Unmapped:
            found.append(procedure)
    return found
