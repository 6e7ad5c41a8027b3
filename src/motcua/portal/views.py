from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.agencies import selectors as agency_selectors
from motcua.core.text import fold
from motcua.portal.forms import AgencySearchForm, DueForm
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
