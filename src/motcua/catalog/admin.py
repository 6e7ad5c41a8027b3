from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.catalog import decision_document, selectors, services, xlsx
from motcua.catalog.models import (
    DecisionItem,
    Fee,
    Field,
    FollowUpDuty,
    ImportJob,
    InternalProcess,
    Procedure,
    ProcedureVersion,
    ProcessSegment,
    ProcessStep,
    PublicationDecision,
    RequiredDocument,
    SearchSynonym,
    TimeLimit,
)
from motcua.catalog.services import documents
from motcua.core.errors import DomainError


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """The control office's table of everyday words for the search (docs/adr/0019)."""

    list_display = ["phrase", "means", "note"]
    search_fields = ["phrase", "means"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


VERSION_COLUMNS = ("number", "source", "status", "effective_from", "effective_to", "name")


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = readonly_fields = VERSION_COLUMNS
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # versions come from imports and decisions, never by hand


class NationalImportForm(forms.Form):
    file = forms.FileField(
        label=_("National portal records (.jsonl or .jsonl.gz)"),
        help_text=_("One JSON object a line, as exported from the national procedure database."),
    )


class AnnexImportForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=100)
    title = forms.CharField(label=_("Title"), required=False)
    file = forms.FileField(
        label=_("Annex (.xlsx)"),
        help_text=_(
            "Columns: STT, Mã TTHC, Tên TTHC, Lĩnh vực, Cơ quan thực hiện, Hình thức "
            "[, Mã TTHC thay thế]."
        ),
    )


class DocumentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Signed decision (.docx, or .pdf with text)"),
        help_text=_(
            "The decision and its annexes as signed: the number, date, signer, follow-up duties "
            "and every annex row are read; nothing is stored until you confirm."
        ),
    )


class RowResolveForm(forms.Form):
    order = forms.IntegerField(min_value=1)
    code = forms.CharField(label=_("National code"), max_length=40, required=False)
    agency = forms.CharField(label=_("Agency identifier code"), max_length=20, required=False)
    drop = forms.BooleanField(required=False)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionInline]
    change_list_template = "admin/catalog/procedure/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_procedure_import",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_job_view),
                name="catalog_procedure_import_job",
            ),
            path(
                "import/<int:pk>/status/",
                self.admin_site.admin_view(self.import_status_view),
                name="catalog_procedure_import_status",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload national records: the file is kept and imported in the background; the job's
        page follows its progress."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = NationalImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = services.start_import(form.cleaned_data["file"], user=request.user)
            except DomainError as err:
                form.add_error("file", err.message)
            else:
                return redirect("admin:catalog_procedure_import_job", pk=job.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "jobs": ImportJob.objects.select_related("created_by")[:10],
            "title": _("Import national procedure records"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/import.html", context)

    def import_job_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "job": job,
            "title": _("Import of %(name)s") % {"name": job.name},
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/import_job.html", context)

    def import_status_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        return JsonResponse(
            {
                "state": job.state,
                "state_label": job.get_state_display(),
                "done_lines": job.done_lines,
                "total_lines": job.total_lines,
                "percent": job.percent,
                "finished": job.finished,
            }
        )


class DocumentInline(admin.TabularInline):
    """The documents of a version; only the form template file can be attached here (the list
    itself changes by publication decisions)."""

    model = RequiredDocument
    fields = ["order", "group", "name", "originals", "copies", "required", "form_name", "form_file"]
    readonly_fields = ["order", "group", "name", "originals", "copies", "required", "form_name"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class TimeLimitForm(forms.ModelForm):
    class Meta:
        model = TimeLimit
        fields = ["channel", "sub_case", "value", "unit", "text", "description"]

    def clean(self):
        data = super().clean()
        if data.get("value") is not None and not data.get("unit"):
            self.add_error("unit", _("A time limit with a number needs its unit."))
        return data


class PendingOnlyInline(admin.TabularInline):
    """Children a draft decision may still correct (the province's own time limits per way of
    submitting and sub-case, its local fees); read-only once the version is published."""

    extra = 0

    def _pending(self, obj) -> bool:
        return obj is not None and obj.status == ProcedureVersion.Status.PENDING

    def has_add_permission(self, request, obj=None) -> bool:
        return self._pending(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._pending(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._pending(obj) and super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return True


class TimeLimitInline(PendingOnlyInline):
    model = TimeLimit
    form = TimeLimitForm
    fields = ["channel", "sub_case", "value", "unit", "text", "description"]


class FeeInline(PendingOnlyInline):
    model = Fee
    fields = ["channel", "amount", "currency", "text"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    """History is never rewritten: published versions are read-only; pending ones (in a draft
    decision) may be corrected before signing."""

    list_display = [
        "procedure",
        "number",
        "source",
        "status",
        "effective_from",
        "effective_to",
        "name",
    ]
    list_filter = ["source", "status", "online"]
    search_fields = ["procedure__code", "name"]
    autocomplete_fields = ["field", "agencies"]
    exclude = ["raw"]
    inlines = [TimeLimitInline, FeeInline, DocumentInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == ProcedureVersion.Status.PUBLISHED:
            return [f.name for f in self.model._meta.fields if f.name != "raw"]
        return [
            "procedure",
            "number",
            "status",
            "source",
            "effective_from",
            "effective_to",
            "flags",
        ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = DecisionItem
    fields = readonly_fields = ("order", "action", "procedure", "successor", "note")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # items are added through the API or the annex import (services.add_item)


class DutyInline(admin.TabularInline):
    model = FollowUpDuty
    fields = ["kind", "due_at", "done_at", "note"]
    readonly_fields = ["kind", "due_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublicationDecision)
class PublicationDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "state", "signed_on", "effective_from", "item_count"]
    list_filter = ["state", ("signed_on", admin.DateFieldListFilter)]
    search_fields = ["number", "title"]
    date_hierarchy = "signed_on"
    inlines = [ItemInline, DutyInline]
    actions = ["sign"]
    fields = [
        "number",
        "title",
        "state",
        "signed_on",
        "effective_from",
        "signer",
        "legal_basis",
        "issuer",
        "dated_on",
        "authority",
        "place",
        "signer_title",
        "recipients",
        "pdf",
        "annex",
        "document",
        "duties_in_text",
        "rows_to_resolve",
    ]
    change_list_template = "admin/catalog/publicationdecision/change_list.html"

    @admin.display(description=_("decision document"))
    def document(self, obj: PublicationDecision) -> str:
        if obj.pk is None:
            return "–"
        links = [
            format_html(
                '<a href="{}">{}</a>',
                reverse("admin:catalog_publicationdecision_document", args=[obj.pk, fmt]),
                label,
            )
            for fmt, label in (("docx", _("Word (DOCX)")), ("pdf", "PDF"))
        ]
        if obj.source_document:
            links.append(format_html('<a href="{}">{}</a>', obj.source_document.url, _("as read")))
        return format_html(" · ".join(["{}"] * len(links)), *links)

    @admin.display(description=_("follow-up duties in the text"))
    def duties_in_text(self, obj: PublicationDecision) -> str:
        if not obj.follow_up:
            return "–"
        labels = dict(FollowUpDuty.Kind.choices)
        parts = []
        for duty in obj.follow_up:
            label = str(labels.get(duty.get("kind"), duty.get("kind")))
            if duty.get("days"):
                unit = _("working days") if duty.get("unit") != "days" else _("days")
                label += f" ({duty['days']} {unit})"
            parts.append(label)
        return "; ".join(parts)

    @admin.display(description=_("rows to resolve"))
    def rows_to_resolve(self, obj: PublicationDecision) -> str:
        if obj.pk is None or not obj.unresolved:
            return "–"
        url = reverse("admin:catalog_publicationdecision_rows", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("%(count)s row(s) of the document to resolve before signing")
            % {"count": len(obj.unresolved)},
        )

    @admin.display(description=_("annex (XLSX)"))
    def annex(self, obj: PublicationDecision) -> str:
        if obj.pk is None:
            return "–"
        url = reverse("api:decision-annex", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the annex"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import-annex/",
                view(self.import_annex_view),
                name="catalog_publicationdecision_import",
            ),
            path(
                "import-document/",
                view(self.import_document_view),
                name="catalog_publicationdecision_import_document",
            ),
            path(
                "<int:pk>/rows/",
                view(self.rows_view),
                name="catalog_publicationdecision_rows",
            ),
            path(
                "<int:pk>/document.<str:fmt>",
                view(self.document_view),
                name="catalog_publicationdecision_document",
            ),
            *super().get_urls(),
        ]

    def import_document_view(self, request):
        """Upload the signed decision, see how each row was read and matched, correct codes,
        then confirm: only the confirmation writes the draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DocumentImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Import a decision from its document"),
            "opts": self.model._meta,
        }
        token = request.POST.get("token", "")
        try:
            if request.method == "POST" and token:
                data, name, staged = documents.staged_upload(token, user_id=request.user.pk)
                read = documents.read_document(data, name)
                fixes = {
                    row.order: request.POST.get(f"code-{row.order}", "").strip()
                    for row in read.rows
                    if request.POST.get(f"code-{row.order}", "").strip()
                }
                if "confirm" in request.POST:
                    decision = documents.create_draft(
                        read, fixes=fixes, filename=name, data=data, by=request.user
                    )
                    default_storage.delete(staged)
                    self.message_user(
                        request,
                        _(
                            "Draft decision %(number)s created with %(count)s procedures; "
                            "%(rows)s row(s) to resolve before signing."
                        )
                        % {
                            "number": decision.number,
                            "count": decision.items.count(),
                            "rows": len(decision.unresolved),
                        },
                    )
                    return redirect("admin:catalog_publicationdecision_change", decision.pk)
                context.update(self._preview(read, fixes, token))
            elif request.method == "POST" and form.is_valid():
                upload = form.cleaned_data["file"]
                data, read = documents.read_upload(upload)
                token = documents.stage_upload(data, upload.name, user_id=request.user.pk)
                context.update(self._preview(read, {}, token))
        except DomainError as err:
            context["errors"] = err
        return TemplateResponse(
            request, "admin/catalog/publicationdecision/import_document.html", context
        )

    def _preview(self, read, fixes: dict[int, str], token: str) -> dict:
        checks = documents.check(read, fixes)
        return {
            "read": read,
            "checks": checks,
            "summary": documents.summary(read, checks),
            "token": token,
            "blocking": sum(1 for c in checks if c.blocking),
        }

    def rows_view(self, request, pk: int):
        """The rows of an imported document that did not become items: give the code, or drop."""
        decision = get_object_or_404(PublicationDecision, pk=pk)
        if not self.has_change_permission(request, decision):
            raise PermissionDenied
        errors = None
        if request.method == "POST":
            form = RowResolveForm(request.POST)
            if form.is_valid():
                try:
                    documents.resolve_row(
                        decision,
                        form.cleaned_data["order"],
                        code=form.cleaned_data["code"],
                        agency=form.cleaned_data["agency"],
                        drop=form.cleaned_data["drop"],
                    )
                except DomainError as err:
                    errors = err
                else:
                    self.message_user(request, _("Row resolved."))
                    return redirect("admin:catalog_publicationdecision_rows", pk)
            else:
                errors = DomainError(_("Check the row and the code."), code="invalid")
        decision.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            "decision": decision,
            "rows": decision.unresolved,
            "errors": errors,
            "title": _("Rows to resolve: %(number)s") % {"number": decision.number},
            "opts": self.model._meta,
            "signed": decision.state == PublicationDecision.State.SIGNED,
        }
        return TemplateResponse(request, "admin/catalog/publicationdecision/rows.html", context)

    def document_view(self, request, pk: int, fmt: str):
        decision = get_object_or_404(PublicationDecision, pk=pk)
        if not self.has_view_permission(request, decision) or fmt not in ("docx", "pdf"):
            raise PermissionDenied
        return decision_document.document_response(decision, fmt)

    def import_annex_view(self, request):
        """A draft decision from an annex spreadsheet: all rows or none."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AnnexImportForm(request.POST or None, request.FILES or None)
        errors = None
        if request.method == "POST" and form.is_valid():
            try:
                decision = xlsx.import_annex(
                    form.cleaned_data["file"].read(),
                    number=form.cleaned_data["number"],
                    title=form.cleaned_data["title"],
                    created_by=request.user,
                )
            except DomainError as err:
                errors = err
            else:
                self.message_user(
                    request,
                    _("Draft decision %(number)s created with %(count)s procedures.")
                    % {"number": decision.number, "count": decision.items.count()},
                )
                return redirect("admin:catalog_publicationdecision_change", decision.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "errors": errors,
            "title": _("Import a decision annex"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/catalog/import.html", context)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state == PublicationDecision.State.SIGNED:
            return [*self.fields]
        return [
            "state",
            "effective_from",
            "annex",
            "document",
            "duties_in_text",
            "rows_to_resolve",
        ]

    @admin.display(description=_("procedures"))
    def item_count(self, obj: PublicationDecision) -> int:
        return obj.items.count()

    @admin.action(description=_("Sign and apply the selected draft decisions"))
    def sign(self, request, queryset) -> None:
        for decision in queryset.filter(state=PublicationDecision.State.DRAFT):
            try:
                services.sign_decision(
                    decision,
                    signed_on=decision.signed_on or timezone.localdate(),
                    signer=decision.signer,
                    by=request.user,
                )
            except DomainError as err:
                detail = "; ".join(m for ms in err.fields.values() for m in ms)
                self.message_user(
                    request, f"{decision.number}: {err.message} {detail}", messages.ERROR
                )
            else:
                self.message_user(
                    request, _("%(number)s signed and applied.") % {"number": decision.number}
                )


def _posted_segments(data, prefix: str = "segments") -> list[tuple[int, int, Decimal]]:
    """The shared budgets posted with the steps (their own inline), as (first, last, days)."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return []
    found = []
    for index in range(min(total, 200)):
        key = f"{prefix}-{index}"
        if data.get(f"{key}-DELETE"):
            continue
        try:
            first, last = int(data.get(f"{key}-first")), int(data.get(f"{key}-last"))
            days = Decimal(data.get(f"{key}-days"))
        except (TypeError, ValueError, ArithmeticError):
            continue
        found.append((first, last, days))
    return found


class StepFormSet(BaseInlineFormSet):
    """Checked on save: the counted steps, and the shared budgets in place of their steps, add
    up exactly to the legal time limit."""

    def clean(self) -> None:
        super().clean()
        process: InternalProcess = self.instance
        if any(self.errors) or not process.procedure_id or not process.effective_from:
            return
        segments = _posted_segments(self.data)
        inside = {n for first, last, _days in segments for n in range(first, last + 1)}
        total = sum((days for _first, _last, days in segments), Decimal(0))
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("counted", True):
                continue
            if data.get("order") in inside:
                continue
            total += (data.get("days") or Decimal(0)) + (data.get("hours") or Decimal(0)) / 8
        version = selectors.version_in_force(process.procedure, process.effective_from)
        legal = services.legal_limit_days(version, process.channel) if version else None
        if legal is not None and total != legal:
            raise ValidationError(
                _(
                    "The counted steps add up to %(total)s working days; the legal limit is "
                    "%(legal)s."
                )
                % {"total": f"{total.normalize():f}", "legal": f"{legal.normalize():f}"}
            )


class SegmentInline(admin.TabularInline):
    model = ProcessSegment
    extra = 0
    fields = ["first", "last", "days", "agency", "actor"]
    autocomplete_fields = ["agency"]


class StepInline(admin.TabularInline):
    model = ProcessStep
    formset = StepFormSet
    extra = 0
    fields = ["order", "agency", "actor", "role", "action", "output", "days", "hours", "counted"]
    autocomplete_fields = ["agency"]


@admin.register(InternalProcess)
class InternalProcessAdmin(admin.ModelAdmin):
    list_display = [
        "procedure",
        "agency",
        "channel",
        "number",
        "effective_from",
        "effective_to",
        "approval_decision",
    ]
    list_filter = ["channel"]
    search_fields = ["procedure__code", "agency__name"]
    autocomplete_fields = ["procedure", "agency"]
    inlines = [StepInline, SegmentInline]


@admin.register(FollowUpDuty)
class FollowUpDutyAdmin(admin.ModelAdmin):
    list_display = ["decision", "kind", "due_at", "done_at", "late"]
    list_filter = ["kind", ("done_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["decision", "kind", "due_at", "calendar_version"]

    @admin.display(boolean=True, description=_("late"))
    def late(self, obj: FollowUpDuty) -> bool:
        return obj.is_late
