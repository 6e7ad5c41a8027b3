"""The officer's pages of the one-stop shop: queues, counter receipt, a dossier and its actions."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import agencies_for, can
from motcua.agencies.models import Agency, StaffRole
from motcua.catalog import search as catalog_search
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure
from motcua.catalog.parsing import CODE
from motcua.core.errors import DomainError, NotFound
from motcua.core.xlsx import XLSX_TYPE
from motcua.dossiers import (
    book,
    digitization,
    journal,
    ocr,
    results,
    selectors,
    services,
    slips,
    transitions,
)
from motcua.dossiers.forms import ActionForm, BookForm, ProcedurePickForm, ReceiptForm, lines
from motcua.dossiers.models import DigitizedCopy, Dossier, ReadField

APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "id_number",
    "phone",
    "email",
    "address",
    "representative_name",
)

# What each action asks for on the page (the service checks the values).
ACTION_FIELDS = {
    "request_supplement": ["missing"],
    "refuse": ["reason"],
    "request_stop": ["reason"],
    "decline_stop": ["reason"],
    "send_back": ["note"],
    "transfer": ["agency", "days", "note"],
    "request_payment": ["amount", "note"],
    "confirm_payment": ["paid"],  # taken at the desk: the payments app records and receipts it
    "record_result": ["number", "signer", "date", "summary", "electronic"],
    "apologize": ["new_due", "reason"],
    "approve_extension": ["note"],
    "reject_extension": ["reason"],
    "assign": ["assignee"],
}


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab", "todo")
    now = timezone.now()
    q = request.GET.get("q", "").strip()
    if q:
        qs = selectors.search(selectors.visible_to(request.user), q=q)
    elif tab == "all":  # newest first, found by index (selectors.newest)
        qs = Dossier.objects.filter(id__in=selectors.newest(request.user, 200))
    else:
        queue = tab if tab in selectors.QUEUES else "todo"
        qs = selectors.in_queue(selectors.visible_to(request.user), request.user, queue, now=now)
    ordering = ("-id",) if tab == "all" or q else ("due_at", "id")
    dossiers = list(selectors.with_related(qs).order_by(*ordering)[:200])
    return render(
        request,
        "dossiers/queue.html",
        {
            "dossiers": dossiers,
            "tab": tab,
            "q": q,
            "now": now,
            "can_receive": can(request.user, Perm.DOSSIER_RECEIVE),
        },
    )


def _own_desk(user) -> Agency | None:
    desks = agencies_for(user, Perm.DOSSIER_RECEIVE)
    if desks is None:
        role = StaffRole.objects.select_related("agency").first()
        return role.agency if role else Agency.objects.order_by("code").first()
    return Agency.objects.filter(pk__in=desks).order_by("code").first()


def _desk_matches(words: str, desk: Agency, today) -> list:
    """The procedures of the province's list the desk receives that match ``words`` (those of
    the whole list when the desk is named on none)."""
    found = catalog_search.search(
        words, on=today, scope="province", agency=desk.code, limit=10
    ).versions
    return found or catalog_search.search(words, on=today, scope="province", limit=10).versions


@login_required
def receive(request: HttpRequest) -> HttpResponse:
    """Counter receipt: pick the procedure, enter the applicant, tick the documents, decide."""
    desk = _own_desk(request.user)
    if desk is None or not can(request.user, Perm.DOSSIER_RECEIVE, desk):
        raise DomainError(
            _("You are not a one-stop officer of any agency."), code="not_allowed", status=403
        )
    today = timezone.localdate()
    code = (request.POST.get("procedure") or request.GET.get("thu_tuc") or "").strip()[:200]
    pick = ProcedurePickForm(initial={"thu_tuc": code})
    version = None
    matches: list = []
    if code and not CODE.match(code):
        # Words of a name: the desk's procedures that match, to choose from (one: chosen).
        matches = _desk_matches(code, desk, today)
        code = matches[0].procedure.code if len(matches) == 1 else ""
    if code:
        procedure = Procedure.objects.filter(code=code).first()
        version = catalog.province_version(procedure, today) if procedure else None
        if version is None:
            pick = ProcedurePickForm(data={"thu_tuc": code})
            pick.is_valid()
            pick.add_error(
                "thu_tuc",
                _("No procedure %(code)s is in force in the province today.") % {"code": code},
            )
    documents = list(version.documents.all()) if version else []
    form = ReceiptForm(
        request.POST or None,
        desk=desk,
        version=version,
        initial={
            "procedure": code,
            "deciding_agency": (version.agencies.first() if version else None) or desk,
            "channel": "direct",
            "result_delivery": "direct",
            "outcome": "accept",
            "applicant_kind": "person",
        },
    )
    error = None
    if request.method == "POST" and version is not None and form.is_valid():
        data = form.cleaned_data
        handed = [
            services.Handed(
                required_id=d.pk,
                originals=_count(request.POST.get(f"originals_{d.pk}")),
                copies=_count(request.POST.get(f"copies_{d.pk}")),
            )
            for d in documents
            if request.POST.get(f"doc_{d.pk}")
        ]
        try:
            dossier = services.receive(
                procedure_code=code,
                deciding_agency=data["deciding_agency"],
                receiving_agency=desk,
                channel=data["channel"],
                applicant=services.Applicant(
                    name=data["applicant_name"],
                    kind=data["applicant_kind"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    representative_name=data["representative_name"],
                ),
                documents=handed,
                outcome=services.Outcome(data["outcome"], lines(data["missing"]), data["reason"]),
                user=request.user,
                result_delivery=data["result_delivery"],
            )
        except DomainError as err:
            error = err
        else:
            return redirect("dossiers:detail", code=dossier.code)
    # The picker asks the catalog search for the desk's procedures as the officer types.
    pick.fields["thu_tuc"].widget.attrs.update(
        {"data-suggest": reverse("api:procedure-list"), "data-agency": desk.code}
    )
    return render(
        request,
        "dossiers/receive.html",
        {
            "pick": pick,
            "matches": matches if version is None else [],
            "form": form,
            "version": version,
            "documents": documents,
            "checked": {d.pk for d in documents if request.POST.get(f"doc_{d.pk}")},
            "applicant_fields": [form[name] for name in APPLICANT_FIELDS],
            "processing_fields": [
                form[name] for name in ("deciding_agency", "channel", "result_delivery")
            ],
            "desk": desk,
            "error": error,
        },
        status=error.status_code if error else (400 if request.method == "POST" else 200),
    )


def _count(value: str | None) -> int:
    try:
        return max(0, min(99, int(value or 0)))
    except ValueError:
        return 0


def _load(request: HttpRequest, code: str) -> Dossier:
    return selectors.dossier_for(request.user, code)


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _load(request, code)
    error = None
    if request.method == "POST":
        form = ActionForm(request.POST)
        if form.is_valid():
            try:
                services.act(
                    code,
                    form.cleaned_data["action"],
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    **form.params(),
                )
            except DomainError as err:
                error = err
            else:
                return redirect("dossiers:detail", code=code)
        else:
            error = DomainError(_("Check the values entered."), code="invalid")
        dossier = _load(request, code)
    return render(
        request,
        "dossiers/detail.html",
        _detail_context(request, dossier, error),
        status=error.status_code if error else 200,
    )


def _detail_context(request: HttpRequest, dossier: Dossier, error) -> dict:
    actions = []
    waiting = dossier.extension_requested_due is not None
    for action in transitions.allowed(dossier.state, extension_requested=waiting):
        move = transitions.TABLE[(dossier.state, action)]
        if can(request.user, move.permission, services.acting_agency(dossier, move.permission)):
            actions.append({"name": action, "fields": ACTION_FIELDS.get(action, [])})
    specialists = (
        get_user_model()
        .objects.filter(
            staff_roles__agency=dossier.holder, staff_roles__role__in=["specialist", "unit_leader"]
        )
        .distinct()
    )
    can_digitize = can(request.user, Perm.DOSSIER_RECEIVE, dossier.receiving_agency)
    return {
        "dossier": dossier,
        "later_citations": dossier.version.later_citations(),
        "actions": actions,
        "slips": slips.titled(slips.available(dossier)),
        "journal": [
            (e, journal.OFFICE_MEANINGS.get(e.action, e.action)) for e in dossier.events.all()
        ],
        "can_digitize": can_digitize,
        "can_revoke": can(request.user, Perm.DOSSIER_RECORD_RESULT, dossier.deciding_agency),
        "result_scans": list(dossier.scans.filter(kind="result").select_related("signed")),
        "read_fields": _read_fields(dossier),
        "stored": _stored_papers(dossier) if can_digitize else {},
        # Copies still being read: the list of documents refreshes itself until they are.
        "reading": any(s.ocr_state in ("queued", "running") for s in dossier.scans.all()),
        "error": error,
        "specialists": specialists,
        "agencies": Agency.objects.valid_on(timezone.localdate()).order_by("code"),
        "labels": ACTION_LABELS,
        "now": timezone.now(),
        "fee": selectors.fee_of(dossier),
        "amount_due": next(
            (
                e.data.get("amount")
                for e in reversed(list(dossier.events.all()))
                if e.action == "request_payment"
            ),
            None,
        ),
    }


ACTION_LABELS = {
    "accept": gettext_lazy("Receive (complete)"),
    "request_supplement": gettext_lazy("Ask for more papers"),
    "refuse": gettext_lazy("Refuse"),
    "hand_over": gettext_lazy("Hand over to the deciding agency"),
    "assign": gettext_lazy("Assign"),
    "forward": gettext_lazy("Forward to the next step"),
    "send_back": gettext_lazy("Send back a step"),
    "transfer": gettext_lazy("Transfer to another agency"),
    "request_payment": gettext_lazy("Ask for the fee"),
    "supplement": gettext_lazy("Papers supplied"),
    "confirm_payment": gettext_lazy("Fee paid"),
    "record_result": gettext_lazy("Record the result"),
    "apologize": gettext_lazy("Apologize and reschedule"),
    "approve_extension": gettext_lazy("Approve the extension"),
    "reject_extension": gettext_lazy("Refuse the extension"),
    "return_result": gettext_lazy("Return the result"),
    "request_stop": gettext_lazy("Applicant asks to stop"),
    "stop": gettext_lazy("Stop (issue the stop notice)"),
    "decline_stop": gettext_lazy("Refuse to stop"),
}


@login_required
def slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    dossier = _load(request, code)
    document = slips.render(dossier, kind)
    response = HttpResponse(document.pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@login_required
def digitize(request: HttpRequest, code: str) -> HttpResponse:
    """Scan a paper handed in (or the result) from the dossier page."""
    dossier = _load(request, code)
    upload = request.FILES.get("file")
    error = None
    try:
        if request.method != "POST" or upload is None:
            raise DomainError(
                _("Choose the scanned file."), code="invalid", fields={"file": [_("Required.")]}
            )
        digitization.check_size(upload.size or 0)
        digitization.digitize(
            code,
            data=upload.read(),
            name=upload.name or "",
            pages=int(request.POST.get("pages") or 0),
            document_id=int(request.POST["document"]) if request.POST.get("document") else None,
            user=request.user,
        )
    except (DomainError, ValueError) as err:
        error = err if isinstance(err, DomainError) else DomainError(str(err), code="invalid")
    if error is None:
        return redirect("dossiers:detail", code=code)
    dossier = _load(request, code)
    return render(
        request,
        "dossiers/detail.html",
        _detail_context(request, dossier, error),
        status=error.status_code,
    )


@login_required
def scan_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    dossier = _load(request, code)
    scan = dossier.scans.filter(pk=pk).first()
    if scan is None:
        raise NotFound(_("This dossier has no such scan."), code="not_found")
    return FileResponse(scan.file.open("rb"), content_type=scan.content_type, filename=scan.name)


def _stored_papers(dossier: Dossier) -> dict[int, list]:
    """For each document handed in and not digitized yet, the applicant's stored papers of its
    kind (from earlier dossiers): the officer takes one instead of scanning the paper again."""
    waiting = [d for d in dossier.documents.all() if not d.scans.all()]
    if not waiting or not (dossier.owner_id or dossier.id_number):
        return {}
    found = digitization.reusable(waiting, owner=dossier.owner, id_number=dossier.id_number)
    return {
        pk: [c for c in copies if c.dossier_id != dossier.pk][:3]
        for pk, copies in found.items()
        if any(c.dossier_id != dossier.pk for c in copies)
    }


@login_required
def reuse_stored(request: HttpRequest, code: str) -> HttpResponse:
    """The officer takes a document from the applicant's data store (POST)."""
    if request.method != "POST":
        return redirect("dossiers:detail", code=code)
    _load(request, code)
    try:
        digitization.reuse_stored(
            code,
            _int(request.POST.get("document")),
            _int(request.POST.get("source")),
            user=request.user,
        )
    except DomainError as error:
        context = _detail_context(request, _load(request, code), error)
        return render(request, "dossiers/detail.html", context, status=error.status_code)
    return redirect(f"{reverse('dossiers:detail', args=[code])}#documents")


@login_required
def revoke_result(request: HttpRequest, code: str) -> HttpResponse:
    """The deciding agency's leader revokes the electronic result (POST, with the reason)."""
    if request.method != "POST":
        return redirect("dossiers:detail", code=code)
    _load(request, code)
    try:
        results.revoke(code, user=request.user, reason=request.POST.get("reason", "")[:2000])
    except DomainError as error:
        context = _detail_context(request, _load(request, code), error)
        return render(request, "dossiers/detail.html", context, status=error.status_code)
    return redirect(f"{reverse('dossiers:detail', args=[code])}#documents")


def _int(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else 0


def _read_fields(dossier: Dossier) -> list[dict]:
    """The values read from the dossier's copies, grouped by copy, for the officer's word."""
    by_copy: dict[int, dict] = {}
    rows = ReadField.objects.filter(copy__dossier=dossier).select_related("copy__document")
    for field in rows.order_by("copy_id", "id"):
        entry = by_copy.setdefault(field.copy_id, {"copy": field.copy, "fields": []})
        entry["fields"].append(field)
    for entry in by_copy.values():
        entry["open"] = any(f.state == ReadField.State.PROPOSED for f in entry["fields"])
    return list(by_copy.values())


@login_required
def confirm_read(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The officer confirms, corrects or rejects the values read from copy ``pk``."""
    if request.method != "POST":
        return redirect("dossiers:detail", code=code)
    dossier = _load(request, code)
    names = list(
        ReadField.objects.filter(copy_id=pk, copy__dossier=dossier, state="proposed").values_list(
            "name", flat=True
        )
    )
    decisions = {
        name: None if request.POST.get(f"reject-{name}") else request.POST.get(f"value-{name}", "")
        for name in names
    }
    try:
        digitization.confirm_fields(code, pk, decisions, user=request.user)
    except DomainError as error:
        context = _detail_context(request, _load(request, code), error)
        return render(request, "dossiers/detail.html", context, status=error.status_code)
    return redirect(f"{reverse('dossiers:detail', args=[code])}#read-fields")


@login_required
def searchable_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The searchable PDF made from a copy (its text layer read by OCR)."""
    dossier = _load(request, code)
    scan = dossier.scans.filter(pk=pk).exclude(searchable="").first()
    if scan is None:
        raise NotFound(_("This copy has no searchable PDF (yet)."), code="not_found")
    return FileResponse(
        scan.searchable.open("rb"),
        content_type="application/pdf",
        filename=f"{Path(scan.name).stem}-tim-kiem.pdf",
    )


TEXT_RESULTS = 50


@login_required
def texts(request: HttpRequest) -> HttpResponse:
    """Search the text of every digitized document the officer may see (read by OCR, or the
    text of a file submitted online), newest first, each with the passage that matched."""
    q = request.GET.get("q", "").strip()[:200]
    code = request.GET.get("ho_so", "").strip()[:40]
    found = []
    if q:
        dossiers = selectors.visible_to(request.user)
        if code:  # one dossier's documents (the search box of its page)
            dossiers = dossiers.filter(code=code)
        copies = ocr.search(DigitizedCopy.objects.filter(dossier__in=dossiers), q)
        for copy in copies.select_related("dossier", "document").order_by("-id")[:TEXT_RESULTS]:
            found.append({"copy": copy, "snippet": ocr.snippet(copy, q)})
    return render(
        request,
        "dossiers/texts.html",
        {"q": q, "code": code, "found": found, "limit": TEXT_RESULTS},
    )


@login_required
def tracking_book(request: HttpRequest) -> HttpResponse:
    """The tracking book of a desk for a period, shown and exported (XLSX, PDF)."""
    desks = agencies_for(request.user, Perm.DOSSIER_VIEW)
    agencies = Agency.objects.order_by("code")
    if desks is not None:
        agencies = agencies.filter(pk__in=desks)
    form = BookForm(request.GET or None, agencies=agencies)
    if not form.is_valid():
        return render(request, "dossiers/book_page.html", {"form": form, "book": None})
    data = form.cleaned_data
    result = book.build(data["agency"], data["start"], data["end"])
    name = f"so-theo-doi-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    if data["format"] == "xlsx":
        response = HttpResponse(book.to_xlsx(result), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if data["format"] == "pdf":
        response = HttpResponse(book.to_pdf(result), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return render(
        request,
        "dossiers/book_page.html",
        {"form": form, "book": result, "headers": book.HEADERS, "query": request.GET.urlencode()},
    )
