"""Reads of the agency tree and the territory."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from motcua.agencies.models import AdministrativeUnit, Agency
from motcua.core import reference
from motcua.core.errors import DomainError


def agencies(
    *, level: str | None = None, parent: str | None = None, as_of: dt.date | None = None
) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("parent")
    if as_of is not None:
        qs = qs.valid_on(as_of)
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent__code=parent)
    return qs.order_by("code")


def agency_by_code(code: str) -> Agency | None:
    return reference.cached(("agency", code), lambda: Agency.objects.filter(code=code).first())


def known_agency(code: str, field: str) -> Agency:
    """The agency of ``code``, or a DomainError naming the request's ``field``."""
    from django.utils.translation import gettext as _

    agency = agency_by_code(code)
    if agency is None:
        raise DomainError(
            _("No agency has the code %(code)s.") % {"code": code},
            code="invalid",
            fields={field: [_("Unknown agency.")]},
        )
    return agency


def office_schedule_code(agency_code: str) -> str | None:
    """The office schedule an agency keeps (``default`` when it names none); None if unknown.

    Named in settings.WORKDAYS_SCHEDULE_RESOLVER so that ``workdays`` needs no import of us.
    """
    row = Agency.objects.filter(code=agency_code).values_list("pk", "office_schedule__code").first()
    if row is None:
        return None
    return row[1] or "default"


def units_on(day: dt.date, *, parent: AdministrativeUnit | None = None) -> QuerySet:
    qs = AdministrativeUnit.objects.valid_on(day)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs


def unit_on(code: str, day: dt.date) -> AdministrativeUnit | None:
    """The unit that carried ``code`` on ``day`` — never a later unit that reused the code.

    If two units claim the code on that day (an old one whose end was never recorded), the one
    established later wins: it is the reorganisation the old record has not caught up with.
    """
    return (
        AdministrativeUnit.objects.valid_on(day)
        .filter(code=code)
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )


def descendants(agency: Agency) -> list[Agency]:
    """Every agency below ``agency`` at any depth (the tree is shallow: one query a level)."""
    found: list[Agency] = []
    frontier = [agency.pk]
    while frontier:
        children = list(Agency.objects.filter(parent_id__in=frontier))
        found.extend(children)
        frontier = [child.pk for child in children]
    return found


def open_on(agency: Agency, day: dt.date, field: str = "agency") -> None:
    """Refuse what an agency that has ended (or not yet begun) cannot take on ``day``, naming
    its successor: the Bắc Kạn departments closed on 30/06/2025 point to Thái Nguyên's."""
    if agency.is_valid_on(day):
        return
    if agency.valid_to is not None and day > agency.valid_to:
        successors = list(agency.successors.all())
        if successors:
            message = _("%(agency)s ceased on %(end)s; dossiers now go to %(successor)s.") % {
                "agency": agency.name,
                "end": agency.valid_to.strftime("%d/%m/%Y"),
                "successor": "; ".join(s.name for s in successors),
            }
        else:
            message = _("%(agency)s ceased on %(end)s.") % {
                "agency": agency.name,
                "end": agency.valid_to.strftime("%d/%m/%Y"),
            }
        raise DomainError(message, code="agency_ended", fields={field: [message]})
    message = _("%(agency)s does not exist yet on %(day)s.") % {
        "agency": agency.name,
        "day": day.strftime("%d/%m/%Y"),
    }
    raise DomainError(message, code="agency_not_yet", fields={field: [message]})
