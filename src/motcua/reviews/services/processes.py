"""The internal process after a shorter time limit: its steps scaled to the new total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog import services as catalog_services
from motcua.core.errors import Conflict, DomainError, field_error
from motcua.core.text import nfc
from motcua.reviews.models import (
    Recommendation,
)
from motcua.reviews.services.reviews import _days, _locked_recommendation

QUARTER = Decimal("0.25")


def scale_steps(durations: list[Decimal], total: Decimal) -> list[Decimal]:
    """Spread ``total`` working days over steps in proportion to their ``durations``, in quarter
    days, adding up exactly: each step keeps at least a quarter day when it had time, and what the
    rounding leaves goes to (or comes from) the longest steps first. ``total`` must be a multiple
    of 0.25 and leave a quarter day for every step that had time."""
    if total % QUARTER or total < 0:
        raise ValueError("total must be a non-negative multiple of 0.25")
    old = sum(durations, Decimal(0))
    timed = [d > 0 for d in durations]
    if sum(timed) * QUARTER > total:
        raise ValueError("not enough time for every step")
    if old == 0:
        return [Decimal(0)] * len(durations)
    scaled = [
        max(
            QUARTER, (d * total / old / QUARTER).to_integral_value(rounding="ROUND_FLOOR") * QUARTER
        )
        if d > 0
        else Decimal(0)
        for d in durations
    ]
    order = sorted(range(len(durations)), key=lambda i: (-durations[i], i))
    gap = total - sum(scaled, Decimal(0))
    while gap:
        step = QUARTER if gap > 0 else -QUARTER
        for i in order:
            if not timed[i] or (step < 0 and scaled[i] <= QUARTER):
                continue
            scaled[i] += step
            gap -= step
            if not gap:
                break
    return scaled


@transaction.atomic
def shorten_process(
    recommendation: Recommendation,
    process,
    *,
    approval_decision: str = "",
    approved_on: dt.date | None = None,
):
    """The next version of an agency's internal process once the shorter limit is published:
    the counted steps scaled to the new limit (checked by the catalog like any other version),
    in force from the publication decision's effective date."""
    rec = _locked_recommendation(recommendation)
    decision = rec.decision
    if decision is None or decision.state != decision.State.SIGNED:
        raise Conflict(
            _("The shorter time limit is not published yet: sign its decision first."),
            code="decision_not_signed",
        )
    if process.procedure_id != rec.review.procedure_id:
        raise field_error("process", _("This internal process is for another procedure."))
    steps = list(process.steps.order_by("order"))
    counted = [s for s in steps if s.counted]
    durations = [s.days if s.days is not None else (s.hours or Decimal(0)) / 8 for s in counted]
    try:
        new = iter(scale_steps(durations, rec.proposed_days))
    except ValueError:
        raise DomainError(
            _("%(days)s working days cannot be spread over the process's %(n)s steps.")
            % {"days": _days(rec.proposed_days), "n": len(counted)},
            code="process_too_short",
        ) from None
    rows = []
    for step in steps:
        row = {
            "agency": step.agency,
            "actor": step.actor,
            "role": step.role,
            "action": step.action,
            "output": step.output,
            "counted": step.counted,
        }
        if step.counted:
            row["days"] = next(new)
        else:
            row["days"], row["hours"] = step.days, step.hours
        rows.append(row)
    return catalog_services.save_internal_process(
        process.procedure,
        process.agency,
        steps=rows,
        effective_from=decision.effective_from or decision.signed_on,
        channel=process.channel,
        approval_decision=nfc(approval_decision).strip(),
        approved_on=approved_on,
    )
