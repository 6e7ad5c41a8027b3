"""Report pages: the leaders' dashboard (the reporting form's figures for a period, late
dossiers by agency, the trend by month, the month's indicator scores, the reform plan) and the
public statistics page. Every chart sits beside the table of its numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.permissions import Action, can
from motcua.agencies.models import Agency
from motcua.core import charts
from motcua.core.xlsx import XLSX_TYPE
from motcua.reform import selectors as reform
from motcua.reports import indicators, periods, statistics, xlsx


def _period(request: HttpRequest) -> tuple[periods.Period, str, bool, str | None]:
    today = timezone.localdate()
    key = request.GET.get("period", "").strip() or str(statistics.year_with_data(today))
    cutoff = request.GET.get("cutoff") == "1"
    try:
        return periods.parse(key, cutoff=cutoff), key, cutoff, None
    except ValueError:
        return (
            periods.calendar_period(str(today.year)),
            str(today.year),
            False,
            _("Write the period as 2023, 2023-H1, 2023-Q2 or 2023-06."),
        )


def _share(part: int, whole: int) -> str:
    """A percentage as Vietnamese writes it: "91,4"."""
    return f"{part * 100 / whole:.1f}".replace(".", ",") if whole else "–"


# The reporting form's rows (domain/README.md §8.5): label, count, whether it details the row
# above.
FORM = [
    (gettext_lazy("Carried over from the previous period"), "carried_over", False),
    (gettext_lazy("Received in the period"), "received", False),
    (gettext_lazy("at the counter"), "received_direct", True),
    (gettext_lazy("online"), "received_online", True),
    (gettext_lazy("by post"), "received_post", True),
    (gettext_lazy("Resolved"), "resolved", False),
    (gettext_lazy("before the appointment"), "resolved_early", True),
    (gettext_lazy("on time"), "resolved_on_time", True),
    (gettext_lazy("late"), "resolved_late", True),
    (gettext_lazy("In progress at the end"), "in_progress", False),
    (gettext_lazy("within time"), "in_progress_on_time", True),
    (gettext_lazy("overdue"), "in_progress_overdue", True),
    (gettext_lazy("Refused at reception"), "refused", False),
    (gettext_lazy("Withdrawn (stopped)"), "withdrawn", False),
    (gettext_lazy("Results returned"), "returned", False),
    (gettext_lazy("Online, full process"), "online_full", False),
    (gettext_lazy("Online, partial"), "online_partial", False),
    (gettext_lazy("Paid online"), "paid_online", False),
    (gettext_lazy("Digitized on receipt"), "digitized", False),
    (gettext_lazy("Reusing digitized data"), "reused", False),
]
LABELS = {name: label for label, name, _detail in FORM} | {
    "paid": gettext_lazy("Paid (any way)"),
    "rated_unsatisfied": gettext_lazy("Received, rated unsatisfied"),
    "duties_sync": gettext_lazy("Synchronisation duties due"),
    "duties_sync_on_time": gettext_lazy("Synchronisation duties done on time"),
    "duties_configure": gettext_lazy("Electronic-process configuration duties due"),
    "duties_configure_on_time": gettext_lazy(
        "Electronic-process configuration duties done on time"
    ),
    "versions_in_force": gettext_lazy("Province's procedures in force at the end"),
    "versions_complete": gettext_lazy(
        "Province's procedures in force with documents, time limit, steps and result"
    ),
    "feedback": gettext_lazy("Feedback received"),
    "feedback_on_time": gettext_lazy("Feedback answered on time (or within time)"),
    "feedback_satisfied": gettext_lazy("Feedback without an unsatisfied rating or a late answer"),
    "received_full": gettext_lazy("Received, of full-process online procedures"),
    "e_result": gettext_lazy("Resolved, with an electronic result"),
    "shared": gettext_lazy("Received, reusing stored copies or with an electronic result"),
}


def form_rows(counts: dict) -> list[tuple[str, str, int, bool, bool]]:
    """Label, count name, number, whether it details the row above, whether the dossiers
    behind it can be listed."""
    names = set(statistics.drill_names())
    return [(label, name, counts[name], detail, name in names) for label, name, detail in FORM]


def _trend(period: periods.Period) -> tuple[list[dict], str]:
    """Received, resolved and late by calendar month over the period."""
    rows = statistics.monthly(period)
    chart = charts.grouped_bars(
        [r["month"] for r in rows],
        {
            _("Received"): [r["received"] for r in rows],
            _("Resolved"): [r["resolved"] for r in rows],
            _("Resolved late"): [r["late"] for r in rows],
        },
        title=_("Dossiers by month"),
        colors=["#56B4E9", "#009E73", "#D55E00"],
    )
    return rows, chart


CHART_AGENCIES = 15  # a bar chart of more agencies is not read; the table lists them all


def _by_agency(period: periods.Period) -> tuple[list[dict], str]:
    counts = statistics.by_agency(period)
    names = {a.pk: a for a in Agency.objects.filter(pk__in=counts)}
    rows = []
    for pk, n in counts.items():
        if n["resolved"]:
            on_time = n["resolved"] - n["resolved_late"]
            rows.append(
                {
                    "agency": names[pk],
                    "resolved": n["resolved"],
                    "late": n["resolved_late"],
                    "on_time": on_time,
                    "share": _share(on_time, n["resolved"]),
                }
            )
    rows.sort(key=lambda r: (-r["late"], -r["resolved"], r["agency"].code))
    shown = rows[:CHART_AGENCIES]
    chart = charts.stacked_bars(
        [r["agency"].short_name or r["agency"].name for r in shown],
        {_("On time"): [r["on_time"] for r in shown], _("Late"): [r["late"] for r in shown]},
        title=_("Resolved dossiers by agency (the %(n)s with the most late)") % {"n": len(shown)},
        colors=["#009E73", "#D55E00"],
    )
    return rows, chart


def _context(request: HttpRequest) -> dict:
    period, key, cutoff, error = _period(request)
    counts = statistics.dossier_statistics(period)
    on_time = counts["resolved"] - counts["resolved_late"]
    trend, trend_chart = _trend(period)
    return {
        "period": period,
        "key": key,
        "cutoff": cutoff,
        "error": error,
        "counts": counts,
        "rows": form_rows(counts),
        "on_time_rate": _share(on_time, counts["resolved"]),
        "online_rate": _share(counts["received_online"], counts["received"]),
        "trend": trend,
        "trend_chart": trend_chart,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.REPORTS_VIEW):
        raise DjangoPermissionDenied
    # By agency first: the province's counts of the form are then taken from its grouped read.
    agencies, agency_chart = _by_agency(_period(request)[0])
    context = _context(request)
    period = context["period"]
    month = min(period.end, timezone.localdate()).strftime("%Y-%m")
    plan = reform.plan_of_year(period.end.year)
    context |= {
        "agencies": agencies,
        "agency_chart": agency_chart,
        "month": month,
        "drill": True,
        # The ranking first: the province's scorecard is then taken from its grouped counts.
        "ranking": indicators.ranking(month),
        "scorecard": indicators.scorecard(month),
        "reform": reform.progress(plan, min(period.end, timezone.localdate())) if plan else None,
        "columns": [_("agency"), _("resolved"), _("late"), _("on time (%)")],
    }
    return render(request, "reports/dashboard.html", context)


def public_xlsx(request: HttpRequest) -> HttpResponse:
    """The reporting form's table for the period, one row per agency, as a spreadsheet."""
    period, key, _cutoff, _error = _period(request)
    response = HttpResponse(xlsx.form_workbook(period), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="thong-ke-ho-so-{key}.xlsx"'
    return response


def public(request: HttpRequest) -> HttpResponse:
    """The province's statistics for everyone: no names, no codes of dossiers."""
    return render(request, "reports/public.html", _context(request))


@login_required
def behind(request: HttpRequest) -> HttpResponse:
    """What a figure of the dashboard is made of, by the same conditions it counts: its dossiers
    (one count, or the parts of an indicator), grouped by procedure when the figure counts
    procedures (``by=procedure``), the feedback behind indicators 5.2 and 5.3, or the follow-up
    duties and procedure versions behind 1.1–1.3 — for the period and, optionally, one
    agency."""
    if not can(request.user, Action.REPORTS_VIEW):
        raise DjangoPermissionDenied
    period, key, cutoff, error = _period(request)
    names = request.GET.getlist("count")
    by_procedure = request.GET.get("by") == "procedure"
    feedback = bool(names) and set(names) <= set(indicators.FEEDBACK_NAMES)
    catalog = len(names) == 1 and names[0] in indicators.CATALOG_NAMES
    known = set(statistics.drill_names())
    agency_code = request.GET.get("agency", "").strip()
    agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
    procedure = request.GET.get("procedure", "").strip()[:40]
    if error is None and not (feedback or catalog) and (not names or not set(names) <= known):
        error = _("Choose a figure of the report to list its dossiers.")
    if error is None and agency_code and agency is None:
        error = _("No agency has the code %(code)s.") % {"code": agency_code[:40]}
    context = {"period": period, "key": key, "cutoff": cutoff, "error": error, "agency": agency}
    if error is not None:
        return render(request, "reports/behind.html", context, status=400)
    if catalog and names[0].startswith("duties_"):
        listed = "duties"
        rows = (
            indicators.catalog_behind(names[0], period)
            .select_related("decision")
            .order_by("due_at", "pk")
        )
    elif catalog:
        listed = "versions"
        rows = (
            indicators.catalog_behind(names[0], period)
            .select_related("procedure")
            .order_by("procedure__code")
        )
    elif feedback:
        listed = "feedback"
        rows = (
            indicators.feedback_behind(names, period, agency)
            .select_related("agency")
            .order_by("received_at", "pk")
        )
    else:
        scope = statistics.Scope(agency=agency, procedure_code=procedure)
        dossiers = statistics.dossiers_behind(names, period, scope)
        if by_procedure:
            listed = "procedures"
            rows = (
                dossiers.values("procedure__code")
                .annotate(n=Count("pk"), name=Max("version__name"))
                .order_by("procedure__code")
            )
        else:
            listed = "dossiers"
            rows = dossiers.select_related("version", "deciding_agency").order_by(
                "received_at", "pk"
            )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    each = query.copy()  # a procedure's row lists its dossiers
    each.pop("by", None)
    context |= {
        "labels": [LABELS.get(name, name) for name in names],
        "listed": listed,
        "page": page,
        "query": query.urlencode(),
        "each_query": each.urlencode(),
        "procedure": procedure,
    }
    return render(request, "reports/behind.html", context)
