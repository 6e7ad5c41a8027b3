"""Draft regulations: the procedures they propose, assessed and given an opinion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.core.errors import Conflict, DomainError, field_error, required
from motcua.core.text import nfc
from motcua.reviews import access, cost
from motcua.reviews.models import (
    DraftProcedure,
    DraftRegulation,
)
from motcua.reviews.selectors import parameters_for
from motcua.reviews.services.common import IMPACT_FLAGS, _amount, _procedure, criteria
from motcua.reviews.services.costs import _inputs, _params


def register_draft(
    *,
    title: str,
    drafting_agency: Agency | None,
    received_on: dt.date,
    stage: str = DraftRegulation.Stage.DRAFTING,
) -> DraftRegulation:
    if drafting_agency is None:
        raise required("drafting_agency", _("Choose the drafting agency."))
    title = nfc(title).strip()
    if not title:
        raise field_error("title", _("This field is required."), "required")
    if stage not in DraftRegulation.Stage.values:
        raise field_error("stage", _("Not a valid choice."))
    return DraftRegulation.objects.create(
        title=title, drafting_agency=drafting_agency, received_on=received_on, stage=stage
    )


@transaction.atomic
def assess_draft_procedure(
    draft: DraftRegulation,
    *,
    action: str,
    name: str = "",
    procedure_code: str = "",
    assessment: dict | None = None,
    working_days_before=None,
    working_days_after=None,
    dossiers_per_year=0,
    explanation: str = "",
    by=None,
) -> DraftProcedure:
    """A procedure the draft creates, amends or abolishes, with its impact assessment and the
    compliance cost (time component, §5.1) before and after (``by``: who lists it, the drafting
    agency's reviewers or the control office)."""
    draft = DraftRegulation.objects.select_for_update().get(pk=draft.pk)
    if by is not None:
        access.check_may_file(by, draft.drafting_agency)
    if draft.opinion_on is not None:
        raise Conflict(
            _("The control office has given its opinion on this draft."),
            code="opinion_given",
        )
    if action not in DraftProcedure.Action.values:
        raise field_error("action", _("Not a valid choice."))
    procedure = None
    if action != DraftProcedure.Action.CREATE:
        procedure = _procedure(procedure_code)
        version = catalog.version_in_force(procedure, draft.received_on)
        name = name or (version.name if version else "")
    name = nfc(name).strip()
    if not name:
        raise field_error("name", _("This field is required."), "required")
    before = _amount(working_days_before, "working_days_before") or Decimal(0)
    after = _amount(working_days_after, "working_days_after") or Decimal(0)
    if action == DraftProcedure.Action.CREATE:
        before = Decimal(0)
    if action == DraftProcedure.Action.ABOLISH:
        after = Decimal(0)
    count = int(_amount(dossiers_per_year, "dossiers_per_year", whole=True) or 0)
    params = _params(parameters_for(draft.received_on.year))
    result = cost.saving(
        _inputs(before, Decimal(0), 0, 0, count),
        None
        if action == DraftProcedure.Action.ABOLISH
        else _inputs(after, Decimal(0), 0, 0, count),
        params,
    )
    return DraftProcedure.objects.create(
        draft=draft,
        action=action,
        procedure=procedure,
        name=name,
        assessment=criteria(assessment, IMPACT_FLAGS),
        working_days_before=before,
        working_days_after=after,
        dossiers_per_year=count,
        cost_before=result.before,
        cost_after=result.after,
        cost_basis=result.basis,
        explanation=nfc(explanation).strip(),
    )


@transaction.atomic
def give_opinion(
    draft: DraftRegulation,
    *,
    opinion: str,
    on: dt.date,
    procedures: dict[int, tuple[str, str]],
    by=None,
) -> DraftRegulation:
    """The control office's opinion on the draft and on each of its procedures (once)."""
    draft = DraftRegulation.objects.select_for_update().get(pk=draft.pk)
    if draft.opinion_on is not None:
        raise Conflict(
            _("The control office has given its opinion on this draft."),
            code="opinion_given",
        )
    opinion = nfc(opinion).strip()
    if not opinion:
        raise field_error("opinion", _("This field is required."), "required")
    if on < draft.received_on:
        raise field_error("opinion_on", _("The opinion cannot precede the draft's receipt."))
    rows = {row.pk: row for row in draft.procedures.all()}
    if not rows:
        raise DomainError(
            _("List the procedures of the draft before giving the opinion."),
            code="draft_without_procedures",
        )
    missing = set(rows) - set(procedures)
    if missing or set(procedures) - set(rows):
        raise field_error(
            "procedures", _("Give an opinion on each procedure of the draft."), "required"
        )
    for choice, note in procedures.values():
        if choice not in DraftProcedure.Opinion.values or choice == DraftProcedure.Opinion.PENDING:
            raise field_error("procedures", _("Not a valid choice."))
        if choice != DraftProcedure.Opinion.AGREED and not nfc(note).strip():
            raise field_error(
                "procedures", _("Say what must change when you do not agree."), "required"
            )
    for pk, (choice, note) in procedures.items():
        row = rows[pk]
        row.opinion, row.opinion_note = choice, nfc(note).strip()
        row.save(update_fields=["opinion", "opinion_note"])
    draft.opinion, draft.opinion_on, draft.opinion_by = opinion, on, by
    draft.save(update_fields=["opinion", "opinion_on", "opinion_by"])
    return draft
