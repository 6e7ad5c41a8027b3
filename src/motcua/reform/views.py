"""The reform-plan pages: the dashboard (figures as of a day, by area and agency, overdue first),
a task with its reports and the form to report, unit plans, and the annex import."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action, agencies_for, can
from motcua.agencies.models import Agency
from motcua.core import charts
from motcua.core.dates import parse_day, read_day
from motcua.core.errors import DomainError
from motcua.core.xlsx import XLSX_TYPE
from motcua.reform import selectors, services, xlsx
from motcua.reform.models import ProgressReport, ReformPlan, ReformTask
from motcua.reform.selectors import STATES


def may_view(user) -> bool:
    return any(
        can(user, action)
        for action in (Action.REFORM_MANAGE, Action.REFORM_REPORT, Action.REPORTS_VIEW)
    )


def _need_viewer(request: HttpRequest) -> None:
    if not may_view(request.user):
        raise DjangoPermissionDenied


def _as_of(request: HttpRequest) -> dt.date:
    return read_day(request.GET.get("as_of")) or timezone.localdate()


def _plan(request: HttpRequest) -> ReformPlan | None:
    raw = request.GET.get("plan", "")
    if raw.isdigit():
        return ReformPlan.objects.filter(pk=int(raw)).first()
    return (
        selectors.plan_of_year(timezone.localdate().year)
        or ReformPlan.objects.order_by("-year", "-issued_on").first()
    )


def _reporting_agencies(user) -> list[Agency] | None:
    """Where ``user`` reports progress (None: everywhere, for a superuser)."""
    ids = agencies_for(user, Action.REFORM_REPORT)
    return None if ids is None else list(Agency.objects.filter(pk__in=ids))


def _chart(rows: list[dict], label_key: str, title: str) -> str:
    keys = ["done", "in_progress", "not_started", "overdue"]
    names = [STATES["done"], STATES["in_progress"], STATES["not_started"], STATES["overdue"]]
    series = {
        str(name): [row[key] - (row["done_late"] if key == "done" else 0) for row in rows]
        for key, name in zip(keys, names, strict=True)
    }
    series[str(STATES["done_late"])] = [row["done_late"] for row in rows]
    order = [str(STATES[k]) for k in ("done", "done_late", "in_progress", "not_started", "overdue")]
    colors = ["#009E73", "#56B4E9", "#0072B2", "#999999", "#D55E00"]
    return charts.stacked_bars(
        [str(row[label_key]) for row in rows],
        {name: series[name] for name in order},
        title=title,
        colors=colors,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _need_viewer(request)
    plan, as_of = _plan(request), _as_of(request)
    context = {"plan": plan, "as_of": as_of, "plans": ReformPlan.objects.all()}
    if plan is not None:
        figures = selectors.progress(plan, as_of)
        agencies = [
            {**row, "name": row["agency"].short_name or row["agency"].name}
            for row in figures["by_agency"]
        ]
        context |= {
            "figures": figures,
            "objectives": plan.objectives.all(),
            "agencies": agencies,
            "area_chart": _chart(figures["by_area"], "label", _("Tasks by reform area")),
            "agency_chart": _chart(agencies, "name", _("Tasks by lead agency")),
        }
    context["manager"] = can(request.user, Action.REFORM_MANAGE)
    return render(request, "reform/dashboard.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _need_viewer(request)
    raw = request.GET.get("plan", "")
    plan = get_object_or_404(ReformPlan, pk=int(raw) if raw.isdigit() else 0)
    as_of = _as_of(request)
    response = HttpResponse(
        xlsx.export_progress(selectors.progress(plan, as_of)), content_type=XLSX_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="tien-do-cchc-{as_of}.xlsx"'
    return response


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _need_viewer(request)
    task = get_object_or_404(ReformTask.objects.select_related("plan", "lead", "objective"), pk=pk)
    mine = _reporting_agencies(request.user)
    involved = [task.lead, *task.coordinators.all()]
    reporters = involved if mine is None else [a for a in involved if a in mine]
    error = None
    if request.method == "POST":
        if not reporters:
            raise DjangoPermissionDenied
        agency = next((a for a in reporters if str(a.pk) == request.POST.get("agency")), None)
        try:
            if agency is None:
                raise DomainError(
                    _("Choose the reporting agency."),
                    code="required",
                    fields={"agency": [_("This field is required.")]},
                )
            services.report_progress(
                task,
                agency,
                reported_on=parse_day(request.POST.get("reported_on"), "reported_on"),
                status=request.POST.get("status", ""),
                percent=request.POST.get("percent", ""),
                evidence=request.POST.get("evidence", ""),
                note=request.POST.get("note", ""),
                evidence_file=request.FILES.get("evidence_file"),
                by=request.user,
            )
        except DomainError as err:
            error = err
        else:
            messages.success(request, _("The progress report is recorded."))
            return redirect("reform:task", pk=task.pk)
    today = timezone.localdate()
    state = selectors.state_of(task, list(task.reports.all()), today)
    return render(
        request,
        "reform/task.html",
        {
            "task": task,
            "state": state,
            "reports": task.reports.select_related("agency", "by").order_by("-reported_on", "-id"),
            "reporters": reporters,
            "statuses": ProgressReport.Status.choices,
            "values": request.POST if error else {},
            "today": today.isoformat(),
            "error": error,
        },
    )


@login_required
def unit_plans(request: HttpRequest) -> HttpResponse:
    _need_viewer(request)
    plan = _plan(request)
    if plan is None:
        return redirect("reform:dashboard")
    mine = _reporting_agencies(request.user)
    filing = [
        a
        for a in (mine if mine is not None else [])
        if a.level in services.UNIT_PLAN_LEVELS and not plan.unit_plans.filter(agency=a).exists()
    ]
    error = None
    if request.method == "POST":
        agency = next((a for a in filing if str(a.pk) == request.POST.get("agency")), None)
        if agency is None:
            raise DjangoPermissionDenied
        try:
            services.file_unit_plan(
                plan,
                agency,
                number=request.POST.get("number", ""),
                issued_on=parse_day(request.POST.get("issued_on"), "issued_on"),
                tasks=plan.tasks.filter(pk__in=request.POST.getlist("task")),
                by=request.user,
            )
        except DomainError as err:
            error = err
        else:
            messages.success(request, _("The unit plan is filed."))
            return redirect(f"{request.path}?plan={plan.pk}")
    involved = {a.pk: plan.tasks.filter(lead=a) | plan.tasks.filter(coordinators=a) for a in filing}
    return render(
        request,
        "reform/unit_plans.html",
        {
            "plan": plan,
            "units": selectors.unit_plans(plan),
            "filed": plan.unit_plans.select_related("agency").prefetch_related("tasks"),
            "filing": [(a, involved[a.pk].distinct()) for a in filing],
            "error": error,
        },
    )


@login_required
def import_tasks(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.REFORM_MANAGE):
        raise DjangoPermissionDenied
    error = None
    plans = ReformPlan.objects.all()
    if request.method == "POST":
        plan = plans.filter(pk=request.POST.get("plan") or 0).first()
        upload = request.FILES.get("file")
        try:
            if plan is None or upload is None:
                raise DomainError(
                    _("Choose the plan and the file."),
                    code="required",
                    fields={"file": [_("This field is required.")]},
                )
            made = xlsx.import_tasks(plan, upload.read())
        except DomainError as err:
            error = err
        else:
            messages.success(request, _("%(n)s tasks imported.") % {"n": made})
            return redirect(f"{reverse('reform:dashboard')}?plan={plan.pk}")
    return render(
        request,
        "reform/import.html",
        {"plans": plans, "columns": xlsx.COLUMNS, "error": error},
    )
