"""Review plans: the year's procedures to review and who reviews each."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Field
from motcua.core.errors import already_used, field_error, required
from motcua.core.text import nfc
from motcua.reviews.models import (
    Assignment,
    ReviewPlan,
)
from motcua.reviews.services.common import _procedure


def create_plan(
    *,
    year: int,
    number: str,
    issued_on: dt.date,
    title: str,
    deadline: dt.date,
    issuer: Agency | None = None,
    note: str = "",
) -> ReviewPlan:
    number = nfc(number).strip()
    if not number:
        raise field_error("number", _("This field is required."), "required")
    if deadline < issued_on:
        raise field_error("deadline", _("The deadline is before the plan's date."))
    if ReviewPlan.objects.filter(number=number).exists():
        raise already_used(
            "number", _("Plan %(number)s already exists.") % {"number": number}, "plan_exists"
        )
    return ReviewPlan.objects.create(
        year=year,
        number=number,
        issued_on=issued_on,
        title=nfc(title),
        deadline=deadline,
        issuer=issuer,
        note=nfc(note),
    )


def assign(
    plan: ReviewPlan,
    agency: Agency | None,
    *,
    procedure_code: str = "",
    field: Field | None = None,
    deadline: dt.date | None = None,
) -> Assignment:
    if agency is None:
        raise required("agency", _("Choose the reviewing agency."))
    procedure = _procedure(procedure_code) if procedure_code else None
    if procedure is None and field is None:
        raise field_error("procedure", _("Name a procedure or a field to review."), "required")
    if deadline is not None and deadline < plan.issued_on:
        raise field_error("deadline", _("The deadline is before the plan's date."))
    return Assignment.objects.create(
        plan=plan, agency=agency, procedure=procedure, field=field, deadline=deadline
    )
