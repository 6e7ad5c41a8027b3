from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.agencies import selectors as agency_selectors
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.search import search
from motcua.core.dates import read_day
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.dossiers import (
    digitization,
    journal,
    results,
    selectors,
    services,
    slips,
    transitions,
)
from motcua.dossiers.models import State
from motcua.portal import submission, tracking
from motcua.portal.forms import (
    AgencySearchForm,
    DraftForm,
    DueForm,
    FeedbackForm,
    ProcedureSearchForm,
    TrackForm,
    VerifyForm,
)
from motcua.quality import selectors as quality
from motcua.quality import services as quality_services
from motcua.quality.models import CRITERIA, Rating
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
            start = cal.counting_start(received, cutoff)
            result = {
                "due": timezone.localtime(due),
                "counted_from": timezone.localtime(start),
                # The cut-off moved the start to the next working day: say so.
                "after_cutoff": data["cutoff"].strftime("%H:%M")
                if start > cal.next_working_moment(received)
                else None,
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
    # htmx asks for the results only (the form stays as the person left it); a page restored
    # from history is asked for whole.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = render(
        request,
        "portal/_procedure_results.html" if partial else "portal/procedures.html",
        {
            "form": form,
            "result": result,
            "page_number": page_number,
            "pages": pages,
            "query": query.urlencode(),
        },
    )
    patch_vary_headers(response, ["HX-Request"])  # a page and its part are not one resource
    return response


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    as_of = read_day(request.GET.get("as_of")) or timezone.localdate()
    version = catalog.version_with_content(code, as_of)
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
            "history": catalog.history(procedure),
            "in_province_list": bool(version)
            and version.source == ProcedureVersion.Source.PROVINCE,
            "limits": version.time_limits.all() if version else [],
            "fees": version.fees.all() if version else [],
            "documents": version.documents.all() if version else [],
            "is_today": as_of == timezone.localdate(),
            "later_citations": version.later_citations() if version else [],
            "by_reference": catalog.by_reference(version),
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


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a result: upload its PDF (POST), or follow the QR code printed on it (GET
    with the dossier code and number). Nothing personal is shown beyond the document itself."""
    verdict, status, by_file = None, 200, False
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
    elif request.GET.get("ma") or request.GET.get("so"):
        form = VerifyForm(request.GET)
    else:
        form = VerifyForm()
    if form.is_bound:
        if form.is_valid():
            upload = form.cleaned_data.get("tep")
            by_file = upload is not None
            try:
                verdict = results.verify(
                    upload,
                    form.cleaned_data["ma"],
                    form.cleaned_data["so"],
                    client=get_client_ip_address(request) or "-",
                )
            except DomainError as error:
                form.add_error("tep" if "file" in error.fields else None, error.message)
                status = error.status_code
        else:
            status = 400
    context = {"form": form, "verdict": verdict, "by_file": by_file}
    return render(request, "portal/verify.html", context, status=status)


# --- online submission and the applicant's own dossiers ----------------------------------------


@require_http_methods(["GET", "POST"])  # GET: back from signing in
@login_required
def start_submission(request: HttpRequest, code: str) -> HttpResponse:
    """Open the applicant's draft for ``code`` (the same one again if it is still open)."""
    try:
        draft = submission.start(request.user, code)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal:procedure", code=code)
    return redirect("portal:draft", pk=draft.pk)


@require_http_methods(["GET", "POST"])
@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The online form: save as a draft, or submit."""
    try:
        current = submission.draft_of(request.user, pk)
    except DomainError as error:
        raise Http404 from error
    if current.dossier_id:
        return redirect("portal:dossier", code=current.dossier.code)
    if current.expired:
        return render(request, "portal/draft_expired.html", {"draft": current}, status=410)
    try:
        version = submission.online_version(current.procedure.code)
    except DomainError as error:
        return render(
            request, "portal/draft_expired.html", {"draft": current, "error": error}, status=409
        )
    chosen = {f.document_id: f for f in current.files.all()}
    # The papers of the applicant's data store that answer each required document.
    store = digitization.reusable(version.documents.all(), owner=request.user)
    initial = {
        **current.applicant,
        "agency": current.agency,
        # Partial online service: the result is usually collected at the desk (§3.1).
        "result_delivery": current.result_delivery
        or ("direct" if version.online == "partial" else "online"),
    }
    form = DraftForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        version=version,
        store=store,
        files_chosen=chosen,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            applicant = services.Applicant(
                name=data["name"],
                kind=data["kind"],
                id_number=data["id_number"].strip(),
                phone=data["phone"].strip(),
                email=data["email"],
                address=data["address"],
                representative_name=data["representative_name"],
            )
            try:
                submission.save(
                    request.user,
                    pk,
                    agency=data["agency"],
                    applicant=applicant,
                    result_delivery=data["result_delivery"],
                    uploads=form.uploads(),
                    reuse=form.reuse(),
                    remove={int(v) for v in request.POST.getlist("remove") if v.isdigit()},
                )
                if "submit" not in request.POST:
                    messages.success(request, _("Draft saved. You can come back to it later."))
                    return redirect("portal:draft", pk=pk)
                dossier = submission.submit(request.user, pk)
            except DomainError as error:
                for name, errors in error.fields.items():
                    if name in form.fields:
                        for message in errors:
                            form.add_error(name, message)
                form.add_error(None, error.message)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("Your dossier is submitted. Its code is %(code)s.") % {"code": dossier.code},
                )
                return redirect("portal:dossier", code=dossier.code)
        else:
            status = 400
        chosen = {f.document_id: f for f in current.files.all()}
        for item in form.documents:
            item["chosen"] = chosen.get(item["document"].pk)
    return render(
        request,
        "portal/draft.html",
        {"draft": current, "version": version, "form": form},
        status=status,
    )


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The applicant's dossiers and open drafts."""
    dossiers = selectors.with_related(
        selectors.visible_to(request.user).filter(owner=request.user)
    ).order_by("-id")
    page = Paginator(dossiers, 25).get_page(request.GET.get("page"))
    drafts = list(request.user.drafts.filter(dossier__isnull=True).select_related("procedure"))
    today = timezone.localdate()
    named = [(d, catalog.version_in_force(d.procedure, today)) for d in drafts]
    return render(request, "portal/mine.html", {"page": page, "drafts": named})


@require_GET
@login_required
def data_store(request: HttpRequest) -> HttpResponse:
    """The applicant's data store (§3.4): results issued to them and the documents of their
    dossiers already in electronic form, each reusable in a new submission."""
    copies = digitization.data_store(request.user).select_related("dossier__version", "signed")
    page = Paginator(copies, 50).get_page(request.GET.get("page"))
    return render(request, "portal/data_store.html", {"page": page, "today": timezone.localdate()})


@require_GET
@login_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """One of the applicant's dossiers: status, appointment, the whole timeline, the files."""
    try:
        dossier = selectors.dossier_for(request.user, code)
    except DomainError as error:
        raise Http404 from error
    events = [
        {"event": e, "label": journal.MEANINGS.get(e.action, e.action)}
        for e in dossier.events.all()
    ]
    files = list(dossier.scans.select_related("signed"))
    rated = quality.rating_of(dossier)
    return render(
        request,
        "portal/my_dossier.html",
        {
            "dossier": dossier,
            "later_citations": dossier.version.later_citations(),
            "events": events,
            "documents": [f for f in files if f.kind != f.Kind.RESULT],
            "results": [f for f in files if f.kind == f.Kind.RESULT],
            "can_rate": rated is None and dossier.state in quality.RATEABLE,
            "asked": _asked_in(dossier) if dossier.state == State.SUPPLEMENT else [],
            "can_stop": "request_stop" in transitions.allowed(dossier.state),
            "scores": Rating.Score.choices,
            "rated": rated,
            "slips": slips.titled(
                [
                    k
                    for k in slips.available(dossier)
                    if k in ("receipt", "supplement", "refusal", "apology", "stop")
                ]
            ),
        },
    )


@require_POST
@login_required
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant uploads the papers the desk asked for."""
    asked = _asked(request, code)
    papers = []
    for index, item in enumerate(asked):
        upload = request.FILES.get(f"paper_{index}")
        if upload is not None:
            data = upload.read(settings.DOSSIER_MAX_UPLOAD_MB * 1024 * 1024 + 1)
            papers.append((item, upload.name, data))
    try:
        services.supplement_online(code, request.user, papers)
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The papers are sent; the desk checks them."))
    return redirect("portal:dossier", code=code)


@require_POST
@login_required
def request_stop(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant asks to stop (§2.7): the desk issues the stop notice or declines."""
    try:
        services.act(
            code, "request_stop", applicant=request.user, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request to stop is sent to the desk."))
    return redirect("portal:dossier", code=code)


def _asked(request: HttpRequest, code: str) -> list[str]:
    """What the last supplement request listed, for the applicant's own dossier."""
    try:
        return _asked_in(selectors.dossier_for(request.user, code))
    except DomainError as error:
        raise Http404 from error


def _asked_in(dossier) -> list[str]:
    events = [e for e in dossier.events.all() if e.action in ("request_supplement", "receive")]
    return list(events[-1].data.get("missing") or []) if events else []


@require_POST
@login_required
def rate(request: HttpRequest, code: str) -> HttpResponse:
    try:
        quality_services.rate(
            request.user,
            code,
            score=request.POST.get("score", ""),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as error:
        if error.status_code == 404:
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("portal:dossier", code=code)


@require_GET
@login_required
def my_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    try:
        dossier = selectors.dossier_for(request.user, code)
    except DomainError as error:
        raise Http404 from error
    copy = dossier.scans.filter(pk=pk).first()
    if copy is None:
        raise Http404
    return FileResponse(
        copy.file.open("rb"), as_attachment=True, filename=copy.name, content_type=copy.content_type
    )


@require_GET
@login_required
def my_slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    try:
        dossier = selectors.dossier_for(request.user, code)
        document = slips.render(dossier, kind)
    except DomainError as error:
        raise Http404 from error
    response = HttpResponse(document.pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


# --- feedback and petitions ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def feedback_new(request: HttpRequest) -> HttpResponse:
    initial = {
        "procedure_code": request.GET.get("thu_tuc", ""),
        "dossier_code": request.GET.get("ma", ""),
    }
    if request.user.is_authenticated:
        initial |= {
            "name": request.user.full_name,
            "email": request.user.email,
            "phone": request.user.phone,
        }
    form = FeedbackForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item = quality_services.file(
                    quality_services.Filing(**form.cleaned_data), owner=request.user
                )
            except DomainError as error:
                for name, errors in error.fields.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
                status = error.status_code
            else:
                return redirect("portal:feedback", token=item.token)
        else:
            status = 400
    return render(request, "portal/feedback_new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def feedback_status(request: HttpRequest, token: str) -> HttpResponse:
    """The filer's page (the link is their key): the answer when it comes, and its rating."""
    try:
        item = quality.by_token(token)
    except DomainError as error:
        raise Http404 from error
    if request.method == "POST":
        try:
            item = quality_services.rate_answer(token, request.POST.get("score", ""))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you for your rating."))
        return redirect("portal:feedback", token=token)
    return render(
        request,
        "portal/feedback_status.html",
        {"item": item, "scores": Rating.Score.choices},
    )


@require_GET
@login_required
def feedback_inbox(request: HttpRequest) -> HttpResponse:
    items = quality.inbox(request.user)
    if request.GET.get("tab") != "all":
        items = items.filter(answered_at__isnull=True).order_by("due_at")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    scope = quality.agencies_answering(request.user)
    stats = (
        None
        if scope == []
        else quality.statistics(today.replace(month=1, day=1), today, agencies=scope)
    )
    return render(
        request,
        "portal/feedback_inbox.html",
        {"page": page, "tab": request.GET.get("tab", ""), "year": today.year, "stats": stats},
    )


@require_http_methods(["GET", "POST"])
@login_required
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = quality.inbox(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    error = None
    if request.method == "POST":
        try:
            quality_services.answer(pk, request.user, request.POST.get("answer", ""))
        except DomainError as err:
            error = err
        else:
            messages.success(request, _("The answer is sent."))
            return redirect("portal:feedback-inbox")
    return render(
        request,
        "portal/feedback_answer.html",
        {"item": item, "error": error},
        status=error.status_code if error else 200,
    )


@require_GET
def evaluations(request: HttpRequest) -> HttpResponse:
    """The agencies' quarterly evaluation and their applicants' ratings, for everyone to see."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
        quarter = int(request.GET.get("quy", (today.month - 1) // 3 + 1))
        if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
            raise ValueError
    except ValueError:
        year, quarter = today.year, (today.month - 1) // 3 + 1
    return render(
        request,
        "portal/evaluations.html",
        {
            "year": year,
            "quarter": quarter,
            "rows": quality.board(year, quarter),
            "criteria": CRITERIA,
        },
    )
