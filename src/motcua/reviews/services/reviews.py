"""Reviews filed on a plan's procedures, and their recommendations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.core.errors import Conflict, DomainError, field_error, required
from motcua.core.text import nfc
from motcua.reviews import access
from motcua.reviews.models import (
    Recommendation,
    Review,
    ReviewPlan,
    SimplificationPlan,
)
from motcua.reviews.selectors import (
    dossiers_received,
    parameters_for,
    published_fee,
    statutory_days,
)
from motcua.reviews.services.common import (
    RECOMMENDATION_FIELDS,
    REVIEW_FLAGS,
    Kind,
    _amount,
    _procedure,
    criteria,
)
from motcua.reviews.services.costs import recompute


def _recommendation_values(raw: dict, index: int | None = None) -> dict:
    prefix = f"recommendations.{index}." if index is not None else ""
    kind = raw.get("kind", "")
    if kind not in Kind.values:
        raise field_error(f"{prefix}kind", _("Not a valid kind of recommendation."))
    content = nfc(str(raw.get("content", ""))).strip()
    if not content:
        raise field_error(f"{prefix}content", _("Say what changes and why."), "required")
    days = _amount(raw.get("proposed_days"), f"{prefix}proposed_days")
    if kind == Kind.SHORTEN_TIME and days is None:
        raise field_error(
            f"{prefix}proposed_days", _("Give the proposed time limit in working days."), "required"
        )
    other = _amount(raw.get("proposed_other_costs"), f"{prefix}proposed_other_costs", whole=True)
    return {
        "kind": kind,
        "content": content,
        "current_value": nfc(str(raw.get("current_value", ""))).strip(),
        "proposed_value": nfc(str(raw.get("proposed_value", ""))).strip(),
        "proposed_days": days,
        "proposed_preparation_hours": _amount(
            raw.get("proposed_preparation_hours"), f"{prefix}proposed_preparation_hours"
        ),
        "proposed_other_costs": None if other is None else int(other),
        "regulation": nfc(str(raw.get("regulation", ""))).strip(),
        "implementer": nfc(str(raw.get("implementer", ""))).strip()[:255],
    }


@transaction.atomic
def file_review(
    *,
    procedure_code: str,
    agency: Agency | None,
    reviewed_on: dt.date,
    plan: ReviewPlan | None = None,
    necessary: bool = True,
    necessity_note: str = "",
    assessment: dict | None = None,
    working_days=None,
    preparation_hours=0,
    fees=None,
    other_costs=0,
    dossiers_per_year=None,
    recommendations: list[dict] = (),
    by=None,
) -> Review:
    """File the review form of one procedure with its recommendations, costed.

    The time limit and fee default to what the version in force publishes; the yearly number of
    dossiers to those received in the year before the review, and must be typed when there were
    none."""
    if agency is None:
        raise required("agency", _("Choose the reviewing agency."))
    if by is not None:
        access.check_may_file(by, agency)
    procedure = _procedure(procedure_code)
    version = catalog.version_in_force(procedure, reviewed_on)
    if version is None:
        raise catalog.not_in_force(
            procedure.code,
            reviewed_on,
            why=_("Not in force on that day."),
            error="procedure_not_in_force",
        )
    if (
        plan is not None
        and not plan.assignments.filter(
            Q(procedure=procedure) | Q(field_id=version.field_id, field__isnull=False),
            agency=agency,
        ).exists()
    ):
        raise DomainError(
            _("Plan %(number)s does not ask %(agency)s to review %(code)s.")
            % {"number": plan.number, "agency": agency.name, "code": procedure.code},
            code="not_assigned",
            fields={"procedure": [_("Not assigned to this agency.")]},
        )
    checked = {
        "assessment": criteria(assessment, REVIEW_FLAGS),
        "preparation_hours": _amount(preparation_hours, "preparation_hours") or Decimal(0),
        "other_costs": int(_amount(other_costs, "other_costs", whole=True) or 0),
    }
    days = _amount(working_days, "working_days")
    if days is None:
        days = statutory_days(version)
    if days is None:
        raise field_error(
            "working_days",
            _("The record gives no time limit in working days: type it."),
            "required",
        )
    typed_fee = _amount(fees, "fees", whole=True)
    fee = published_fee(version) if typed_fee is None else int(typed_fee)
    typed_count = _amount(dossiers_per_year, "dossiers_per_year", whole=True)
    counted = typed_count is None
    count = dossiers_received(procedure, reviewed_on.year - 1) if counted else int(typed_count)
    if counted and count == 0:
        count = dossiers_received(procedure, reviewed_on.year)
    if counted and count == 0:
        raise field_error(
            "dossiers_per_year",
            _("No dossiers of this procedure were received: type the yearly number."),
            "required",
        )
    rows = [_recommendation_values(raw, i) for i, raw in enumerate(recommendations)]
    if not necessary and not any(r["kind"] == Kind.ABOLISH for r in rows):
        raise field_error(
            "necessary",
            _("A procedure that is no longer necessary needs a recommendation to abolish it."),
            "abolish_required",
        )
    for i, row in enumerate(rows):
        if row["proposed_days"] is not None and row["proposed_days"] >= days:
            raise field_error(
                f"recommendations.{i}.proposed_days",
                _("The proposed time limit must be shorter than today's %(days)s working days.")
                % {"days": _days(days)},
            )
    earlier = Review.objects.filter(plan=plan, procedure=procedure, agency=agency)
    if plan is None:  # a review outside any plan is one a year
        earlier = earlier.filter(reviewed_on__year=reviewed_on.year)
    if earlier.exists():
        message = (
            _("%(agency)s has already reviewed %(code)s under this plan.")
            if plan is not None
            else _("%(agency)s has already reviewed %(code)s in %(year)s.")
        )
        raise Conflict(
            message % {"agency": agency.name, "code": procedure.code, "year": reviewed_on.year},
            code="already_reviewed",
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                plan=plan,
                procedure=procedure,
                version=version,
                agency=agency,
                reviewed_on=reviewed_on,
                necessary=necessary,
                necessity_note=nfc(necessity_note).strip(),
                working_days=days,
                fees=fee,
                dossiers_per_year=count,
                dossiers_counted=counted,
                parameters=parameters_for(reviewed_on.year),
                filed_at=timezone.now(),
                filed_by=by,
                **checked,
            )
    except IntegrityError:  # a concurrent filing of the same review
        raise Conflict(
            _("%(agency)s has already reviewed %(code)s under this plan.")
            % {"agency": agency.name, "code": procedure.code},
            code="already_reviewed",
        ) from None
    Recommendation.objects.bulk_create(Recommendation(review=review, **row) for row in rows)
    return recompute(review)


def _days(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _locked_recommendation(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("plan", "review")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def change_recommendation(recommendation: Recommendation, **values) -> Recommendation:
    """Edit a recommendation not yet in an approved plan."""
    rec = _locked_recommendation(recommendation)
    if not rec.current:
        raise Conflict(
            _("This recommendation has a newer revision; change that one."),
            code="not_current_revision",
        )
    if rec.plan is not None and rec.plan.state == SimplificationPlan.State.APPROVED:
        raise Conflict(
            _("Plan %(number)s approved this recommendation; it changes only as a new revision.")
            % {"number": rec.plan.decision_number},
            code="plan_approved",
        )
    merged = {name: getattr(rec, name) for name in RECOMMENDATION_FIELDS} | values
    checked = _recommendation_values(merged)
    _check_days(rec.review, checked)
    for name, value in checked.items():
        setattr(rec, name, value)
    rec.save()
    recompute(rec.review)
    return rec


def _check_days(review: Review, values: dict) -> None:
    if values["proposed_days"] is not None and values["proposed_days"] >= review.working_days:
        raise field_error(
            "proposed_days",
            _("The proposed time limit must be shorter than today's %(days)s working days.")
            % {"days": _days(review.working_days)},
        )


@transaction.atomic
def revise_recommendation(recommendation: Recommendation, **values) -> Recommendation:
    """A new revision of a recommendation (the only change allowed after its plan's approval):
    the old one stays as approved, the new one waits for a plan of its own."""
    rec = _locked_recommendation(recommendation)
    if not rec.current:
        raise Conflict(
            _("This recommendation has a newer revision; revise that one."),
            code="not_current_revision",
        )
    merged = {name: getattr(rec, name) for name in RECOMMENDATION_FIELDS} | values
    checked = _recommendation_values(merged)
    _check_days(rec.review, checked)
    rec.current = False
    rec.save(update_fields=["current"])
    new = Recommendation.objects.create(
        review=rec.review, revision=rec.revision + 1, supersedes=rec, **checked
    )
    recompute(rec.review)
    return new
