"""Local codes to the national ones: a dossier's status (``TrangThaiHoSo``), its procedure
(``MaTTHC``) and its agency (``madonvi``). A mapping that cannot be made is ``Unmapped``: the
dossier waits, blocked, until an administrator adds it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.national.models import AgencyMapping, ProcedureMapping, StatusMapping


class Unmapped(Exception):
    """A local code the national side has no code for yet (the message says which)."""


def statuses() -> dict[int, int]:
    """Local state → national status: the table, one to one where it has no row."""
    table = dict(StatusMapping.objects.values_list("state", "national_status"))
    return {state: table.get(state, state) for state in range(1, 11)}


def unmapped_procedures(on: dt.date, limit: int = 100) -> tuple[int, list[dict]]:
    """The procedures of the province's list in force on ``on`` whose dossiers would wait for a
    national code (the rule of ``Codes.procedure``), flagged before any of them is received:
    (how many, the first ``limit`` as {"code", "name"})."""
    national = ProcedureVersion.objects.filter(source=ProcedureVersion.Source.NATIONAL)
    mapped = ProcedureMapping.objects.exclude(national_code="").values("procedure_id")
    emptied = ProcedureMapping.objects.filter(national_code="").values("procedure_id")
    rows = (
        catalog_selectors.versions_in_force(on, source=ProcedureVersion.Source.PROVINCE)
        .exclude(procedure_id__in=mapped)
        .filter(
            Q(procedure_id__in=emptied)
            | ~Q(procedure__kind=Procedure.Kind.EXTERNAL)
            | ~Q(procedure_id__in=national.values("procedure_id"))
        )
        .order_by("procedure__code")
        .values("procedure__code", "name")
    )
    found: dict[str, str] = {}
    for row in rows:
        found.setdefault(row["procedure__code"], row["name"])
    listed = [{"code": code, "name": name} for code, name in list(found.items())[:limit]]
    return len(found), listed


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
