"""Simplification plans: recommendations gathered, approved, carried out and proposed as
publication decisions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import services as catalog_services
from motcua.catalog.models import DecisionItem, PublicationDecision, TimeLimit
from motcua.core.errors import Conflict, DomainError, already_used, field_error
from motcua.core.text import nfc
from motcua.reviews.models import (
    Recommendation,
    SimplificationPlan,
)
from motcua.reviews.services.common import Kind, Outcome
from motcua.reviews.services.costs import recompute
from motcua.reviews.services.reviews import _days, _locked_recommendation


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
        raise already_used(
            "decision_number",
            _("Decision %(number)s already approved another plan.") % {"number": number},
            "decision_exists",
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
