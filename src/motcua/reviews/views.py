"""The review pages: plans and what each agency must review, the review form, simplification
plans with their approval and outcomes, draft regulations and the control office's opinion."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action, agencies_for, can
from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Field, InternalProcess, Procedure
from motcua.core.dates import parse_day
from motcua.core.errors import DomainError
from motcua.core.xlsx import XLSX_TYPE
from motcua.reviews import access, selectors, services, xlsx
from motcua.reviews.models import (
    CRITERIA,
    IMPACT_CRITERIA,
    DraftProcedure,
    DraftRegulation,
    Recommendation,
    Review,
    ReviewPlan,
    SimplificationPlan,
)

RECOMMENDATION_ROWS = 3  # blank recommendation rows on the review form


def _need_reader(request: HttpRequest) -> None:
    if not access.may_read(request.user):
        raise DjangoPermissionDenied


def _need_manager(request: HttpRequest) -> None:
    if not can(request.user, Action.REVIEW_MANAGE):
        raise DjangoPermissionDenied


def _year(request: HttpRequest) -> int:
    """The year asked for; else this year when it has a review plan, else the last that has."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    this_year = timezone.localdate().year
    planned = ReviewPlan.objects.filter(year__lte=this_year).aggregate(last=Max("year"))["last"]
    return this_year if planned is None else planned


def _plain(value) -> str:
    """20.00 -> "20", 7.50 -> "7.5": what a person types in the box."""
    return "" if value is None else f"{value.normalize():f}"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _need_reader(request)
    year = _year(request)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    stats = selectors.statistics(start, end)
    manager = can(request.user, Action.REVIEW_MANAGE)
    own = None if manager else agencies_for(request.user, Action.REVIEW_FILE)
    plans = [
        (plan, selectors.assignment_statuses(plan, agencies=own))
        for plan in ReviewPlan.objects.filter(year=year)
    ]
    reviews = access.scope(
        request.user, selectors.review_queryset().filter(reviewed_on__year=year)
    )[:200]
    return render(
        request,
        "reviews/index.html",
        {
            "year": year,
            "stats": stats,
            "targets": selectors.target_progress(stats),
            "kinds": [
                (label, stats["by_kind"][kind]) for kind, label in Recommendation.Kind.choices
            ],
            "plans": plans,
            "reviews": reviews,
            "manager": manager,
        },
    )


@login_required
def review_plan_new(request: HttpRequest) -> HttpResponse:
    """The control office records the year's review plan, then assigns its lines."""
    _need_manager(request)
    error = None
    if request.method == "POST":
        post = request.POST
        try:
            issued_on = parse_day(post.get("issued_on", ""), "issued_on")
            plan = services.create_plan(
                year=issued_on.year,
                number=post.get("number", ""),
                issued_on=issued_on,
                title=post.get("title", ""),
                deadline=parse_day(post.get("deadline", ""), "deadline"),
                issuer=Agency.objects.filter(pk=post.get("issuer") or None).first(),
                note=post.get("note", ""),
            )
        except DomainError as err:
            error = err
        else:
            return redirect("reviews:review-plan", pk=plan.pk)
    return render(
        request,
        "reviews/review_plan_new.html",
        {
            "issuers": Agency.objects.filter(level=Agency.Level.DEPARTMENT),
            "values": request.POST,
            "error": error,
        },
    )


@login_required
def review_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A review plan's lines and how far each agency is; the control office adds lines."""
    _need_reader(request)
    plan = get_object_or_404(ReviewPlan, pk=pk)
    manager = can(request.user, Action.REVIEW_MANAGE)
    error = None
    if request.method == "POST":
        _need_manager(request)
        post = request.POST
        try:
            agency = Agency.objects.filter(pk=post.get("agency") or None).first()
            services.assign(
                plan,
                agency,
                procedure_code=post.get("procedure", ""),
                field=Field.objects.filter(pk=post.get("field") or None).first(),
                deadline=parse_day(post["deadline"], "deadline") if post.get("deadline") else None,
            )
        except DomainError as err:
            error = err
        else:
            messages.success(request, _("The line is added to the plan."))
            return redirect("reviews:review-plan", pk=plan.pk)
    own = None if manager else agencies_for(request.user, Action.REVIEW_FILE)
    return render(
        request,
        "reviews/review_plan.html",
        {
            "plan": plan,
            "statuses": selectors.assignment_statuses(plan, agencies=own),
            "manager": manager,
            "agencies": Agency.objects.filter(
                level__in=[Agency.Level.DEPARTMENT, Agency.Level.DISTRICT]
            ),
            "fields": Field.objects.all(),
            "error": error,
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _need_reader(request)
    year = _year(request)
    rows = (
        access.scope(request.user, Review.objects.filter(reviewed_on__year=year))
        .select_related("procedure", "version", "agency")
        .prefetch_related("recommendations")
        .order_by("reviewed_on", "procedure__code")
    )
    return _xlsx(xlsx.reviews(rows), f"ket-qua-ra-soat-{year}.xlsx")


def _form_values(request: HttpRequest) -> dict:
    post = request.POST
    assessment = {
        key: {
            "reasonable": post.get(f"{key}-reasonable") == "on",
            "lawful": post.get(f"{key}-lawful") == "on",
            "note": post.get(f"{key}-note", ""),
        }
        for key, _label in CRITERIA
    }
    recommendations = []
    for i in range(RECOMMENDATION_ROWS):
        row = {
            name: post.get(f"rec-{i}-{name}", "").strip()
            for name in (
                "kind",
                "content",
                "current_value",
                "proposed_value",
                "proposed_days",
                "regulation",
                "implementer",
            )
        }
        if row["kind"] or row["content"]:
            recommendations.append(row)
    return {
        "reviewed_on": post.get("reviewed_on", ""),
        "necessary": post.get("necessary") != "no",
        "necessity_note": post.get("necessity_note", ""),
        "assessment": assessment,
        "working_days": post.get("working_days", "").strip(),
        "preparation_hours": post.get("preparation_hours", "").strip() or "0",
        "fees": post.get("fees", "").strip(),
        "other_costs": post.get("other_costs", "").strip() or "0",
        "dossiers_per_year": post.get("dossiers_per_year", "").strip(),
        "recommendations": recommendations,
    }


@login_required
def review_new(request: HttpRequest) -> HttpResponse:
    """The standard review form for one procedure, under a plan's assignment when given."""
    raw = request.GET.get("plan", "")
    plan = ReviewPlan.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    code = request.GET.get("procedure", "").strip()
    procedure = Procedure.objects.filter(code=code).first()
    reviewers = agencies_for(request.user, Action.REVIEW_FILE)
    agencies = Agency.objects.filter(pk__in=reviewers) if reviewers is not None else None
    if agencies is None:
        agencies = Agency.objects.filter(level__in=[Agency.Level.DEPARTMENT, Agency.Level.DISTRICT])
    if not agencies.exists():
        raise DjangoPermissionDenied
    today = timezone.localdate()
    day = today if plan is None or plan.year == today.year else min(plan.deadline, today)
    version = catalog.version_in_force(procedure, day) if procedure else None
    error, values = None, None
    if request.method == "POST":
        values = _form_values(request)
        agency = agencies.filter(pk=request.POST.get("agency") or None).first()
        try:
            review = services.file_review(
                procedure_code=request.POST.get("procedure", ""),
                agency=agency,
                plan=plan,
                reviewed_on=parse_day(values.pop("reviewed_on"), "reviewed_on"),
                by=request.user,
                **values,
            )
        except DomainError as err:
            error = err
            values = _form_values(request)
        else:
            messages.success(request, _("The review is filed."))
            return redirect("reviews:review", pk=review.pk)
    if values is None:
        values = {
            "reviewed_on": day.isoformat(),
            "necessary": True,
            "assessment": {key: {"reasonable": True, "lawful": True} for key, _l in CRITERIA},
            "working_days": _plain(selectors.statutory_days(version)) if version else "",
            "fees": selectors.published_fee(version) if version else "",
            "preparation_hours": "0",
            "other_costs": "0",
            "recommendations": [],
        }
    counted = selectors.dossiers_received(procedure, day.year - 1) if procedure else 0
    rows = list(values["recommendations"]) + [{}] * (
        RECOMMENDATION_ROWS - len(values["recommendations"])
    )
    return render(
        request,
        "reviews/review_form.html",
        {
            "plan": plan,
            "code": request.POST.get("procedure", code),
            "version": version,
            "agencies": agencies,
            "agency_id": request.POST.get("agency", ""),
            "values": values,
            "criteria": [
                (key, label, values["assessment"].get(key, {})) for key, label in CRITERIA
            ],
            "rows": list(enumerate(rows)),
            "kinds": Recommendation.Kind.choices,
            "counted": counted,
            "error": error,
        },
    )


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need_reader(request)
    review = get_object_or_404(
        access.scope(request.user, selectors.review_queryset()).prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("plan", "decision"),
            )
        ),
        pk=pk,
    )
    manager = can(request.user, Action.REVIEW_MANAGE)
    error = None
    if request.method == "POST" and manager:
        rec = get_object_or_404(
            Recommendation, pk=request.POST.get("recommendation"), review=review
        )
        try:
            if request.POST.get("action") == "revise":
                services.revise_recommendation(
                    rec,
                    proposed_value=request.POST.get("proposed_value", ""),
                    proposed_days=request.POST.get("proposed_days", "") or None,
                    content=request.POST.get("content", "") or rec.content,
                )
                messages.success(request, _("A new revision of the recommendation is recorded."))
            elif request.POST.get("action") == "plan":
                plan = get_object_or_404(
                    SimplificationPlan, pk=request.POST.get("plan"), state="draft"
                )
                services.add_to_plan(plan, [rec])
                messages.success(request, _("Added to the simplification plan."))
        except DomainError as err:
            error = err
        else:
            return redirect("reviews:review", pk=review.pk)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "criteria": [(label, review.assessment.get(key, {})) for key, label in CRITERIA],
            "recommendations": list(review.recommendations.all()),
            "draft_plans": SimplificationPlan.objects.filter(state="draft") if manager else [],
            "manager": manager,
            "error": error,
        },
    )


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    _need_reader(request)
    error = None
    if request.method == "POST":
        _need_manager(request)
        try:
            plan = services.create_simplification_plan(
                year=_year(request)
                if not request.POST.get("year", "").isdigit()
                else int(request.POST["year"]),
                title=request.POST.get("title", ""),
                roadmap=request.POST.get("roadmap", ""),
                sent_to=request.POST.get("sent_to", ""),
            )
        except DomainError as err:
            error = err
        else:
            return redirect("reviews:plan", pk=plan.pk)
    return render(
        request,
        "reviews/plans.html",
        {
            "plans": SimplificationPlan.objects.all(),
            "manager": can(request.user, Action.REVIEW_MANAGE),
            "year": timezone.localdate().year,
            "error": error,
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need_reader(request)
    plan = get_object_or_404(SimplificationPlan, pk=pk)
    manager = can(request.user, Action.REVIEW_MANAGE)
    error = None
    if request.method == "POST":
        _need_manager(request)
        action = request.POST.get("action")
        try:
            if action == "add":
                services.add_to_plan(plan, request.POST.getlist("recommendation"))
            elif action == "approve":
                services.approve_plan(
                    plan,
                    decision_number=request.POST.get("decision_number", ""),
                    approved_on=parse_day(request.POST.get("approved_on", ""), "approved_on"),
                    signer=request.POST.get("signer", ""),
                    by=request.user,
                )
                messages.success(request, _("The plan is approved."))
            elif action == "outcome":
                rec = get_object_or_404(plan.recommendations, pk=request.POST.get("recommendation"))
                services.record_outcome(
                    rec, request.POST.get("outcome", ""), note=request.POST.get("note", "")
                )
            elif action == "decision":
                rec = get_object_or_404(plan.recommendations, pk=request.POST.get("recommendation"))
                decision = services.propose_decision(
                    rec, number=request.POST.get("number", ""), by=request.user
                )
                messages.success(
                    request,
                    _("Draft publication decision %(number)s now lists the procedure.")
                    % {"number": decision.number},
                )
            elif action == "process":
                rec = get_object_or_404(plan.recommendations, pk=request.POST.get("recommendation"))
                process = get_object_or_404(
                    InternalProcess, pk=request.POST.get("process"), effective_to__isnull=True
                )
                approved = request.POST.get("approved_on")
                new = services.shorten_process(
                    rec,
                    process,
                    approval_decision=request.POST.get("approval_decision", ""),
                    approved_on=parse_day(approved, "approved_on") if approved else None,
                )
                messages.success(
                    request,
                    _("Version %(n)s of the internal process is in force from %(day)s.")
                    % {"n": new.number, "day": new.effective_from.strftime("%d/%m/%Y")},
                )
        except DomainError as err:
            error = err
        else:
            return redirect("reviews:plan", pk=plan.pk)
    unplanned = []
    if manager and plan.state == SimplificationPlan.State.DRAFT:
        unplanned = (
            Recommendation.objects.filter(
                plan__isnull=True, current=True, review__reviewed_on__year=plan.year
            )
            .select_related("review__procedure", "review__version")
            .order_by("review__procedure__code")
        )
    rows = selectors.plan_rows(plan)
    # Open internal processes of the procedures whose shorter limit is published: their next
    # version is drafted from here.
    published = {
        r.review.procedure_id: r.decision.effective_from or r.decision.signed_on
        for row in rows
        for r in row["recommendations"]
        if r.decision is not None and r.decision.state == r.decision.State.SIGNED
    }
    processes: dict[int, list] = {}
    for process in InternalProcess.objects.filter(
        procedure_id__in=published, effective_to__isnull=True
    ).select_related("agency"):
        if process.effective_from < published[process.procedure_id]:  # not yet redrafted
            processes.setdefault(process.procedure_id, []).append(process)
    for row in rows:
        row["processes"] = processes.get(row["review"].procedure_id, [])
    totals = {
        "before": sum(r["review"].cost_before for r in rows),
        "after": sum(r["review"].cost_after for r in rows),
    }
    totals["saving"] = totals["before"] - totals["after"]
    totals["percent"] = selectors.percent(totals["saving"], totals["before"])
    return render(
        request,
        "reviews/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "totals": totals,
            "unplanned": unplanned,
            "manager": manager,
            "outcomes": [
                (value, label)
                for value, label in Recommendation.Outcome.choices
                if value != Recommendation.Outcome.PROPOSED
            ],
            "today": timezone.localdate().isoformat(),
            "error": error,
        },
    )


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    _need_reader(request)
    plan = get_object_or_404(SimplificationPlan, pk=pk)
    return _xlsx(xlsx.simplification_plan(plan), f"phuong-an-don-gian-hoa-{plan.pk}.xlsx")


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    _need_reader(request)
    error = None
    if request.method == "POST":
        _need_manager(request)
        try:
            agency = Agency.objects.filter(pk=request.POST.get("drafting_agency") or None).first()
            draft = services.register_draft(
                title=request.POST.get("title", ""),
                drafting_agency=agency,
                received_on=parse_day(request.POST.get("received_on", ""), "received_on"),
                stage=request.POST.get("stage", DraftRegulation.Stage.DRAFTING),
            )
        except DomainError as err:
            error = err
        else:
            return redirect("reviews:draft", pk=draft.pk)
    rows = access.scope(
        request.user, DraftRegulation.objects.select_related("drafting_agency"), "drafting_agency"
    ).prefetch_related("procedures")
    return render(
        request,
        "reviews/drafts.html",
        {
            "drafts": rows,
            "manager": can(request.user, Action.REVIEW_MANAGE),
            "agencies": Agency.objects.filter(
                level__in=[Agency.Level.DEPARTMENT, Agency.Level.PROVINCE]
            ),
            "stages": DraftRegulation.Stage.choices,
            "today": timezone.localdate().isoformat(),
            "error": error,
        },
    )


@login_required
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need_reader(request)
    draft = get_object_or_404(
        access.scope(request.user, DraftRegulation.objects.all(), "drafting_agency"), pk=pk
    )
    manager = can(request.user, Action.REVIEW_MANAGE)
    drafter = can(request.user, Action.REVIEW_FILE, draft.drafting_agency)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assess" and (drafter or manager):
                services.assess_draft_procedure(
                    draft,
                    action=request.POST.get("procedure_action", ""),
                    name=request.POST.get("name", ""),
                    procedure_code=request.POST.get("procedure", ""),
                    assessment={
                        key: {
                            "met": request.POST.get(f"{key}-met") == "on",
                            "note": request.POST.get(f"{key}-note", ""),
                        }
                        for key, _label in IMPACT_CRITERIA
                    },
                    working_days_before=request.POST.get("working_days_before") or None,
                    working_days_after=request.POST.get("working_days_after") or None,
                    dossiers_per_year=request.POST.get("dossiers_per_year") or 0,
                    explanation=request.POST.get("explanation", ""),
                    by=request.user,
                )
            elif action == "opinion" and manager:
                services.give_opinion(
                    draft,
                    opinion=request.POST.get("opinion", ""),
                    on=parse_day(request.POST.get("opinion_on", ""), "opinion_on"),
                    procedures={
                        row.pk: (
                            request.POST.get(f"opinion-{row.pk}", ""),
                            request.POST.get(f"note-{row.pk}", ""),
                        )
                        for row in draft.procedures.all()
                    },
                    by=request.user,
                )
                messages.success(request, _("The opinion is recorded."))
            else:
                raise DjangoPermissionDenied
        except DomainError as err:
            error = err
        else:
            return redirect("reviews:draft", pk=draft.pk)
    rows = list(draft.procedures.select_related("procedure"))
    for row in rows:
        row.criteria = [(label, row.assessment.get(key, {})) for key, label in IMPACT_CRITERIA]
    return render(
        request,
        "reviews/draft_detail.html",
        {
            "draft": draft,
            "rows": rows,
            "manager": manager,
            "drafter": drafter or manager,
            "actions": DraftProcedure.Action.choices,
            "impact": IMPACT_CRITERIA,
            "opinions": [
                (value, label)
                for value, label in DraftProcedure.Opinion.choices
                if value != DraftProcedure.Opinion.PENDING
            ],
            "today": timezone.localdate().isoformat(),
            "error": error,
        },
    )
