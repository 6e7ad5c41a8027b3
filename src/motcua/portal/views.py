from __future__ import annotations

import contextlib
import datetime as dt

from axes.helpers import get_client_ip_address
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.agencies import selectors as agency_selectors
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.portal import tracking
from motcua.portal.forms import AgencySearchForm, DueForm, ProcedureSearchForm, TrackForm
from motcua.workdays import selectors as calendar_selectors
from motcua.workdays.calendar import CalendarError, hhmm


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@require_GET
def due_date(request: HttpRequest) -> HttpResponse:
    """The appointment a slip would carry: a public calculator over the official calendar."""
    form = DueForm(request.GET or None)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        agency = data.get("agency")
        schedule = calendar_selectors.schedule_for_agency(agency.code) if agency else None
        cal = calendar_selectors.calendar(schedule=schedule or "default")
        received = data["received"]
        cutoff = hhmm(data["cutoff"]) if data.get("cutoff") else None
        try:
            if data["unit"] == "working_days":
                due = cal.add_working_days(received, data["amount"], cutoff=cutoff)
            elif data["unit"] == "hours":
                due = cal.add_working_hours(received, data["amount"], cutoff=cutoff)
            else:
                due = cal.add_calendar_days(received, int(data["amount"]))
            result = {
                "due": timezone.localtime(due),
                "counted_from": timezone.localtime(cal.next_working_moment(received)),
                "version": cal.version,
            }
        except CalendarError:
            form.add_error(None, _("The date is outside the working calendar."))
    return render(request, "portal/due_date.html", {"form": form, "result": result})


@require_GET
def agency_directory(request: HttpRequest) -> HttpResponse:
    form = AgencySearchForm(request.GET or None)
    agencies = agency_selectors.agencies()
    if form.is_valid():
        data = form.cleaned_data
        agencies = agency_selectors.agencies(
            level=data.get("level") or None, as_of=data.get("as_of")
        )
        if query := fold(data.get("q") or ""):
            # A few hundred agencies: folding in Python keeps one search rule for every database.
            agencies = [a for a in agencies if query in fold(a.name) or query in a.code]
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(request, "portal/agencies.html", {"form": form, "page": page})


PAGE_SIZE = 20


@require_GET
def procedures(request: HttpRequest) -> HttpResponse:
    """The public look-up: one search box and a few filters."""
    from motcua.catalog.search import search

    form = ProcedureSearchForm(request.GET or None)
    result, page_number = None, 1
    data = form.cleaned_data if form.is_valid() else {}
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    if not form.is_bound or form.is_valid():
        result = search(
            data.get("q", ""),
            on=data.get("as_of") or timezone.localdate(),
            scope=data.get("scope") or None,
            field=data["field"].pk if data.get("field") else None,
            level=data.get("level") or None,
            agency=data["agency"].code if data.get("agency") else None,
            online=data.get("online") or None,
            offset=(page_number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
    pages = (result.total + PAGE_SIZE - 1) // PAGE_SIZE if result else 0
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/procedures.html",
        {
            "form": form,
            "result": result,
            "page_number": page_number,
            "pages": pages,
            "query": query.urlencode(),
        },
    )


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    from motcua.catalog import selectors
    from motcua.catalog.models import Procedure, ProcedureVersion

    as_of = timezone.localdate()
    if raw := request.GET.get("as_of"):
        with contextlib.suppress(ValueError):
            as_of = dt.date.fromisoformat(raw)
    version = selectors.version_with_content(code, as_of)
    procedure = version.procedure if version else Procedure.objects.filter(code=code).first()
    if procedure is None:
        raise Http404
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "as_of": as_of,
            "history": selectors.history(procedure),
            "in_province_list": bool(version)
            and version.source == ProcedureVersion.Source.PROVINCE,
            "limits": version.time_limits.all() if version else [],
            "fees": version.fees.all() if version else [],
            "documents": version.documents.all() if version else [],
        },
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Tracking by code and second factor. The factor travels in a POST body, not in the
    address, so it stays out of browser history and server logs."""
    found, status = None, 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                found = tracking.track(
                    form.cleaned_data["ma"],
                    form.cleaned_data["xac_thuc"],
                    client=get_client_ip_address(request) or "-",
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status_code
        else:
            status = 400
    else:
        form = TrackForm(initial={"ma": request.GET.get("ma", "")})
    return render(request, "portal/track.html", {"form": form, "found": found}, status=status)
