"""What a new dossier takes from the reference data of its day, read once per change of that data
(``core.reference``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.catalog.models import InternalProcess, Procedure, ProcedureVersion, TimeLimit
from motcua.core import reference
from motcua.workdays import selectors as workdays
from motcua.workdays.calendar import LEGAL_DAY


@dataclass(frozen=True)
class Terms:
    """What a new dossier takes from the reference data of its day: the procedure's version in
    force, its time limit for the way of submitting (value, unit, text), its cut-off hour (in
    seconds), the deciding agency's internal process and the working calendar's version."""

    version: ProcedureVersion
    limit: tuple[Decimal | None, str, str]
    cutoff: int | None
    process: InternalProcess | None
    calendar_version: str


def terms(code: str, day: dt.date, agency: Agency, channel: str) -> Terms:
    # Read on every receipt; kept between changes to the reference data (core.reference).
    return reference.cached(
        ("terms", code, day, agency.pk, channel), lambda: _read_terms(code, day, agency, channel)
    )


def _read_terms(code: str, day: dt.date, agency: Agency, channel: str) -> Terms:
    version = version_in_force(code, day)
    return Terms(
        version=version,
        limit=_limit(version, channel),
        cutoff=_cutoff(version),
        process=_process(version, agency, day, channel),
        calendar_version=workdays.current_version_key(),
    )


def version_in_force(code: str, day: dt.date) -> ProcedureVersion:
    # Only what the province has published: a national record alone is not yet implemented here.
    version = catalog.province_version_of(code, day)
    if version is not None:
        return version
    if not Procedure.objects.filter(code=code).exists():
        raise catalog.no_such_procedure(code)
    raise catalog.not_in_force(code, day, why=_("Not in force on the receipt date."))


def _cutoff(version: ProcedureVersion) -> int | None:
    if version.cutoff is None:
        return None
    return version.cutoff.hour * 3600 + version.cutoff.minute * 60


def _limit(version: ProcedureVersion, channel: str) -> tuple[Decimal | None, str, str]:
    """The time limit of ``version`` for ``channel``: (value, unit, text as published). With
    several sub-cases the longest applies until the officer picks one (the applicant is never
    promised less than the law allows)."""
    rows = [t for t in version.time_limits.all() if t.channel == channel] or list(
        version.time_limits.all()
    )
    usable = [
        t
        for t in rows
        if t.value is not None
        and t.unit in (TimeLimit.Unit.WORKING_DAYS, TimeLimit.Unit.HOURS, TimeLimit.Unit.DAYS)
    ]
    if not usable:
        text = "; ".join(t.text for t in rows if t.text)
        return None, "", text[:500]
    in_seconds = {
        TimeLimit.Unit.WORKING_DAYS: LEGAL_DAY,
        TimeLimit.Unit.HOURS: 3600,
        TimeLimit.Unit.DAYS: LEGAL_DAY * 5 // 7,  # only to compare
    }
    chosen = max(usable, key=lambda t: (t.value or 0) * in_seconds[TimeLimit.Unit(t.unit)])
    return chosen.value, chosen.unit, (chosen.text or f"{chosen.value} {chosen.unit}")[:500]


def _process(
    version: ProcedureVersion, agency: Agency, day: dt.date, channel: str
) -> InternalProcess | None:
    """The internal process in force on ``day`` at ``agency`` (one for this channel first)."""
    return (
        InternalProcess.objects.filter(
            procedure_id=version.procedure_id, agency=agency, effective_from__lte=day
        )
        .exclude(effective_to__lt=day)
        .filter(channel__in=["", channel])
        .order_by("-channel", "-number")
        .first()
    )
