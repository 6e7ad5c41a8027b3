"""Publication decisions: drafted, their items (new, amended, replaced, abolished), signed
into versions in force, and the follow-up duties their signature starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog import selectors
from motcua.catalog.models import (
    PROCEDURE_CODE,
    DecisionItem,
    Fee,
    FollowUpDuty,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    TimeLimit,
)
from motcua.catalog.services.processes import save_internal_process
from motcua.catalog.services.versions import next_version_number
from motcua.core.errors import Conflict, DomainError, NotFound, already_used
from motcua.core.text import nfc
from motcua.workdays import selectors as calendar_selectors

Action = DecisionItem.Action


State = PublicationDecision.State


# The decision life cycle, in one table: (state, event) -> new state.
DECISION_TRANSITIONS: dict[tuple[str, str], str] = {(State.DRAFT, "sign"): State.SIGNED}

Child = TypeVar("Child", TimeLimit, Fee, RequiredDocument)


def _copies(rows: Iterable[Child], version: ProcedureVersion) -> list[Child]:
    """``rows`` of a version as new rows of ``version`` (unsaved)."""
    copies = list(rows)
    for row in copies:
        row.pk, row.version = None, version
    return copies


# Follow-up duties of a signed decision (domain/README.md §4.4), in working days from signing.
# Provinces set their own in their publication decisions: configurable.
DEFAULT_FOLLOW_UP_DAYS = {
    FollowUpDuty.Kind.SYNC: 3,
    FollowUpDuty.Kind.CONFIGURE: 3,
    FollowUpDuty.Kind.INTERNAL_PROCESS: 3,
    FollowUpDuty.Kind.ONLINE: 5,
}


CHILD_FIELDS = ("time_limits", "fees", "documents")


COPIED_FIELDS = ProcedureVersion.CONTENT_FIELDS


def create_decision(
    number: str,
    *,
    title: str = "",
    signer: str = "",
    legal_basis: str = "",
    issuer=None,
    created_by=None,
) -> PublicationDecision:
    number = nfc(number)
    if not number:
        raise DomainError(
            _("A decision needs a number."),
            code="invalid",
            fields={"number": [_("This field is required.")]},
        )
    if PublicationDecision.objects.filter(number=number).exists():
        raise already_used(
            "number",
            _("Decision %(number)s already exists.") % {"number": number},
            "decision_exists",
        )
    return PublicationDecision.objects.create(
        number=number,
        title=nfc(title),
        signer=nfc(signer),
        legal_basis=legal_basis,
        issuer=issuer,
        created_by=created_by,
    )


def _base_version(procedure: Procedure, on: dt.date | None) -> ProcedureVersion | None:
    """The content a decision item starts from: the province's version in force, else the
    national record; a localized copy (1.012781.H03) starts from its national procedure."""
    day = on or timezone.localdate()
    found = (
        selectors.province_version(procedure, day)
        or selectors.version_in_force(procedure, day)
        or procedure.versions.filter(status=ProcedureVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if found is None and procedure.code != procedure.national_code:
        national = Procedure.objects.filter(code=procedure.national_code).first()
        if national is not None:
            return _base_version(national, on)
    return found


def _copy_version(
    base: ProcedureVersion | None, procedure: Procedure, changes: dict
) -> ProcedureVersion:
    """A pending province version: the base's content with ``changes`` applied."""
    values = {name: getattr(base, name) for name in COPIED_FIELDS} if base else {}
    children = changes.pop("children", None)
    agencies = changes.pop("agencies", None)
    values.update(changes)
    if not values.get("name"):
        raise DomainError(
            _("Procedure %(code)s has no record to publish: give its name and content.")
            % {"code": procedure.code},
            code="procedure_content_missing",
            fields={"procedure": [_("No content.")]},
        )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=next_version_number(procedure),
        status=ProcedureVersion.Status.PENDING,
        source=ProcedureVersion.Source.PROVINCE,
        raw={"based_on": base.pk if base else None},
        **values,
    )
    # The children a change names are replaced; the others are the base's.
    children = children or {}
    _set_children(version, children)
    if base is not None:
        if "time_limits" not in children:
            TimeLimit.objects.bulk_create(_copies(base.time_limits.all(), version))
        if "fees" not in children:
            Fee.objects.bulk_create(_copies(base.fees.all(), version))
        if "documents" not in children:
            RequiredDocument.objects.bulk_create(_copies(base.documents.all(), version))
    if agencies is not None:
        version.agencies.set(agencies)
    elif base is not None:
        version.agencies.set(base.agencies.all())
    return version


def _set_children(version: ProcedureVersion, children: dict) -> None:
    TimeLimit.objects.bulk_create(
        TimeLimit(version=version, **row) for row in children.get("time_limits", [])
    )
    Fee.objects.bulk_create(Fee(version=version, **row) for row in children.get("fees", []))
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=version, order=index, **row)
        for index, row in enumerate(children.get("documents", []), start=1)
    )


@transaction.atomic
def add_item(
    decision: PublicationDecision,
    action: str,
    procedure_code: str,
    *,
    successor_code: str | None = None,
    changes: dict | None = None,
    note: str = "",
    kind: str = Procedure.Kind.EXTERNAL,
) -> DecisionItem:
    """Add a procedure to a draft decision. ``changes`` are the fields of the published content
    that differ from the current record (new, amended, standardized, and a replacement's
    successor)."""
    decision = PublicationDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != State.DRAFT:
        raise Conflict(
            _("Decision %(number)s is signed; it can no longer change.")
            % {"number": decision.number},
            code="decision_signed",
        )
    if action not in Action.values:
        raise DomainError(
            _("Unknown action: %(action)s.") % {"action": action},
            code="invalid",
            fields={"action": [_("Not a valid choice.")]},
        )
    procedure = _procedure_for(procedure_code, create=action == Action.NEW, kind=kind)
    if decision.items.filter(procedure=procedure).exists():
        raise DomainError(
            _("Procedure %(code)s is already in this decision.") % {"code": procedure.code},
            code="duplicate_item",
            fields={"procedure": [_("Already listed.")]},
        )
    successor = None
    version = None
    if action == Action.REPLACED:
        if not successor_code:
            raise DomainError(
                _("A replaced procedure needs its successor."),
                code="successor_required",
                fields={"successor": [_("This field is required.")]},
            )
        successor = _procedure_for(successor_code, create=True, kind=kind)
        if successor == procedure:
            raise DomainError(
                _("A procedure cannot replace itself."),
                code="invalid",
                fields={"successor": [_("Same procedure.")]},
            )
        version = _copy_version(
            _base_version(successor, decision.effective_from), successor, dict(changes or {})
        )
    elif action in (Action.NEW, Action.AMENDED, Action.STANDARDIZED):
        version = _copy_version(
            _base_version(procedure, decision.effective_from), procedure, dict(changes or {})
        )
    order = (decision.items.aggregate(n=Max("order"))["n"] or 0) + 1
    return DecisionItem.objects.create(
        decision=decision,
        order=order,
        action=action,
        procedure=procedure,
        successor=successor,
        version=version,
        note=note,
    )


def _procedure_for(code: str, *, create: bool, kind: str) -> Procedure:
    code = (code or "").strip()
    try:
        PROCEDURE_CODE(code)
    except ValidationError as err:
        raise DomainError(
            _("Invalid procedure code: %(code)s.") % {"code": code},
            code="invalid_procedure_code",
            fields={"procedure": [str(err.messages[0])]},
        ) from err
    if create:
        return Procedure.objects.get_or_create(code=code, defaults={"kind": kind})[0]
    try:
        return Procedure.objects.get(code=code)
    except Procedure.DoesNotExist as err:
        raise NotFound(
            _("Procedure %(code)s is not in the catalog.") % {"code": code},
            code="procedure_not_found",
            fields={"procedure": [_("Unknown code.")]},
        ) from err


@transaction.atomic
def sign_decision(
    decision: PublicationDecision,
    *,
    signed_on: dt.date,
    effective_from: dt.date | None = None,
    signer: str = "",
    by=None,
) -> PublicationDecision:
    """Sign a draft decision and apply all its items in one transaction: new versions take effect
    on the effective date (the signing date unless given), ended procedures stop the day before.
    Any item that does not fit the catalog on that date refuses the whole decision."""
    decision = PublicationDecision.objects.select_for_update().get(pk=decision.pk)
    target = DECISION_TRANSITIONS.get((decision.state, "sign"))
    if target is None:
        raise Conflict(
            _("Decision %(number)s is already signed.") % {"number": decision.number},
            code="transition_not_allowed",
        )
    effective = effective_from or signed_on
    if effective < signed_on:
        raise DomainError(
            _("A decision cannot take effect before it is signed."),
            code="invalid",
            fields={"effective_from": [_("Before the signing date.")]},
        )
    if decision.unresolved:
        raise DomainError(
            _(
                "The decision cannot be signed: %(count)s row(s) of its document are not "
                "resolved yet."
            )
            % {"count": len(decision.unresolved)},
            code="decision_rows_unresolved",
            fields={
                f"rows[{row['order']}]": [row.get("problem") or _("To resolve.")]
                for row in decision.unresolved
            },
        )
    items = list(decision.items.select_related("procedure", "successor", "version"))
    if not items:
        raise DomainError(_("The decision lists no procedure."), code="decision_empty")
    errors: dict[str, list[str]] = {}
    for item in items:
        problem = _check_item(item, effective)
        if problem:
            errors[f"items[{item.order}].procedure"] = [problem]
    if errors:
        raise DomainError(
            _("The decision cannot be signed: %(count)s item(s) do not fit the catalog.")
            % {"count": len(errors)},
            code="decision_items_invalid",
            fields=errors,
        )
    day_before = effective - dt.timedelta(days=1)
    for item in items:
        ending = item.procedure if item.action in (Action.ABOLISHED, Action.REPLACED) else None
        if item.action in (Action.AMENDED, Action.STANDARDIZED):
            ending = item.procedure
        if ending is not None:
            current = selectors.province_version(ending, effective)
            if current is not None:
                current.effective_to = day_before
                current.save(update_fields=["effective_to"])
        if item.version is not None:
            if item.action == Action.REPLACED:
                # The successor may already be published: its new content replaces that version.
                current = (
                    selectors.province_version(item.successor, effective)
                    if item.successor is not None
                    else None
                )
                if current is not None:
                    current.effective_to = day_before
                    current.save(update_fields=["effective_to"])
            item.version.status = ProcedureVersion.Status.PUBLISHED
            item.version.effective_from = effective
            item.version.save(update_fields=["status", "effective_from"])
    decision.state = target
    decision.signed_on = signed_on
    # The internal processes approved with the decision, once its items are in force.
    for entry in decision.processes:
        save_internal_process(
            Procedure.objects.get(code=entry["code"]),
            Agency.objects.get(code=entry["agency"]),
            steps=entry["steps"],
            segments=entry["segments"],
            effective_from=effective,
            approval_decision=decision.number,
            approved_on=signed_on,
        )
    decision.effective_from = effective
    decision.signer = signer or decision.signer
    decision.signed_at = timezone.now()
    decision.signed_by = by
    decision.save()
    _start_follow_up_duties(decision, decision.signed_on or signed_on)
    return decision


def _check_item(item: DecisionItem, effective: dt.date) -> str | None:
    procedure = item.procedure
    current = selectors.province_version(procedure, effective)
    starts_same_day = ProcedureVersion.objects.filter(
        procedure=procedure,
        source=ProcedureVersion.Source.PROVINCE,
        status=ProcedureVersion.Status.PUBLISHED,
        effective_from=effective,
    ).exists()
    ended_same_day = ProcedureVersion.objects.filter(
        procedure=procedure,
        source=ProcedureVersion.Source.PROVINCE,
        status=ProcedureVersion.Status.PUBLISHED,
        effective_to=effective - dt.timedelta(days=1),
    ).exists()
    if starts_same_day or (ended_same_day and current is None):
        return _("%(code)s is already changed by another decision taking effect on %(day)s.") % {
            "code": procedure.code,
            "day": effective.strftime("%d/%m/%Y"),
        }
    if item.action == Action.NEW and current is not None:
        return _("%(code)s is already in the province's list.") % {"code": procedure.code}
    ending = (Action.AMENDED, Action.STANDARDIZED, Action.ABOLISHED, Action.REPLACED)
    if item.action in ending and current is None:
        return _("%(code)s is not in force in the province's list on %(day)s.") % {
            "code": procedure.code,
            "day": effective.strftime("%d/%m/%Y"),
        }
    if item.action == Action.REPLACED and item.successor_id is None:
        return _("A replaced procedure needs its successor.")
    return None


def follow_up_days() -> dict[str, int]:
    return {**DEFAULT_FOLLOW_UP_DAYS, **getattr(django_settings, "CATALOG_FOLLOW_UP_DAYS", {})}


def _start_follow_up_duties(decision: PublicationDecision, signed_on: dt.date) -> None:
    """The duties the decision's own articles name, with their days (the configured default
    when the text gives none); a decision drafted in motcua gets the configured set."""
    cal = calendar_selectors.calendar()
    start = timezone.make_aware(dt.datetime.combine(signed_on, dt.time(7, 0)))
    defaults = follow_up_days()
    stated = [d for d in decision.follow_up if d.get("kind") in FollowUpDuty.Kind.values]
    wanted = stated or [{"kind": kind, "days": days, "unit": ""} for kind, days in defaults.items()]
    duties = []
    for duty in wanted:
        days = duty.get("days")
        if days is None:
            due = cal.add_working_days(start, defaults.get(duty["kind"], 3))
        elif duty.get("unit") == "days":
            due = start + dt.timedelta(days=days)
        else:
            due = cal.add_working_days(start, days)
        duties.append(
            FollowUpDuty(
                decision=decision, kind=duty["kind"], due_at=due, calendar_version=cal.version
            )
        )
    FollowUpDuty.objects.bulk_create(duties)


@transaction.atomic
def complete_duty(duty: FollowUpDuty, *, by=None, note: str = "", at=None) -> FollowUpDuty:
    duty = FollowUpDuty.objects.select_for_update().get(pk=duty.pk)
    if duty.done_at is not None:
        raise Conflict(_("This duty is already done."), code="duty_done")
    duty.done_at = at or timezone.now()
    duty.done_by = by
    duty.note = note
    duty.save(update_fields=["done_at", "done_by", "note"])
    return duty
