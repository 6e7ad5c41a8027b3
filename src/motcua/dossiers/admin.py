"""Dossiers in the admin: to look, never to edit — a dossier changes only through the one-stop
shop's actions, and its history is its journal."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.regimes import REGIMES
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierStep


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fields = ["name", "originals", "copies", "scan_exemption"]


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = [
        "order",
        "agency",
        "actor",
        "assignee",
        "started_at",
        "due_at",
        "finished_at",
        "outcome",
    ]


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["sequence", "at", "actor", "action", "from_state", "to_state", "due_after", "note"]


class RegimeFilter(admin.SimpleListFilter):
    """The legal regimes the code knows: Django's own filter would read every dossier for the
    distinct values."""

    title = _("legal regime")
    parameter_name = "regime"

    def lookups(self, request, model_admin):
        return [(regime.key, regime.name) for regime in REGIMES]

    def queryset(self, request, queryset):
        return queryset.filter(regime=self.value()) if self.value() else queryset


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "applicant_name",
        "state",
        "receiving_agency",
        "received_at",
        "due_at",
        "late",
    ]
    list_filter = ["state", "late", "channel", RegimeFilter]
    search_fields = ["code", "applicant_name", "id_number"]
    list_select_related = ["receiving_agency"]
    inlines = [DocumentInline, StepInline, EventInline]
    show_full_result_count = False  # no COUNT(*) over millions of rows on every page

    def get_search_results(self, request, queryset, search_term):
        """The one-stop shop's search: a code, an ID number, or words of the applicant's name
        without accents ("nguyen" finds "Nguyễn") on the folded names' index — not a
        case-insensitive scan of three columns that finds no "Nguyễn" for "nguyen"."""
        if not search_term.strip():
            return queryset, False
        return selectors.search(queryset, q=search_term), False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
