"""Reads of the review app: what an agency must review and how far it is, the figures for a
period, progress against the national targets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalog import selectors as catalog
from motcua.catalog.models import Channel, Procedure, ProcedureVersion, TimeLimit
from motcua.core.errors import DomainError, field_error
from motcua.dossiers.models import Dossier
from motcua.reviews.models import (
    Assignment,
    CostParameters,
    DraftProcedure,
    DraftRegulation,
    Recommendation,
    Review,
    ReviewPlan,
    SimplificationPlan,
)

# Recorded as implemented, or its publication decision is signed (``implemented``, as a filter).
IMPLEMENTED = Q(outcome=Recommendation.Outcome.IMPLEMENTED) | Q(decision__state="signed")


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class AssignmentStatus:
    assignment: Assignment
    expected: int  # procedures to review
    filed: int
    state: str
    label: str


STATE_LABELS = {
    "not_started": _("Not started"),
    "under_way": _("Under way"),
    "done": _("Done"),
    "overdue": _("Overdue"),
    "done_late": _("Done late"),
}


def _state(expected: int, filed: int, last_filed: dt.date | None, due: dt.date, today) -> str:
    if expected and filed >= expected:
        return "done_late" if last_filed and last_filed > due else "done"
    if today > due:
        return "overdue"
    return "under_way" if filed else "not_started"


def assignment_statuses(
    plan: ReviewPlan, *, agencies=None, today: dt.date | None = None
) -> list[AssignmentStatus]:
    """Each line of the plan with what is filed against it; the state follows from the reviews
    and the deadline, never typed."""
    today = today or timezone.localdate()
    rows = plan.assignments.select_related("agency", "procedure", "field")
    if agencies is not None:
        rows = rows.filter(agency__in=agencies)
    reviews = list(plan.reviews.values("agency_id", "procedure_id", "reviewed_on"))
    in_force = None
    result = []
    for row in rows:
        if row.procedure_id:
            wanted = {row.procedure_id}
        else:
            if in_force is None:
                in_force = list(
                    catalog.versions_in_force(plan.issued_on).values("procedure_id", "field_id")
                )
            wanted = {v["procedure_id"] for v in in_force if v["field_id"] == row.field_id}
        done = [
            r for r in reviews if r["agency_id"] == row.agency_id and r["procedure_id"] in wanted
        ]
        last = max((r["reviewed_on"] for r in done), default=None)
        state = _state(len(wanted), len(done), last, row.due, today)
        result.append(AssignmentStatus(row, len(wanted), len(done), state, STATE_LABELS[state]))
    return result


def filed_between(start: dt.date, end: dt.date) -> QuerySet[Review]:
    return Review.objects.filter(reviewed_on__gte=start, reviewed_on__lte=end)


def statistics(start: dt.date, end: dt.date) -> dict:
    """The review figures of a period (reviews filed in it; plans approved in it)."""
    reviews = filed_between(start, end)
    recommendations = Recommendation.objects.filter(review__in=reviews, current=True)
    by_kind = dict(recommendations.values_list("kind").annotate(n=Count("id")).order_by("kind"))
    totals = reviews.aggregate(
        before=Sum("cost_before"),
        after=Sum("cost_after"),
        days_before=Sum("working_days"),
        days_after=Sum("days_after"),
    )
    with_recommendations = reviews.filter(recommendations__current=True).distinct()
    simplified = with_recommendations.aggregate(
        before=Sum("cost_before"),
        after=Sum("cost_after"),
        days_before=Sum("working_days"),
        days_after=Sum("days_after"),
    )
    cost_before, cost_after = totals["before"] or 0, totals["after"] or 0
    plans = SimplificationPlan.objects.filter(
        state=SimplificationPlan.State.APPROVED, approved_on__gte=start, approved_on__lte=end
    )
    outcomes = dict(recommendations.values_list("outcome").annotate(n=Count("id")).order_by())
    return {
        "from": start,
        "to": end,
        "procedures_reviewed": reviews.values("procedure").distinct().count(),
        "reviews": reviews.count(),
        "procedures_with_recommendations": with_recommendations.values("procedure")
        .distinct()
        .count(),
        "recommendations": recommendations.count(),
        "by_kind": {kind: by_kind.get(kind, 0) for kind in Recommendation.Kind.values},
        "plans_approved": plans.count(),
        "recommendations_in_approved_plans": recommendations.filter(
            plan__state=SimplificationPlan.State.APPROVED
        ).count(),
        "outcomes": {
            "proposed": outcomes.get(Recommendation.Outcome.PROPOSED, 0),
            "accepted": outcomes.get(Recommendation.Outcome.ACCEPTED, 0),
            "implemented": recommendations.filter(IMPLEMENTED).count(),
            "rejected": outcomes.get(Recommendation.Outcome.REJECTED, 0),
        },
        "cost_before": cost_before,
        "cost_after": cost_after,
        "saving": cost_before - cost_after,
        "saving_percent": percent(cost_before - cost_after, cost_before),
        "simplified": {
            "cost_before": simplified["before"] or 0,
            "cost_after": simplified["after"] or 0,
            "cost_percent": percent(
                (simplified["before"] or 0) - (simplified["after"] or 0), simplified["before"] or 0
            ),
            "days_before": simplified["days_before"] or Decimal(0),
            "days_after": simplified["days_after"] or Decimal(0),
            "days_percent": percent(
                (simplified["days_before"] or 0) - (simplified["days_after"] or 0),
                simplified["days_before"] or 0,
            ),
        },
        "drafts": draft_statistics(start, end),
    }


def draft_statistics(start: dt.date, end: dt.date) -> dict:
    drafts = DraftRegulation.objects.filter(received_on__gte=start, received_on__lte=end)
    rows = DraftProcedure.objects.filter(draft__in=drafts)
    by_action = dict(rows.values_list("action").annotate(n=Count("id")).order_by())
    by_opinion = dict(rows.values_list("opinion").annotate(n=Count("id")).order_by())
    return {
        "drafts": drafts.count(),
        "answered": drafts.filter(opinion_on__isnull=False).count(),
        "procedures": rows.count(),
        "by_action": {a: by_action.get(a, 0) for a in DraftProcedure.Action.values},
        "by_opinion": {o: by_opinion.get(o, 0) for o in DraftProcedure.Opinion.values},
    }


@dataclass
class TargetProgress:
    name: str
    years: str
    measure: str
    target: Decimal
    achieved: Decimal

    @property
    def met(self) -> bool:
        return self.achieved >= self.target

    @property
    def share(self) -> Decimal:
        """How far along, in percent of the target (capped at 100 for the bar)."""
        return min(Decimal(100), percent(self.achieved, self.target))


def target_progress(stats: dict) -> list[TargetProgress]:
    """The province's cuts against the national targets (settings.REVIEW_TARGETS): time and
    cost cut on the procedures with recommendations."""
    simplified = stats["simplified"]
    achieved = {"time": simplified["days_percent"], "cost": simplified["cost_percent"]}
    result = []
    for target in settings.REVIEW_TARGETS:
        for measure in ("time", "cost"):
            if target.get(measure) is None:
                continue
            result.append(
                TargetProgress(
                    name=target["name"],
                    years=target["years"],
                    measure=measure,
                    target=Decimal(str(target[measure])),
                    achieved=achieved[measure],
                )
            )
    return result


def plan_rows(plan: SimplificationPlan) -> list[dict]:
    """Part I and II of a simplification plan: per procedure, its recommendations and benefits."""
    recs = plan.recommendations.select_related(
        "review__procedure", "review__version", "decision"
    ).order_by("review__procedure__code", "id")
    grouped: dict[int, dict] = {}
    for rec in recs:
        review = rec.review
        entry = grouped.setdefault(
            review.pk,
            {"review": review, "recommendations": []},
        )
        entry["recommendations"].append(rec)
    rows = list(grouped.values())
    for index, row in enumerate(rows, start=1):
        review = row["review"]
        row["index"] = index
        row["days_saved"] = review.working_days - review.days_after
        row["days_percent"] = percent(row["days_saved"], review.working_days)
    return rows


def review_queryset() -> QuerySet[Review]:
    return Review.objects.select_related(
        "procedure", "version", "agency", "plan", "parameters"
    ).annotate(n_recommendations=Count("recommendations", filter=Q(recommendations__current=True)))


# --- what the reviews read of the catalog and the dossiers ----------------------------------


def parameters_for(year: int) -> CostParameters:
    """The cost parameters of ``year``: that year's, else the latest before it, else the first."""
    found = (
        CostParameters.objects.filter(year__lte=year).order_by("-year").first()
        or CostParameters.objects.order_by("year").first()
    )
    if found is None:
        raise DomainError(
            gettext("No compliance-cost parameters are set: add them in the administration."),
            code="cost_parameters_missing",
        )
    return found


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
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    return Dossier.objects.filter(
        version__procedure=procedure, received_at__gte=start, received_at__lt=end
    ).count()


def implemented(rec: Recommendation) -> bool:
    """Recorded as implemented, or its publication decision is signed."""
    return rec.outcome == Recommendation.Outcome.IMPLEMENTED or (
        rec.decision is not None and rec.decision.state == rec.decision.State.SIGNED
    )


def known_review_plan(number: str, field: str = "plan") -> ReviewPlan:
    """The review plan numbered ``number``, or a refusal about ``field``."""
    found = ReviewPlan.objects.filter(number=number).first()
    if found is None:
        raise field_error(field, gettext("Unknown review plan."))
    return found
