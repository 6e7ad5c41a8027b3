"""Writes of the review app: plans, reviews and their cost, simplification plans, outcomes, drafts.

Every function checks its input and raises a ``DomainError`` (Vietnamese message, machine code)
before it writes anything; multi-row writes happen in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Channel, Field, Procedure, ProcedureVersion, TimeLimit
from motcua.core.errors import Conflict, DomainError, field_error
from motcua.core.text import nfc
from motcua.reviews import cost
from motcua.reviews.models import (
    CRITERION_KEYS,
    IMPACT_CRITERIA,
    Assignment,
    CostParameters,
    DraftProcedure,
    DraftRegulation,
    Recommendation,
    Review,
    ReviewPlan,
    SimplificationPlan,
)

Kind = Recommendation.Kind
Outcome = Recommendation.Outcome

# The proposal fields a recommendation carries; a revision may change any of them.
RECOMMENDATION_FIELDS = (
    "kind",
    "content",
    "current_value",
    "proposed_value",
    "proposed_days",
    "proposed_preparation_hours",
    "proposed_other_costs",
    "regulation",
    "implementer",
)


# --- small checks -------------------------------------------------------------------------------


def _amount(value, field: str, *, required: bool = False, whole: bool = False) -> Decimal | None:
    """A number ≥ 0 (whole đồng when ``whole``); None when empty and not required."""
    if value in (None, ""):
        if required:
            raise field_error(field, _("This field is required."), "required")
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise field_error(field, _("Enter a number.")) from None
    if not number.is_finite():
        raise field_error(field, _("Enter a number."))
    if number < 0:
        raise field_error(field, _("Must not be negative."), "negative_value")
    if whole and number != number.to_integral_value():
        raise field_error(field, _("A whole number of đồng."))
    if number >= Decimal(10) ** 12:
        raise field_error(field, _("The number is too large."))
    return number


def _procedure(code: str, field: str = "procedure") -> Procedure:
    code = nfc(code or "").strip()
    found = Procedure.objects.filter(code=code).first() if code else None
    if found is None:
        raise DomainError(
            _("Procedure %(code)s is not in the catalog.") % {"code": code or "–"},
            code="unknown_procedure",
            fields={field: [_("Not in the catalog.")]},
        )
    return found


# --- cost ---------------------------------------------------------------------------------------


def parameters_for(year: int) -> CostParameters:
    """The cost parameters of ``year``: that year's, else the latest before it, else the first."""
    found = (
        CostParameters.objects.filter(year__lte=year).order_by("-year").first()
        or CostParameters.objects.order_by("year").first()
    )
    if found is None:
        raise DomainError(
            _("No compliance-cost parameters are set: add them in the administration."),
            code="cost_parameters_missing",
        )
    return found


def _params(row: CostParameters) -> cost.CostParameters:
    return cost.CostParameters(
        year=row.year,
        hourly_income=row.hourly_income,
        hours_per_day=Fraction(row.hours_per_day),
        source=row.source,
    )


def statutory_days(version: ProcedureVersion) -> Decimal | None:
    """The time limit in working days of the in-person way of submitting (the longest when
    sub-cases differ: the cost of the usual case is the conservative figure)."""
    limits = list(version.time_limits.all())
    for channel in (Channel.DIRECT, None):
        values = []
        for limit in limits:
            if limit.value is None or (channel and limit.channel != channel):
                continue
            if limit.unit == TimeLimit.Unit.WORKING_DAYS:
                values.append(limit.value)
            elif limit.unit == TimeLimit.Unit.HOURS:
                values.append(limit.value / 8)
        if values:
            return max(values)
    return None


def published_fee(version: ProcedureVersion) -> int:
    """The first fee with an amount for the in-person way (or any way); 0 when none."""
    fees = [f for f in version.fees.all() if f.amount is not None]
    for fee in fees:
        if fee.channel in ("", Channel.DIRECT):
            return int(fee.amount)
    return int(fees[0].amount) if fees else 0


def dossiers_received(procedure: Procedure, year: int) -> int:
    """Dossiers of the procedure received in ``year`` (local days)."""
    from motcua.dossiers.models import Dossier

    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    return Dossier.objects.filter(
        version__procedure=procedure, received_at__gte=start, received_at__lt=end
    ).count()


def _inputs(
    days: Decimal, hours: Decimal, fees: int, other: int, executions: int
) -> cost.CostInputs:
    return cost.CostInputs(
        working_days=Fraction(days),
        preparation_hours=Fraction(hours),
        fees=int(fees),
        other_costs=int(other),
        executions_per_year=executions,
    )


def _after(review: Review, recommendations: list[Recommendation]) -> tuple[Decimal, object]:
    """The time limit and cost inputs once the (not rejected) recommendations apply; None for
    the inputs when one of them abolishes the procedure."""
    live = [r for r in recommendations if r.current and r.outcome != Outcome.REJECTED]
    if any(r.kind == Kind.ABOLISH for r in live):
        return Decimal(0), None
    days = min(
        [review.working_days] + [r.proposed_days for r in live if r.proposed_days is not None],
    )
    hours = min(
        [review.preparation_hours]
        + [r.proposed_preparation_hours for r in live if r.proposed_preparation_hours is not None]
    )
    other = min(
        [review.other_costs]
        + [r.proposed_other_costs for r in live if r.proposed_other_costs is not None]
    )
    return days, _inputs(days, hours, review.fees, other, review.dossiers_per_year)


def recompute(review: Review) -> Review:
    """Refresh a review's cost before/after from its inputs and current recommendations."""
    params = _params(review.parameters)
    before = _inputs(
        review.working_days,
        review.preparation_hours,
        review.fees,
        review.other_costs,
        review.dossiers_per_year,
    )
    days_after, after = _after(review, list(review.recommendations.all()))
    result = cost.saving(before, after, params)
    review.cost_before, review.cost_after, review.days_after = (
        result.before,
        result.after,
        days_after,
    )
    review.save(update_fields=["cost_before", "cost_after", "days_after"])
    return review


# --- review plans -------------------------------------------------------------------------------


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
        raise Conflict(
            _("Plan %(number)s already exists.") % {"number": number},
            code="plan_exists",
            fields={"number": [_("Already used.")]},
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
    agency: Agency,
    *,
    procedure_code: str = "",
    field: Field | None = None,
    deadline: dt.date | None = None,
) -> Assignment:
    procedure = _procedure(procedure_code) if procedure_code else None
    if procedure is None and field is None:
        raise field_error("procedure", _("Name a procedure or a field to review."), "required")
    if deadline is not None and deadline < plan.issued_on:
        raise field_error("deadline", _("The deadline is before the plan's date."))
    return Assignment.objects.create(
        plan=plan, agency=agency, procedure=procedure, field=field, deadline=deadline
    )


# --- reviews ------------------------------------------------------------------------------------


def _assessment(raw: dict | None) -> dict:
    """Keep the form's criteria only, each as {reasonable, lawful, note}."""
    raw = raw or {}
    unknown = set(raw) - set(CRITERION_KEYS)
    if unknown:
        raise field_error(
            "assessment",
            _("Unknown criteria: %(names)s.") % {"names": ", ".join(sorted(unknown))},
        )
    result = {}
    for key in CRITERION_KEYS:
        answer = raw.get(key) or {}
        if not isinstance(answer, dict):
            raise field_error("assessment", _("Each criterion is an object."))
        result[key] = {
            "reasonable": bool(answer.get("reasonable", True)),
            "lawful": bool(answer.get("lawful", True)),
            "note": nfc(str(answer.get("note", ""))).strip(),
        }
    return result


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
    agency: Agency,
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
    procedure = _procedure(procedure_code)
    version = catalog.version_in_force(procedure, reviewed_on)
    if version is None:
        raise DomainError(
            _("Procedure %(code)s is not in force on %(day)s.")
            % {"code": procedure.code, "day": reviewed_on.strftime("%d/%m/%Y")},
            code="procedure_not_in_force",
            fields={"procedure": [_("Not in force on that day.")]},
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
        "assessment": _assessment(assessment),
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


# --- simplification plans -----------------------------------------------------------------------


def _draft_plan(plan: SimplificationPlan) -> SimplificationPlan:
    plan = SimplificationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == SimplificationPlan.State.APPROVED:
        raise Conflict(
            _("Plan %(number)s is already approved.") % {"number": plan.decision_number},
            code="plan_already_approved",
        )
    return plan


def create_simplification_plan(
    *, year: int, title: str, roadmap: str = "", sent_to: str = ""
) -> SimplificationPlan:
    title = nfc(title).strip()
    if not title:
        raise field_error("title", _("This field is required."), "required")
    return SimplificationPlan.objects.create(
        year=year, title=title, roadmap=nfc(roadmap).strip(), sent_to=nfc(sent_to).strip()
    )


@transaction.atomic
def add_to_plan(plan: SimplificationPlan, recommendations) -> int:
    """Gather current recommendations that are in no plan yet; returns how many were added."""
    plan = _draft_plan(plan)
    ids = [r.pk if isinstance(r, Recommendation) else int(r) for r in recommendations]
    rows = list(Recommendation.objects.select_for_update(of=("self",)).filter(pk__in=ids))
    if len(rows) != len(set(ids)):
        raise field_error("recommendations", _("Some recommendations do not exist."), "not_found")
    for rec in rows:
        if not rec.current:
            raise field_error(
                "recommendations",
                _("Recommendation %(id)s has a newer revision.") % {"id": rec.pk},
                "not_current_revision",
            )
        if rec.plan_id not in (None, plan.pk):
            raise field_error(
                "recommendations",
                _("Recommendation %(id)s is already in another plan.") % {"id": rec.pk},
                "already_planned",
            )
    return Recommendation.objects.filter(pk__in=ids, plan__isnull=True).update(plan=plan)


@transaction.atomic
def approve_plan(
    plan: SimplificationPlan,
    *,
    decision_number: str,
    approved_on: dt.date,
    signer: str = "",
    by=None,
) -> SimplificationPlan:
    """Approve the plan by a decision (once); its recommendations are then fixed."""
    plan = _draft_plan(plan)
    number = nfc(decision_number).strip()
    if not number:
        raise field_error("decision_number", _("This field is required."), "required")
    if approved_on > timezone.localdate():
        raise field_error("approved_on", _("A decision cannot be approved in the future."))
    if not plan.recommendations.exists():
        raise DomainError(_("The plan has no recommendations yet."), code="plan_empty")
    if SimplificationPlan.objects.filter(decision_number=number).exclude(pk=plan.pk).exists():
        raise Conflict(
            _("Decision %(number)s already approved another plan.") % {"number": number},
            code="decision_exists",
            fields={"decision_number": [_("Already used.")]},
        )
    plan.state = SimplificationPlan.State.APPROVED
    plan.decision_number = number
    plan.approved_on = approved_on
    plan.signer = nfc(signer).strip()
    plan.approved_at = timezone.now()
    plan.approved_by = by
    plan.save()
    return plan


@transaction.atomic
def record_outcome(
    recommendation: Recommendation, outcome: str, *, note: str = "", decision=None
) -> Recommendation:
    """What became of a recommendation sent in an approved plan."""
    rec = _locked_recommendation(recommendation)
    if rec.plan is None or rec.plan.state != SimplificationPlan.State.APPROVED:
        raise Conflict(
            _("Only a recommendation of an approved plan has an outcome."),
            code="not_in_approved_plan",
        )
    if outcome not in Outcome.values or outcome == Outcome.PROPOSED:
        raise field_error("outcome", _("Not a valid choice."))
    note = nfc(note).strip()
    if outcome == Outcome.IMPLEMENTED and decision is None and not note:
        raise field_error(
            "note", _("Name the document that implemented the recommendation."), "required"
        )
    if outcome == Outcome.REJECTED and not note:
        raise field_error("note", _("Give the reason for the rejection."), "required")
    rec.outcome, rec.outcome_note = outcome, note
    if decision is not None:
        rec.decision = decision
    rec.save(update_fields=["outcome", "outcome_note", "decision"])
    recompute(rec.review)
    return rec


@transaction.atomic
def propose_decision(recommendation: Recommendation, *, number: str, by=None):
    """A time limit the province may shorten itself becomes an item of a draft publication
    decision (created, or the draft of that number): the procedure's content with the shorter
    limit. Signing the decision publishes it and starts its follow-up duties (the new internal
    processes among them)."""
    from motcua.catalog import services as catalog_services
    from motcua.catalog.models import DecisionItem, PublicationDecision

    rec = _locked_recommendation(recommendation)
    if rec.kind != Kind.SHORTEN_TIME or rec.proposed_days is None:
        raise DomainError(
            _("Only a shorter time limit becomes a publication decision here."),
            code="not_a_time_limit",
        )
    if not rec.current or rec.outcome == Outcome.REJECTED:
        raise Conflict(_("This recommendation is not in force."), code="not_current_revision")
    if rec.plan is None or rec.plan.state != SimplificationPlan.State.APPROVED:
        raise Conflict(
            _("The recommendation's plan must be approved first."), code="not_in_approved_plan"
        )
    if rec.decision_id:
        raise Conflict(
            _("Decision %(number)s already implements this recommendation.")
            % {"number": rec.decision.number},
            code="already_proposed",
        )
    number = nfc(number).strip()
    decision = PublicationDecision.objects.filter(number=number).first()
    if decision is None:
        decision = catalog_services.create_decision(
            number,
            title=_("Publishing procedures with shortened time limits"),
            created_by=by,
        )
    version = rec.review.version
    days = rec.proposed_days
    limits = []
    for limit in version.time_limits.all():
        value = limit.value
        if limit.unit == TimeLimit.Unit.WORKING_DAYS and value is not None and value > days:
            value = days
        limits.append(
            {
                "channel": limit.channel,
                "sub_case": limit.sub_case,
                "value": value,
                "unit": limit.unit,
                "text": "" if value != limit.value else limit.text,
                "description": limit.description,
            }
        )
    children = {
        "time_limits": limits,
        "fees": [
            {"channel": f.channel, "amount": f.amount, "currency": f.currency, "text": f.text}
            for f in version.fees.all()
        ],
        "documents": [
            {
                "group": d.group,
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "required": d.required,
                "form_name": d.form_name,
                "form_file": d.form_file,
            }
            for d in version.documents.all()
        ],
    }
    catalog_services.add_item(
        decision,
        DecisionItem.Action.AMENDED,
        rec.review.procedure.code,
        changes={
            "change_note": _("Time limit shortened to %(days)s working days (%(plan)s).")
            % {"days": _days(days), "plan": rec.plan.decision_number},
            "children": children,
        },
        note=rec.content,
    )
    rec.decision = decision
    if rec.outcome == Outcome.PROPOSED:
        rec.outcome = Outcome.ACCEPTED
    rec.save(update_fields=["decision", "outcome"])
    return decision


def implemented(rec: Recommendation) -> bool:
    """Recorded as implemented, or its publication decision is signed."""
    return rec.outcome == Outcome.IMPLEMENTED or (
        rec.decision is not None and rec.decision.state == rec.decision.State.SIGNED
    )


IMPLEMENTED = Q(outcome=Outcome.IMPLEMENTED) | Q(decision__state="signed")


# --- draft regulations --------------------------------------------------------------------------


def register_draft(
    *,
    title: str,
    drafting_agency: Agency,
    received_on: dt.date,
    stage: str = DraftRegulation.Stage.DRAFTING,
) -> DraftRegulation:
    title = nfc(title).strip()
    if not title:
        raise field_error("title", _("This field is required."), "required")
    if stage not in DraftRegulation.Stage.values:
        raise field_error("stage", _("Not a valid choice."))
    return DraftRegulation.objects.create(
        title=title, drafting_agency=drafting_agency, received_on=received_on, stage=stage
    )


def _impact(raw: dict | None) -> dict:
    raw = raw or {}
    keys = [key for key, _label in IMPACT_CRITERIA]
    unknown = set(raw) - set(keys)
    if unknown:
        raise field_error(
            "assessment",
            _("Unknown criteria: %(names)s.") % {"names": ", ".join(sorted(unknown))},
        )
    result = {}
    for key in keys:
        answer = raw.get(key) or {}
        if not isinstance(answer, dict):
            raise field_error("assessment", _("Each criterion is an object."))
        result[key] = {
            "met": bool(answer.get("met", False)),
            "note": nfc(str(answer.get("note", ""))).strip(),
        }
    return result


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
) -> DraftProcedure:
    """A procedure the draft creates, amends or abolishes, with its impact assessment and the
    compliance cost (time component, §5.1) before and after."""
    draft = DraftRegulation.objects.select_for_update().get(pk=draft.pk)
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
    cost_before = cost.annual_cost(_inputs(before, Decimal(0), 0, 0, count), params)
    cost_after = cost.annual_cost(_inputs(after, Decimal(0), 0, 0, count), params)
    return DraftProcedure.objects.create(
        draft=draft,
        action=action,
        procedure=procedure,
        name=name,
        assessment=_impact(assessment),
        working_days_before=before,
        working_days_after=after,
        dossiers_per_year=count,
        cost_before=cost_before,
        cost_after=cost_after,
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


# --- the internal process after a shorter time limit --------------------------------------------

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
    from motcua.catalog import services as catalog_services

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
