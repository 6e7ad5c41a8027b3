"""Reads of the catalog: what is in force on a date, a procedure's history, statistics."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.catalog.models import (
    DecisionItem,
    Field,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
)
from motcua.core import reference
from motcua.core.errors import DomainError, NotFound, field_error

PUBLISHED = ProcedureVersion.Status.PUBLISHED
PROVINCE = ProcedureVersion.Source.PROVINCE
NATIONAL = ProcedureVersion.Source.NATIONAL


def in_force(on: dt.date) -> Q:
    return (
        Q(status=PUBLISHED)
        & (Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    )


def versions_in_force(on: dt.date, *, source: str | None = None) -> QuerySet[ProcedureVersion]:
    # The original record (raw) is for audits; decoding it on every read costs more than the rest.
    qs = ProcedureVersion.objects.filter(in_force(on)).defer("raw")
    if source:
        qs = qs.filter(source=source)
    return qs


def _preferred(candidates: list[ProcedureVersion]) -> ProcedureVersion | None:
    """The province's version when one is in force, else the national record (newest first)."""
    return min(candidates, key=lambda v: (v.source != PROVINCE, -v.number), default=None)


def version_in_force(procedure: Procedure, on: dt.date) -> ProcedureVersion | None:
    """The province's version when it has one in force, else the national record."""
    return _preferred(list(versions_in_force(on).filter(procedure=procedure)))


def version_with_content(code: str, on: dt.date) -> ProcedureVersion | None:
    """The version in force of the procedure ``code`` with everything a detail page shows, in
    one query and its prefetches (the province's version first, else the national record)."""
    candidates = list(
        versions_in_force(on)
        .filter(procedure__code=code)
        .select_related("procedure", "field")
        .prefetch_related("time_limits", "fees", "documents", "agencies")
    )
    return _preferred(candidates)


def province_version(procedure: Procedure, on: dt.date) -> ProcedureVersion | None:
    return (
        versions_in_force(on, source=PROVINCE)
        .filter(procedure=procedure)
        .order_by("-number")
        .first()
    )


def province_version_of(code: str, on: dt.date) -> ProcedureVersion | None:
    """``province_version`` for a procedure known by its code, with it (read on every receipt:
    kept between changes to the catalog)."""
    return reference.cached(
        ("province_version_of", code, on),
        lambda: (
            versions_in_force(on, source=PROVINCE)
            .filter(procedure__code=code)
            .select_related("procedure")
            .order_by("-number")
            .first()
        ),
    )


def by_reference(version: ProcedureVersion | None) -> str:
    """The ministry decision a province's version follows when it was published by reference
    and the national record is not known yet ("content per decision X"); "" otherwise."""
    if version is None or version.source != PROVINCE or not version.national_decision:
        return ""
    known = ProcedureVersion.objects.filter(
        procedure__code=version.procedure.national_code, source=NATIONAL
    ).exists()
    return "" if known else version.national_decision


def history(procedure: Procedure) -> list[dict]:
    """Which decisions changed the procedure, and when, oldest first."""
    rows = []
    items = (
        DecisionItem.objects.filter(
            Q(procedure=procedure) | Q(successor=procedure),
            decision__state=PublicationDecision.State.SIGNED,
        )
        .select_related("decision")
        .order_by("decision__effective_from", "decision__number")
    )
    for item in items:
        action = item.action
        if item.successor_id == procedure.pk and item.procedure_id != procedure.pk:
            action = "replaces"
        rows.append(
            {
                "decision": item.decision.number,
                "decision_id": item.decision_id,
                "action": action,
                "effective_from": item.decision.effective_from,
                "signed_on": item.decision.signed_on,
            }
        )
    # With its procedure's id: the related manager sets each row's procedure, and a deferred
    # id would cost a query per row.
    national = procedure.versions.filter(source=NATIONAL, status=PUBLISHED).only(
        "procedure_id", "national_decision", "effective_from", "number"
    )
    for version in national.order_by("number"):
        rows.append(
            {
                "decision": version.national_decision,
                "decision_id": None,
                "action": "national",
                "effective_from": version.effective_from,
                "signed_on": None,
            }
        )
    rows.sort(key=lambda r: (r["effective_from"] or dt.date.min, r["decision"]))
    return rows


ACTION_KEYS = ("new", "amended", "replaced", "abolished", "standardized")


def catalog_statistics(start: dt.date, end: dt.date) -> dict:
    """Decisions signed in ``[start, end]`` and the procedures they published, by action.

    "amended" counts amended and supplemented procedures (one action in the decisions)."""
    decisions = PublicationDecision.objects.filter(
        state=PublicationDecision.State.SIGNED, signed_on__gte=start, signed_on__lte=end
    )
    counts = dict.fromkeys(ACTION_KEYS, 0)
    for row in (
        DecisionItem.objects.filter(decision__in=decisions).values("action").annotate(n=Count("id"))
    ):
        counts[row["action"]] = row["n"]
    return {
        "from": start,
        "to": end,
        "decisions": decisions.count(),
        "procedures": {**counts, "total": sum(counts.values())},
    }


def catalog_size(on: dt.date, *, source: str = PROVINCE) -> dict:
    """Procedures in force on ``on`` by level and by field."""
    versions = versions_in_force(on, source=source)
    by_level: dict[str, int] = {}
    for levels in versions.values_list("levels", flat=True):
        for level in filter(None, levels.split(",")):
            by_level[level] = by_level.get(level, 0) + 1
    by_field = {
        (row["field__name"] or ""): row["n"]
        for row in versions.values("field__name").annotate(n=Count("id")).order_by("-n")
    }
    return {"on": on, "total": versions.count(), "by_level": by_level, "by_field": by_field}


def no_such_procedure(code: str) -> NotFound:
    """What a caller is told of a procedure code the catalog does not hold."""
    return NotFound(
        _("Procedure %(code)s is not in the catalog.") % {"code": code},
        code="procedure_not_found",
    )


def not_in_force(
    code: str, on: dt.date, *, why: str, error: str = "not_in_force", field: str = "procedure"
) -> DomainError:
    """What a caller is told of a procedure with no version in force on ``on`` (``why``: the
    message under ``field``)."""
    return DomainError(
        _("Procedure %(code)s is not in force on %(day)s.")
        % {"code": code, "day": on.strftime("%d/%m/%Y")},
        code=error,
        fields={field: [why]},
    )


def known_decision(number: str, field: str = "decision") -> PublicationDecision:
    """The publication decision numbered ``number``, or a refusal about ``field``."""
    found = PublicationDecision.objects.filter(number=number).first()
    if found is None:
        raise field_error(field, _("Unknown decision."))
    return found


def known_field(name: str, field: str = "field") -> Field:
    """The field of procedures named ``name``, or a refusal about ``field``."""
    found = Field.objects.filter(name=name).first()
    if found is None:
        raise field_error(field, _("Unknown field."))
    return found
