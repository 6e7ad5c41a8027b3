"""Internal processes: the steps an agency approves for a procedure, within its legal time
limit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.catalog import selectors
from motcua.catalog.models import (
    InternalProcess,
    Procedure,
    ProcedureVersion,
    ProcessSegment,
    ProcessStep,
    TimeLimit,
)
from motcua.core.errors import Conflict, DomainError
from motcua.core.text import nfc
from motcua.workdays.calendar import quarter_days


def _step_days(step: dict, index: int) -> Decimal:
    days, hours = step.get("days"), step.get("hours")
    if days is not None and hours is not None:
        raise DomainError(
            _("Step %(n)s: give working days or hours, not both.") % {"n": index},
            code="invalid",
            fields={f"steps[{index}].days": [_("Days or hours, not both.")]},
        )
    if days is not None:
        try:
            quarter_days(days)
        except ValueError as err:
            raise DomainError(
                _("Step %(n)s: working days must be a multiple of 0.25.") % {"n": index},
                code="invalid",
                fields={f"steps[{index}].days": [_("A multiple of 0.25.")]},
            ) from err
        return Decimal(str(days))
    if hours is not None:
        if Decimal(str(hours)) < 0:
            raise DomainError(
                _("Step %(n)s: hours must not be negative.") % {"n": index},
                code="invalid",
                fields={f"steps[{index}].hours": [_("≥ 0.")]},
            )
        return Decimal(str(hours)) / 8
    return Decimal(0)


def legal_limit_days(version: ProcedureVersion, channel: str) -> Decimal | None:
    """The statutory limit in working days for a way of submitting (None: not in working time)."""
    limits = [t for t in version.time_limits.all() if not channel or t.channel == channel]
    values = set()
    for limit in limits:
        if limit.value is None:
            continue
        if limit.unit == TimeLimit.Unit.WORKING_DAYS:
            values.add(limit.value)
        elif limit.unit == TimeLimit.Unit.HOURS:
            values.add(limit.value / 8)
    return values.pop() if len(values) == 1 else None


@transaction.atomic
def save_internal_process(
    procedure: Procedure,
    agency,
    *,
    steps: list[dict],
    effective_from: dt.date,
    channel: str = "",
    approval_decision: str = "",
    approved_on: dt.date | None = None,
    segments: list[dict] | None = None,
) -> InternalProcess:
    """A new version of an agency's internal process for a procedure. The counted steps must add
    up exactly to the legal time limit for that way of submitting (a final return step may be
    marked not counted); a stretch of steps may share one budget (``segments``: first and last
    step, days), which then counts instead of its steps. The previous version ends the day
    before."""
    if not steps:
        raise DomainError(
            _("An internal process needs at least one step."),
            code="invalid",
            fields={"steps": [_("This field is required.")]},
        )
    version = selectors.version_in_force(procedure, effective_from)
    if version is None:
        raise selectors.not_in_force(procedure.code, effective_from, why=_("Not in force."))
    segments = _checked_segments(segments or [], steps)
    inside = {n for seg in segments for n in range(seg["first"], seg["last"] + 1)}
    total = sum(
        (
            _step_days(step, index)
            for index, step in enumerate(steps, start=1)
            if step.get("counted", True) and index not in inside
        ),
        Decimal(0),
    ) + sum((seg["days"] for seg in segments), Decimal(0))
    legal = legal_limit_days(version, channel)
    if legal is None:
        raise DomainError(
            _(
                "The procedure has no single limit in working time for this way of submitting: "
                "choose the way of submitting."
            ),
            code="no_working_time_limit",
            fields={"channel": [_("Choose one.")]},
        )
    if total != legal:
        raise DomainError(
            _("The counted steps add up to %(total)s working days; the legal limit is %(legal)s.")
            % {"total": f"{total.normalize():f}", "legal": f"{legal.normalize():f}"},
            code="process_time_mismatch",
            fields={"steps": [_("Adjust the step durations.")]},
        )
    previous = (
        InternalProcess.objects.select_for_update()
        .filter(procedure=procedure, agency=agency, channel=channel, effective_to__isnull=True)
        .order_by("-number")
        .first()
    )
    if previous is not None:
        if previous.effective_from >= effective_from:
            raise Conflict(
                _("A version of this process already starts on or after %(day)s.")
                % {"day": effective_from.strftime("%d/%m/%Y")},
                code="process_overlap",
                fields={"effective_from": [_("Too early.")]},
            )
        previous.effective_to = effective_from - dt.timedelta(days=1)
        previous.save(update_fields=["effective_to"])
    number = (
        InternalProcess.objects.filter(
            procedure=procedure, agency=agency, channel=channel
        ).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    process = InternalProcess.objects.create(
        procedure=procedure,
        agency=agency,
        channel=channel,
        number=number,
        approval_decision=approval_decision,
        approved_on=approved_on,
        effective_from=effective_from,
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            order=index,
            agency=step.get("agency"),
            actor=nfc(step.get("actor", "")),
            role=step.get("role", ""),
            action=nfc(step.get("action", "")),
            output=nfc(step.get("output", "")),
            days=step.get("days"),
            hours=step.get("hours"),
            counted=step.get("counted", True),
        )
        for index, step in enumerate(steps, start=1)
    )
    ProcessSegment.objects.bulk_create(
        ProcessSegment(
            process=process,
            first=seg["first"],
            last=seg["last"],
            days=seg["days"],
            agency=seg.get("agency"),
            actor=nfc(seg.get("actor", "")),
        )
        for seg in segments
    )
    return process


def _checked_segments(segments: list[dict], steps: list[dict]) -> list[dict]:
    """Segments in order, within the steps, not overlapping, each budget a multiple of a quarter
    day and not less than what its own steps give."""
    checked = []
    previous_last = 0
    for number, seg in enumerate(sorted(segments, key=lambda s: int(s["first"])), start=1):
        first, last = int(seg["first"]), int(seg["last"])
        where = f"segments[{number}]"
        if not (1 <= first <= last <= len(steps)) or first <= previous_last:
            raise DomainError(
                _("Shared budget %(n)s: steps %(first)s–%(last)s are not a stretch of the process.")
                % {"n": number, "first": first, "last": last},
                code="invalid",
                fields={where: [_("Steps out of range or overlapping.")]},
            )
        days = (
            _step_days({"days": seg.get("days")}, number) if seg.get("days") is not None else None
        )
        if days is None:
            raise DomainError(
                _("Shared budget %(n)s has no time.") % {"n": number},
                code="invalid",
                fields={f"{where}.days": [_("This field is required.")]},
            )
        own = sum(
            (
                _step_days(steps[index - 1], index)
                for index in range(first, last + 1)
                if steps[index - 1].get("counted", True)
            ),
            Decimal(0),
        )
        if own > days:
            raise DomainError(
                _(
                    "Steps %(first)s–%(last)s give %(own)s working days, more than their shared "
                    "budget of %(days)s."
                )
                % {"first": first, "last": last, "own": f"{own:f}", "days": f"{days:f}"},
                code="process_time_mismatch",
                fields={where: [_("Adjust the step durations.")]},
            )
        checked.append({**seg, "first": first, "last": last, "days": days})
        previous_last = last
    return checked
