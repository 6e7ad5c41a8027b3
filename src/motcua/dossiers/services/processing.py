"""Processing: ``act`` applies one action of the transition table to a dossier, through the
action's handler, and records it in the journal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.agencies.models import Agency
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.regimes import DECREE_118_2025
from motcua.core.text import nfc
from motcua.dossiers import journal, results, selectors, transitions
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, State
from motcua.dossiers.services.common import (
    acting_agency,
    calendar_of,
    moment,
    pause,
    refusal_reason,
    resume,
    start_clock,
    supplement_items,
)
from motcua.workdays.calendar import LEGAL_DAY, quarter_days

PAUSED = (State.SUPPLEMENT, State.PAYMENT)


@transaction.atomic
def act(
    code: str,
    action: str,
    *,
    user=None,
    applicant=None,
    at: dt.datetime | None = None,
    revision: int | None = None,
    **params: Any,
) -> Dossier:
    """Apply ``action`` to the dossier ``code``. ``revision``: the revision the caller saw; when
    someone else changed the dossier since, nothing happens and the caller is told.
    ``applicant``: the dossier's own account acting from the portal (``APPLICANT_ACTIONS``)."""
    if action not in transitions.ACTIONS:
        raise DomainError(
            _("Unknown action %(action)s.") % {"action": action},
            code="unknown_action",
            fields={"action": [_("Not an action of the one-stop shop.")]},
        )
    dossier = journal.lock(code)
    if revision is not None and revision != dossier.revision:
        raise Conflict(
            _("Someone else changed this dossier in the meantime; reload it and try again."),
            code="dossier_changed",
        )
    move = transitions.TABLE.get((dossier.state, action))
    if move is None:
        raise Conflict(
            _("The action %(action)s is not allowed while the dossier is “%(state)s”.")
            % {"action": action, "state": State(dossier.state).label},
            code="transition_not_allowed",
        )
    agency = acting_agency(dossier, move.permission)
    if applicant is not None:
        if action not in transitions.APPLICANT_ACTIONS or dossier.owner_id != applicant.pk:
            raise PermissionDenied(
                _("Applicants may not do this on this dossier."), code="not_allowed"
            )
        user = applicant
    elif user is not None and not can(user, move.permission, agency):
        raise PermissionDenied(
            _("Your role in your agency does not allow this action on this dossier."),
            code="not_allowed",
        )
    at = moment(at)
    handler = HANDLERS[action]
    before = dossier.state
    due_before = dossier.due_at
    target = dossier.resume_state if move.target == transitions.RESUME else move.target
    if target is None:  # nothing paused it: there is nothing to resume
        raise Conflict(
            _("The action %(action)s is not allowed while the dossier is “%(state)s”.")
            % {"action": action, "state": State(dossier.state).label},
            code="transition_not_allowed",
        )
    if move.target == transitions.RESUME:
        dossier.resume_state = None
    step, note, data = handler(dossier, user=user, at=at, target=target, **params)
    dossier.state = target
    journal.record(
        dossier,
        action,
        at=at,
        actor=user,
        from_state=before,
        due_before=due_before,
        step=step,
        note=note,
        data=data,
    )
    return dossier


# --- the handlers: each returns (step order, note, event data) ---------------------------------


def _current_step(dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(finished_at__isnull=True).order_by("-id").first()


def _finish_step(dossier: Dossier, at: dt.datetime) -> DossierStep | None:
    step = _current_step(dossier)
    if step is None:
        return None
    step.finished_at = at
    if step.due_at is None:
        step.outcome = DossierStep.Outcome.ON_TIME
    elif at > step.due_at:
        step.outcome = DossierStep.Outcome.LATE
    elif calendar_of(dossier).elapsed(at, step.due_at) >= LEGAL_DAY:
        step.outcome = DossierStep.Outcome.EARLY  # a whole working day ahead or more
    else:
        step.outcome = DossierStep.Outcome.ON_TIME
    step.save()
    return step


def _start_step(
    dossier: Dossier,
    at: dt.datetime,
    *,
    order: int,
    agency_id: int,
    actor: str,
    action: str = "",
    allowance: int = 0,
    counted: bool = True,
    assignee=None,
) -> DossierStep:
    cal = calendar_of(dossier)
    return DossierStep.objects.create(
        dossier=dossier,
        order=order,
        agency_id=agency_id,
        actor=actor,
        action=action,
        allowance_seconds=allowance,
        counted=counted,
        assignee=assignee,
        started_at=at,
        due_at=cal.add_seconds(at, allowance) if counted else None,
    )


def _process_steps(dossier: Dossier) -> list:
    return list(dossier.process.steps.order_by("order")) if dossier.process else []


def _allowance(step) -> int:
    if step.hours:
        return int(Decimal(step.hours) * 3600)
    return quarter_days(step.days or 0) * (LEGAL_DAY // 4)


def _start_process_step(dossier: Dossier, at: dt.datetime, index: int) -> DossierStep:
    steps = _process_steps(dossier)
    if not steps:
        # No internal process approved for this agency: one step with the whole time limit.
        allowance = 0
        if dossier.due_at is not None:
            allowance = max(0, calendar_of(dossier).elapsed(at, dossier.due_at))
        return _start_step(
            dossier,
            at,
            order=1,
            agency_id=dossier.deciding_agency_id,
            actor=dossier.deciding_agency.name,
            action=_("Appraise and resolve the dossier"),
            allowance=allowance,
        )
    step = steps[min(index, len(steps) - 1)]
    return _start_step(
        dossier,
        at,
        order=step.order,
        agency_id=step.agency_id or dossier.deciding_agency_id,
        actor=step.actor,
        action=step.action,
        allowance=_allowance_in_process(dossier, step, at),
        counted=step.counted,
    )


def _allowance_in_process(dossier: Dossier, step, at: dt.datetime) -> int:
    """A step's own time; inside a stretch with a shared budget, what is left of the budget
    since the stretch began, less the time the stretch's later steps give themselves (capped by
    that when the step gives its own time): the stretch ends when its budget runs out."""
    own = _allowance(step)
    if dossier.process is None:
        return own
    segment = next(
        (s for s in dossier.process.segments.all() if s.first <= step.order <= s.last), None
    )
    if segment is None or not step.counted:
        return own
    began = at
    if step.order != segment.first:
        first = (
            dossier.steps.filter(order=segment.first, started_at__lte=at)
            .order_by("-started_at")
            .first()
        )
        began = first.started_at if first is not None else at
    budget = quarter_days(segment.days) * (LEGAL_DAY // 4)
    later = sum(
        _allowance(other)
        for other in _process_steps(dossier)
        if step.order < other.order <= segment.last and other.counted
    )
    left = max(0, budget - calendar_of(dossier).elapsed(began, at) - later)
    return min(own, left) if (step.days or step.hours) else left


def _accept(dossier, *, user, at, target, **params):
    # An online dossier counts from its submission (the calendar moves one sent after hours to
    # the next working moment) unless the province counts from the officer's check.
    start = at
    if dossier.submitted_at is not None and settings.ONLINE_CLOCK_FROM == "submission":
        start = min(at, dossier.submitted_at)
    start_clock(dossier, start)
    return None, "", {"received_at": start.isoformat()}


def _request_supplement(dossier, *, user, at, target, missing=(), **params):
    items = supplement_items(missing)
    if dossier.state == State.SUBMITTED:
        dossier.resume_state = State.SUBMITTED  # checked again when the papers come
    else:
        pause(dossier, at)
    return None, "\n".join(items), {"missing": items}


def _refuse(dossier, *, user, at, target, reason="", **params):
    return None, refusal_reason(reason), {}


def _hand_over(dossier, *, user, at, target, **params):
    dossier.holder = dossier.deciding_agency
    step = _start_process_step(dossier, at, 0)
    late = dossier.transfer_due_at is not None and at > dossier.transfer_due_at
    return step.order, "", {"transfer_late": late}


def _assign(dossier, *, user, at, target, assignee=None, **params):
    person = get_user_model().objects.filter(pk=assignee).first() if assignee else None
    if person is None or not can(person, Perm.DOSSIER_PROCESS, dossier.holder):
        raise DomainError(
            _("Assign the step to a specialist of the agency that holds the dossier."),
            code="invalid",
            fields={"assignee": [_("Not a specialist of this agency.")]},
        )
    step = _current_step(dossier)
    step.assignee = person
    step.save(update_fields=["assignee"])
    return step.order, "", {"assignee": person.pk}


def _check_assignee(dossier: Dossier, user) -> DossierStep | None:
    step = _current_step(dossier)
    if (
        step is not None
        and step.assignee_id is not None
        and user is not None
        and step.assignee_id != user.pk
        and not can(user, Perm.DOSSIER_ASSIGN, dossier.holder)
    ):
        raise PermissionDenied(_("This step is assigned to someone else."), code="not_assigned")
    return step


def _forward(dossier, *, user, at, target, **params):
    _check_assignee(dossier, user)
    finished = _finish_step(dossier, at)
    steps = _process_steps(dossier)
    orders = [s.order for s in steps]
    index = orders.index(finished.order) + 1 if finished and finished.order in orders else 1
    if steps and index >= len(steps):
        raise Conflict(
            _("This is the last step: record the result instead."), code="transition_not_allowed"
        )
    step = _start_process_step(dossier, at, index)
    return step.order, "", {"outcome": finished.outcome if finished else ""}


def _send_back(dossier, *, user, at, target, note="", **params):
    _check_assignee(dossier, user)
    finished = _finish_step(dossier, at)
    steps = _process_steps(dossier)
    orders = [s.order for s in steps]
    index = orders.index(finished.order) - 1 if finished and finished.order in orders else 0
    step = _start_process_step(dossier, at, max(0, index))
    return step.order, nfc(note).strip(), {}


def _transfer(dossier, *, user, at, target, agency=None, days=None, note="", **params):
    """Inter-agency (liên thông): the dossier goes to another agency for its share of time."""
    other = Agency.objects.filter(code=agency).first() if agency else None
    if other is None or other.pk == dossier.holder_id:
        raise DomainError(
            _("Name the agency the dossier is transferred to."),
            code="invalid",
            fields={"agency": [_("Unknown agency.")]},
        )
    try:
        allowance = quarter_days(days) * (LEGAL_DAY // 4)
    except (TypeError, ValueError, ArithmeticError) as err:
        raise DomainError(
            _("Give that agency's share of the time in working days (quarters allowed)."),
            code="invalid",
            fields={"days": [_("A number of working days, such as 2 or 0.5.")]},
        ) from err
    finished = _finish_step(dossier, at)
    dossier.holder = other
    step = _start_step(
        dossier,
        at,
        order=(finished.order + 1) if finished else 1,
        agency_id=other.pk,
        actor=other.name,
        action=nfc(note).strip() or _("Inter-agency processing"),
        allowance=allowance,
    )
    return step.order, nfc(note).strip(), {"agency": other.code, "days": str(days)}


def _request_payment(dossier, *, user, at, target, amount=None, note="", **params):
    if amount in (None, ""):
        amount = selectors.fee_of(dossier)  # what the procedure publishes, unless the officer says
    try:
        amount = int(amount)
        if amount < 0:
            raise ValueError
    except (TypeError, ValueError) as err:
        raise DomainError(
            _("Give the amount due in đồng."),
            code="invalid",
            fields={"amount": [_("A whole number of đồng, 0 or more.")]},
        ) from err
    pause(dossier, at)
    return None, nfc(note).strip(), {"amount": amount}


def _supplement(dossier, *, user, at, target, **params):
    paused = resume(dossier, at)
    if target == State.RECEIVED and dossier.received_at is None:
        start_clock(dossier, at)  # complete at last: received now
        return None, "", {"paused_seconds": 0, "received_at": at.isoformat()}
    return None, "", {"paused_seconds": paused}


def _confirm_payment(dossier, *, user, at, target, payment="", method="", **params):
    # ``payment``: the payments app's reference, when the money was recorded there.
    data = {"paused_seconds": resume(dossier, at)}
    if payment:
        data |= {"payment": str(payment), "method": str(method)}
    return None, str(payment), data


def _record_result(
    dossier,
    *,
    user,
    at,
    target,
    number="",
    date=None,
    signer="",
    summary="",
    electronic=False,
    **params,
):
    if not str(number).strip() or not str(signer).strip():
        raise DomainError(
            _("A result needs its number and its signer."),
            code="invalid",
            fields={
                key: [_("This field is required.")]
                for key, value in (("number", number), ("signer", signer))
                if not str(value).strip()
            },
        )
    finished = _finish_step(dossier, at)
    dossier.holder = dossier.receiving_agency
    dossier.resolved_at = at
    dossier.late = dossier.legal_due_at is not None and at > dossier.legal_due_at
    dossier.early = (
        not dossier.late
        and dossier.due_at is not None
        and timezone.localdate(at) < timezone.localdate(dossier.due_at)
    )
    dossier.result_number = nfc(number).strip()[:100]
    dossier.result_signer = nfc(signer).strip()[:255]
    dossier.result_date = date or timezone.localdate(at)
    dossier.result_summary = nfc(summary).strip()
    data = {"late": dossier.late}
    if electronic:
        # Issued electronically: signed now, in this transaction — a signature that fails
        # leaves the result unrecorded, never recorded without it.

        issued = results.issue(dossier, user=user, at=at)
        data |= {"electronic": True, "sha256": issued.copy.sha256, "signed_by": issued.signer}
    return (finished.order if finished else None), "", data


def _apologize(dossier, *, user, at, target, new_due=None, reason="", **params):
    """The apology-and-reschedule slip: before the appointment passes, with a later one."""
    if dossier.due_at is None:
        raise Conflict(_("This dossier has no appointment to move."), code="no_appointment")
    if at > dossier.due_at:
        raise Conflict(
            _("The appointment has already passed: the apology had to come before it."),
            code="appointment_passed",
        )
    limit = settings.DOSSIER_MAX_APOLOGIES
    if limit is not None and dossier.apologies >= limit:
        raise Conflict(
            _("The appointment of this dossier was already moved %(n)s time(s).") % {"n": limit},
            code="apology_limit",
        )
    if not isinstance(new_due, dt.datetime) or new_due <= dossier.due_at:
        raise DomainError(
            _("The new appointment must come after the current one."),
            code="invalid",
            fields={"new_due": [_("Later than the current appointment.")]},
        )
    if not str(reason).strip():
        raise DomainError(
            _("Say why the dossier is late."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    if _extension_needs_approval(dossier):
        if dossier.extension_requested_due is not None:
            raise Conflict(
                _("An extension is already waiting for approval."), code="extension_pending"
            )
        dossier.extension_requested_due = new_due
        return None, nfc(reason).strip(), {"requested_due": new_due.isoformat()}
    extension = _extend(dossier, new_due)
    return None, nfc(reason).strip(), {"new_due": new_due.isoformat(), "extension": extension}


def _extension_needs_approval(dossier: Dossier) -> bool:
    """Only the Decree 118 regime names the apology a request for an extension; the province
    decides whether someone approves it (settings.DOSSIER_EXTENSION_APPROVAL)."""
    return bool(settings.DOSSIER_EXTENSION_APPROVAL) and dossier.regime == DECREE_118_2025.key


def _extend(dossier: Dossier, new_due: dt.datetime) -> int:
    old_due = dossier.due_at or new_due
    extension = max(0, calendar_of(dossier).elapsed(old_due, new_due))
    dossier.extension_seconds += extension
    dossier.apologies += 1
    dossier.due_at = new_due
    return extension


def _requested_extension(dossier: Dossier, user, at: dt.datetime) -> DossierEvent | None:
    if dossier.extension_requested_due is None:
        raise Conflict(_("No extension is waiting for approval."), code="no_extension_request")
    asked = dossier.events.filter(action="apologize").order_by("-sequence").first()
    if asked is not None and user is not None and asked.actor_id == user.pk:
        raise Conflict(
            _("The extension must be decided by someone other than who asked for it."),
            code="four_eyes",
        )
    return asked


def _approve_extension(dossier, *, user, at, target, note="", **params):
    _requested_extension(dossier, user, at)
    if dossier.due_at is not None and at > dossier.due_at:
        raise Conflict(
            _("The appointment has already passed: the extension had to be approved before it."),
            code="appointment_passed",
        )
    new_due = dossier.extension_requested_due
    dossier.extension_requested_due = None
    extension = _extend(dossier, new_due)
    return None, nfc(note).strip(), {"new_due": new_due.isoformat(), "extension": extension}


def _reject_extension(dossier, *, user, at, target, reason="", **params):
    _requested_extension(dossier, user, at)
    if not str(reason).strip():
        raise DomainError(
            _("Say why the extension is refused."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    asked = dossier.extension_requested_due
    dossier.extension_requested_due = None
    return None, nfc(reason).strip(), {"requested_due": asked.isoformat()}


def _return_result(dossier, *, user, at, target, **params):
    dossier.returned_at = at
    return None, "", {}


def _request_stop(dossier, *, user, at, target, reason="", **params):
    # Asked while already paused (papers or payment owed): remember what that pause resumes to.
    data = {"resume_after_pause": dossier.resume_state} if dossier.state in PAUSED else {}
    pause(dossier, at)
    return None, nfc(reason).strip(), data


def _stop(dossier, *, user, at, target, **params):
    _finish_step(dossier, at)
    dossier.paused_at = None
    return None, "", {}


def _decline_stop(dossier, *, user, at, target, reason="", **params):
    """A decision already exists (or the request was withdrawn): the dossier goes on."""
    if target in PAUSED:  # back to owing papers or money: the clock stays stopped
        asked = dossier.events.filter(action="request_stop").order_by("-sequence").first()
        dossier.resume_state = asked.data.get("resume_after_pause") if asked else None
        return None, nfc(reason).strip(), {"paused_seconds": 0}
    paused = resume(dossier, at)
    return None, nfc(reason).strip(), {"paused_seconds": paused}


HANDLERS = {
    "accept": _accept,
    "request_supplement": _request_supplement,
    "refuse": _refuse,
    "hand_over": _hand_over,
    "assign": _assign,
    "forward": _forward,
    "send_back": _send_back,
    "transfer": _transfer,
    "request_payment": _request_payment,
    "supplement": _supplement,
    "confirm_payment": _confirm_payment,
    "record_result": _record_result,
    "apologize": _apologize,
    "approve_extension": _approve_extension,
    "reject_extension": _reject_extension,
    "return_result": _return_result,
    "request_stop": _request_stop,
    "stop": _stop,
    "decline_stop": _decline_stop,
}
assert set(HANDLERS) == transitions.ACTIONS, "every action of the table has a handler"
